import { describe, expect, it } from "vitest";
import { api } from "./support/http";
import { waitForRequests } from "./support/receiver";
import { feedWithToken, SAMPLE_ARTICLE } from "./support/seed";
import { subscribe, verifyDelivery } from "./support/webhooks";

describe("webhook delivery", () => {
  it("delivers a signed article.published for the sample article, verified by standardwebhooks", async () => {
    const { slug, token } = await feedWithToken();
    const { secret, receiverId } = await subscribe(slug, token);
    const created = (await (
      await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE })
    ).json()) as {
      id: string;
    };
    const [request] = await waitForRequests(receiverId, (r) => r.length >= 1);
    expect(request?.method).toBe("POST");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]{32}$/);
    const payload = verifyDelivery(request as NonNullable<typeof request>, secret);
    expect(payload.type).toBe("article.published");
    expect(payload.data.id).toBe(created.id);
    expect(payload.data.title).toBe(SAMPLE_ARTICLE.title);
  });
});
