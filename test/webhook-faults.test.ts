import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { findFeedBySlug } from "../src/db/feeds";
import { sweepDeliveries } from "../src/delivery/sweep";
import { prepareCreateArticle } from "../src/services/article-writes";
import { publish } from "./support/articles";
import { consume, deliveriesOf, drained, runCron } from "./support/drain";
import { api } from "./support/http";
import { receivedBy, waitForRequests } from "./support/receiver";
import { feedWithToken } from "./support/seed";
import {
  type DeliveryLog,
  type EndpointBody,
  subscribe,
  verifyDelivery,
  waitForLog,
} from "./support/webhooks";

// Each test waits on real retries against its own receiver path, so they run side by side.
describe.concurrent("webhook retries and faults", () => {
  it("retries a receiver that fails three times, with the same webhook-id, until it succeeds", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, secret, receiverId } = await subscribe(slug, token, "fail-3");
    await publish(slug, token);
    const requests = await waitForRequests(receiverId, (r) => r.some((x) => x.answeredWith === 200));
    expect(requests.map((r) => r.answeredWith)).toEqual([500, 500, 500, 200]);
    expect(new Set(requests.map((r) => r.headers["webhook-id"])).size).toBe(1);
    for (const request of requests) expect(verifyDelivery(request, secret).type).toBe("article.published");
    const log = await waitForLog(slug, token, endpoint.id, (l) => l.items[0]?.status === "succeeded");
    expect(log.items[0]?.attempts).toBe(4);
    expect(log.items[0]?.attempt_log.map((a) => a.response_status)).toEqual([500, 500, 500, 200]);
  });

  it("times out a slow receiver and retries", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token, "slow-1");
    await publish(slug, token);
    const log = await waitForLog(slug, token, endpoint.id, (l) => l.items[0]?.status === "succeeded");
    expect(log.items[0]?.attempt_log[0]?.error).toMatch(/no response within/);
    expect(log.items[0]?.attempt_log[1]?.response_status).toBe(200);
    expect((await receivedBy(receiverId)).length).toBe(2);
  });

  it("honours 429 with Retry-After and then delivers", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token, "throttle-1");
    await publish(slug, token);
    await waitForLog(slug, token, endpoint.id, (l) => l.items[0]?.status === "succeeded");
    expect((await receivedBy(receiverId)).map((r) => r.answeredWith)).toEqual([429, 200]);
  });

  it("disables an endpoint that answers 410 Gone and says why", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token, "gone");
    await publish(slug, token);
    await waitForLog(slug, token, endpoint.id, (l) => l.items[0]?.status === "dead");
    const after = (await (
      await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}`, { token })
    ).json()) as EndpointBody;
    expect(after.disabled?.reason).toMatch(/410/);
    await publish(slug, token, { title: "After disable" });
    await drained(slug);
    // Its delivery is held: even handed straight to the consumer, it is neither attempted nor sent.
    const held = (await deliveriesOf(slug)).filter((d) => d.status === "pending");
    expect(held).toEqual([expect.objectContaining({ attempts: 0, endpoint: endpoint.id })]);
    await consume(held.map((d) => ({ kind: "deliver", deliveryId: d.id })));
    expect((await deliveriesOf(slug)).filter((d) => d.status === "pending")).toEqual(held);
    expect((await receivedBy(receiverId)).length).toBe(1);
  });

  it("disables an endpoint that has failed for five days straight, and says why", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint } = await subscribe(slug, token, "fail-100");
    const sixDaysAgo = Date.now() - 6 * 24 * 3600 * 1000;
    await env.DB.prepare("UPDATE webhook_endpoints SET first_failure_at = ? WHERE public_id = ?")
      .bind(sixDaysAgo, endpoint.id)
      .run();
    await publish(slug, token);
    await waitForLog(slug, token, endpoint.id, (l) => (l.items[0]?.attempt_log.length ?? 0) >= 1);
    const after = (await (
      await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}`, { token })
    ).json()) as EndpointBody & {
      failing_since: string;
    };
    expect(after.disabled?.reason).toMatch(/5 days/);
    expect(new Date(after.failing_since).getTime()).toBe(sixDaysAgo);
  });

  it("never follows a redirect: a 3xx is a failed attempt", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint } = await subscribe(slug, token, "redirect");
    await publish(slug, token);
    const log = await waitForLog(slug, token, endpoint.id, (l) => (l.items[0]?.attempts ?? 0) >= 2);
    expect(log.items[0]?.attempt_log[0]?.response_status).toBe(302);
    expect(await receivedBy("redirected")).toEqual([]);
  });

  it("dead-letters after the last attempt and keeps it visible", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint } = await subscribe(slug, token, "fail-100");
    await publish(slug, token);
    const log = await waitForLog(slug, token, endpoint.id, (l) => l.items[0]?.status === "dead");
    expect(log.items[0]?.attempts).toBe(8);
    const dead = (await (
      await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/deliveries?status=dead`, { token })
    ).json()) as DeliveryLog;
    expect(dead.items).toHaveLength(1);
  });
});

/** Public ids of the feed's events still waiting for their fan-out. */
async function unfannedEvents(slug: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    `SELECT ev.public_id FROM events ev JOIN feeds f ON f.id = ev.feed_id
     WHERE f.slug = ? AND ev.fanned_out_at IS NULL ORDER BY ev.id`,
  )
    .bind(slug)
    .all<{ public_id: string }>();
  return results.map((r) => r.public_id);
}

// Sequential: the cron's sweep takes up whatever any test left waiting, so two sweeping tests must not overlap.
describe("the outbox never loses an event", () => {
  it("recovers with the cron sweep when the Worker died between commit and enqueue", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, secret, receiverId } = await subscribe(slug, token);
    // Commit an article and its outbox event exactly as the API does, but never hand it to the queue.
    const feed = await findFeedBySlug(env.DB, slug);
    const write = prepareCreateArticle(
      env.DB,
      feed as NonNullable<typeof feed>,
      { title: "Orphaned" },
      Date.now(),
    );
    await env.DB.batch(write.statements);
    // Two minutes later, as far as the sweep can tell (the endpoint already existed then).
    await env.DB.batch([
      env.DB.prepare("UPDATE events SET created_at = created_at - 120000 WHERE public_id = ?").bind(
        write.events?.[0],
      ),
      env.DB.prepare(
        "UPDATE webhook_endpoints SET created_at = created_at - 180000 WHERE public_id = ?",
      ).bind(endpoint.id),
    ]);
    // Nothing was queued: the event still waits for its fan-out, and without one there is no delivery to send.
    expect(await unfannedEvents(slug)).toEqual([write.events?.[0]]);
    expect(await deliveriesOf(slug)).toEqual([]);
    await runCron();
    const [request] = await waitForRequests(receiverId, (r) => r.length >= 1);
    expect(request?.headers["webhook-id"]).toBe(write.events?.[0]);
    expect(verifyDelivery(request as NonNullable<typeof request>, secret).data.title).toBe("Orphaned");
  });

  it("rolls the whole batch back when one outbox statement fails (local D1 really does)", async () => {
    const { slug } = await feedWithToken();
    const feed = await findFeedBySlug(env.DB, slug);
    const write = prepareCreateArticle(
      env.DB,
      feed as NonNullable<typeof feed>,
      { title: "Rolled back" },
      Date.now(),
    );
    const failing = env.DB.prepare(
      "INSERT INTO events (public_id, feed_id, type, payload, created_at) VALUES ('x', 1, 'bogus', '{}', 0)",
    );
    await expect(env.DB.batch([...write.statements, failing])).rejects.toThrow();
    const count = await env.DB.prepare(
      "SELECT count(*) AS n FROM articles WHERE title = 'Rolled back'",
    ).first("n");
    expect(count).toBe(0);
    const events = await env.DB.prepare("SELECT count(*) AS n FROM events WHERE public_id = ?")
      .bind(write.events?.[0])
      .first("n");
    expect(events).toBe(0);
  });

  it("announces a future-dated article when its time comes, not when it is stored", async () => {
    const { slug, token } = await feedWithToken();
    const { secret, receiverId } = await subscribe(slug, token);
    const liveAt = Date.now() + 3_600_000;
    const article = await publish(slug, token, {
      title: "Scheduled",
      date_published: new Date(liveAt).toISOString(),
    });
    await drained(slug);
    expect(await deliveriesOf(slug)).toEqual([]);
    expect(await receivedBy(receiverId)).toEqual([]);
    // The cron's sweep, run at chosen times (the scheduled handler always sweeps at the present).
    expect((await sweepDeliveries(env, liveAt - 1)).announced).toBe(0);
    expect((await sweepDeliveries(env, liveAt)).announced).toBe(1);
    expect((await sweepDeliveries(env, liveAt + 60_000)).announced).toBe(0);
    const [request] = await waitForRequests(receiverId, (r) => r.length >= 1);
    await drained(slug);
    expect((await receivedBy(receiverId)).length).toBe(1);
    const payload = verifyDelivery(request as NonNullable<typeof request>, secret);
    expect(payload.type).toBe("article.published");
    expect(payload.data).toMatchObject({ id: article.id, title: "Scheduled" });
  });

  it("delivers every event exactly once per id after dedupe, in the order of the changes", async () => {
    const { slug, token } = await feedWithToken();
    const { secret, receiverId } = await subscribe(slug, token, "fail-2");
    const article = await publish(slug, token);
    await api(`/v1/feeds/${slug}/articles/${article.id}`, {
      method: "PATCH",
      token,
      body: { title: "Edited" },
    });
    await api(`/v1/feeds/${slug}/articles/${article.id}`, { method: "DELETE", token });
    const requests = await waitForRequests(
      receiverId,
      (r) => new Set(r.filter((x) => x.answeredWith === 200).map((x) => x.headers["webhook-id"])).size >= 3,
    );
    const delivered = new Map<string, string>();
    for (const request of requests.filter((r) => r.answeredWith === 200)) {
      delivered.set(request.headers["webhook-id"] as string, verifyDelivery(request, secret).type);
    }
    expect([...delivered.values()].sort()).toEqual([
      "article.deleted",
      "article.published",
      "article.updated",
    ]);
    const events = await env.DB.prepare(
      "SELECT public_id, type FROM events WHERE article_public_id = ? ORDER BY id",
    )
      .bind(article.id)
      .all<{ public_id: string; type: string }>();
    expect(events.results.map((e) => e.type)).toEqual([
      "article.published",
      "article.updated",
      "article.deleted",
    ]);
    expect(new Set(delivered.keys())).toEqual(new Set(events.results.map((e) => e.public_id)));
  });
});
