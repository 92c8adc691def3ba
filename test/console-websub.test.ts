import { describe, expect, it } from "vitest";
import { publish } from "./support/articles";
import { consoleFetch, consolePage, signIn } from "./support/console";
import { drained } from "./support/drain";
import { api } from "./support/http";
import { createFeed, createToken } from "./support/seed";
import { subscribed, topicOf } from "./support/websub";

describe("WebSub in the console", () => {
  it("lists a feed's subscribers with topic, callback, state, lease and latest push, and each one's pushes", async () => {
    const slug = await createFeed();
    const writer = await createToken({ role: "write", feeds: [slug] });
    const callback = await subscribed(slug, { "hub.lease_seconds": String(5 * 86_400) });
    await publish(slug, writer);
    await drained(slug);
    const reader = await signIn(await createToken({ role: "read", feeds: [slug] }));
    const list = await consolePage(`/console/feeds/${slug}/websub`, reader);
    expect(list).toContain(callback.url);
    expect(list).toContain(topicOf(slug));
    expect(list).toContain('<span class="badge succeeded">Active</span>');
    expect(list).toMatch(/Lease until \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(list).toMatch(/<span class="badge succeeded">succeeded<\/span>/);

    const id = (
      (await (await api(`/v1/feeds/${slug}/websub`, { token: writer })).json()) as { items: { id: string }[] }
    ).items[0]?.id as string;
    const pushes = await consolePage(`/console/feeds/${slug}/websub/${id}`, reader);
    expect(pushes).toContain("Recent pushes");
    expect(pushes).toContain("<code>article.published</code>");
    expect(pushes).toMatch(/<td class="num" data-label="Answer">2\d\d<\/td>/);
    expect(pushes).toContain("(5 days granted)");
    expect(pushes).not.toContain("Redeliver");
  });

  it("is closed to a token scoped to another feed, and an unknown subscriber is a 404", async () => {
    const slug = await createFeed();
    const stranger = await signIn(await createToken({ role: "read", feeds: [await createFeed()] }));
    expect((await consoleFetch(`/console/feeds/${slug}/websub`, { browser: stranger })).status).toBe(403);
    const reader = await signIn(await createToken({ role: "read", feeds: [slug] }));
    expect(await consolePage(`/console/feeds/${slug}/websub`, reader)).toContain("No subscriber yet.");
    expect(
      (await consoleFetch(`/console/feeds/${slug}/websub/sub_${"0".repeat(24)}`, { browser: reader })).status,
    ).toBe(404);
    expect((await consoleFetch(`/console/feeds/${slug}/websub/nonsense`, { browser: reader })).status).toBe(
      404,
    );
  });
});
