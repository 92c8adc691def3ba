import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { publish } from "./support/articles";
import { consume, deliveriesOf, drained } from "./support/drain";
import { api, expectProblem, pointers } from "./support/http";
import { receivedBy, waitForRequests } from "./support/receiver";
import { createFeed, feedWithToken, SAMPLE_ARTICLE } from "./support/seed";
import { type EndpointBody, subscribe, verifyDelivery } from "./support/webhooks";

// Tests wait on real deliveries to their own receiver paths, so they run side by side.
describe.concurrent("webhook subscriptions", () => {
  it("returns the whsec_ secret once, on creation, and never again", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint } = await subscribe(slug, token, "ok", {
      description: "CMS",
      events: ["article.published"],
    });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint.events).toEqual(["article.published"]);
    const one = (await (
      await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}`, { token })
    ).json()) as EndpointBody;
    expect(one.secret).toBeUndefined();
    const list = (await (await api(`/v1/feeds/${slug}/webhooks`, { token })).json()) as {
      items: EndpointBody[];
    };
    expect(list.items.map((e) => e.id)).toEqual([endpoint.id]);
    expect(JSON.stringify(list)).not.toContain("whsec_");
  });

  it("refuses destinations Ferry must never call, naming the url field", async () => {
    const { slug, token } = await feedWithToken();
    const forbidden = [
      "http://169.254.169.254/latest/meta-data",
      "https://10.0.0.1/hook",
      "https://192.168.1.1/hook",
      "https://[::ffff:a9fe:a9fe]/hook",
      "https://0xa9fea9fe/hook",
      "https://metadata.google.internal/",
      "ftp://example.com/hook",
      "not a url",
    ];
    for (const url of forbidden) {
      const problem = await expectProblem(
        await api(`/v1/feeds/${slug}/webhooks`, { token, body: { url } }),
        422,
      );
      expect(pointers(problem), url).toEqual(["/url"]);
    }
    const list = (await (await api(`/v1/feeds/${slug}/webhooks`, { token })).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
  });

  it("validates the events filter", async () => {
    const { slug, token } = await feedWithToken();
    const problem = await expectProblem(
      await api(`/v1/feeds/${slug}/webhooks`, {
        token,
        body: { url: "https://example.com/h", events: ["article.eaten"] },
      }),
      422,
    );
    expect(pointers(problem)).toEqual(["/events/0"]);
  });

  it("stores the delivery options, changes them with PATCH and names a wrong one", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint } = await subscribe(slug, token, "options", {
      ordering: "fifo",
      rate_limit_per_second: 5,
    });
    expect(endpoint).toMatchObject({ ordering: "fifo", rate_limit_per_second: 5 });
    const url = `/v1/feeds/${slug}/webhooks/${endpoint.id}`;
    const patched = await api(url, { token, method: "PATCH", body: { rate_limit_per_second: null } });
    expect(await patched.json()).toMatchObject({ ordering: "fifo", rate_limit_per_second: null });
    const reset = await api(url, { token, method: "PATCH", body: { ordering: null } });
    expect(await reset.json()).toMatchObject({ ordering: "unordered", rate_limit_per_second: null });
    const bad = [
      [{ rate_limit_per_second: 0 }, "/rate_limit_per_second"],
      [{ rate_limit_per_second: 2.5 }, "/rate_limit_per_second"],
      [{ rate_limit_per_second: 1001 }, "/rate_limit_per_second"],
      [{ ordering: "lifo" }, "/ordering"],
    ] as const;
    for (const [body, pointer] of bad) {
      const problem = await expectProblem(await api(url, { token, method: "PATCH", body }), 422);
      expect(pointers(problem), JSON.stringify(body)).toEqual([pointer]);
    }
    const unchanged = (await (await api(url, { token })).json()) as EndpointBody;
    expect(unchanged).toMatchObject({ ordering: "unordered", rate_limit_per_second: null });
  });

  it("keeps tokens to their feeds and answers 404 for unknown endpoints", async () => {
    const { token } = await feedWithToken();
    const other = await createFeed();
    await expectProblem(
      await api(`/v1/feeds/${other}/webhooks`, { token, body: { url: "https://example.com/h" } }),
      403,
    );
    const { slug } = await feedWithToken();
    await expectProblem(await api(`/v1/feeds/${slug}/webhooks/ep_000000000000000000000000`, { token }), 403);
    const mine = await feedWithToken();
    await expectProblem(
      await api(`/v1/feeds/${mine.slug}/webhooks/ep_000000000000000000000000`, { token: mine.token }),
      404,
    );
  });

  it("delivers only the subscribed event types", async () => {
    const { slug, token } = await feedWithToken();
    const { secret, receiverId } = await subscribe(slug, token, "ok", { events: ["article.deleted"] });
    const article = await publish(slug, token);
    await api(`/v1/feeds/${slug}/articles/${article.id}`, { method: "DELETE", token });
    await drained(slug);
    const requests = await receivedBy(receiverId);
    expect(requests.map((r) => verifyDelivery(r, secret).type)).toEqual(["article.deleted"]);
  });

  it("signs with both secrets during a rotation, so receivers can switch over", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, secret: oldSecret, receiverId } = await subscribe(slug, token);
    const rotated = (await (
      await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/rotate-secret`, { method: "POST", token })
    ).json()) as EndpointBody;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(oldSecret);
    await publish(slug, token);
    const [request] = await waitForRequests(receiverId, (r) => r.length >= 1);
    const delivered = request as NonNullable<typeof request>;
    expect(delivered.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(verifyDelivery(delivered, oldSecret).type).toBe("article.published");
    expect(verifyDelivery(delivered, rotated.secret as string).type).toBe("article.published");
    expect(() =>
      new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").verify(delivered.body, {
        "webhook-id": delivered.headers["webhook-id"] as string,
        "webhook-timestamp": delivered.headers["webhook-timestamp"] as string,
        "webhook-signature": delivered.headers["webhook-signature"] as string,
      }),
    ).toThrow();
  });

  it("sends a webhook.test ping to one endpoint only", async () => {
    const { slug, token } = await feedWithToken();
    const target = await subscribe(slug, token);
    const bystander = await subscribe(slug, token);
    const response = await api(`/v1/feeds/${slug}/webhooks/${target.endpoint.id}/test`, {
      method: "POST",
      token,
    });
    expect(response.status).toBe(202);
    await drained(slug);
    const requests = await receivedBy(target.receiverId);
    expect(requests.map((r) => verifyDelivery(r, target.secret).type)).toEqual(["webhook.test"]);
    expect((await deliveriesOf(slug)).map((d) => d.endpoint)).toEqual([target.endpoint.id]);
    expect(await receivedBy(bystander.receiverId)).toEqual([]);
  });

  it("pauses: deliveries wait, and resuming sends them", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token);
    const path = `/v1/feeds/${slug}/webhooks/${endpoint.id}`;
    expect((await api(path, { method: "PATCH", token, body: { paused: true } })).status).toBe(200);
    await publish(slug, token);
    await drained(slug);
    // Held: even handed straight to the consumer, the delivery is neither attempted nor sent.
    const held = await deliveriesOf(slug);
    expect(held).toEqual([
      expect.objectContaining({ status: "pending", attempts: 0, endpoint: endpoint.id }),
    ]);
    await consume(held.map((d) => ({ kind: "deliver", deliveryId: d.id })));
    expect(await deliveriesOf(slug)).toEqual(held);
    expect(await receivedBy(receiverId)).toEqual([]);
    const resumed = (await (
      await api(path, { method: "PATCH", token, body: { paused: false } })
    ).json()) as EndpointBody;
    expect(resumed.paused).toBe(false);
    await waitForRequests(receiverId, (r) => r.length >= 1);
  });

  it("redelivers one delivery and replays everything since a time for a recovered endpoint", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token, "gone");
    const since = new Date(Date.now() - 1000).toISOString();
    await publish(slug, token, { title: "One" });
    // Its 410 disables the endpoint; once drained, no attempt is left that could disable it again later.
    await drained(slug);
    expect((await receivedBy(receiverId)).map((r) => r.answeredWith)).toEqual([410]);
    await publish(slug, token, { title: "Two" });
    await drained(slug);
    expect(await receivedBy(receiverId)).toHaveLength(1);
    // The endpoint moved: point it at a healthy receiver and lift the disable.
    const healthy = `${endpoint.url.split("/hooks/")[0]}/hooks/ok/${receiverId}-recovered`;
    await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}`, {
      method: "PATCH",
      token,
      body: { url: healthy, paused: false },
    });
    const replay = await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/replay`, { token, body: { since } });
    expect(replay.status).toBe(202);
    const recovered = await waitForRequests(
      `${receiverId}-recovered`,
      (r) => new Set(r.map((x) => x.headers["webhook-id"])).size >= 2,
    );
    const titles = recovered
      .map((r) => (JSON.parse(r.body) as { data: { title: string } }).data.title)
      .sort();
    expect([...new Set(titles)]).toEqual(["One", "Two"]);

    const log = (await (
      await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/deliveries?status=succeeded`, { token })
    ).json()) as {
      items: { id: string }[];
    };
    const first = log.items[0]?.id as string;
    const again = await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/deliveries/${first}/redeliver`, {
      method: "POST",
      token,
    });
    expect(again.status).toBe(202);
    await waitForRequests(`${receiverId}-recovered`, (r) => r.length >= recovered.length + 1);
  });

  it("stops delivering after DELETE", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token);
    expect((await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}`, { method: "DELETE", token })).status).toBe(
      204,
    );
    await publish(slug, token);
    await drained(slug);
    expect(await deliveriesOf(slug)).toEqual([]);
    expect(await receivedBy(receiverId)).toEqual([]);
    await expectProblem(await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}`, { token }), 404);
  });
});

describe("webhook delivery", () => {
  it("delivers a signed article.published for the sample article, verified by standardwebhooks", async () => {
    const { slug, token } = await feedWithToken();
    const { secret, receiverId } = await subscribe(slug, token);
    const created = await publish(slug, token);
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
