import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { replayDeliveries } from "../src/db/replay-deliveries";
import { publish } from "./support/articles";
import { drained } from "./support/drain";
import { api } from "./support/http";
import type { ReceivedRequest } from "./support/received-request";
import { receivedBy, waitForRequests } from "./support/receiver";
import { feedWithToken } from "./support/seed";
import { subscribe, verifyDelivery } from "./support/webhooks";

const LONG_AGO = "2000-01-01T00:00:00Z";

async function replay(slug: string, token: string, endpointId: string, since = LONG_AGO) {
  const response = await api(`/v1/feeds/${slug}/webhooks/${endpointId}/replay`, {
    token,
    body: { since, include_succeeded: true },
  });
  expect(response.status).toBe(202);
  return (await response.json()) as { queued: number; next_since: string | null };
}

function summary(request: ReceivedRequest, secret: string) {
  const payload = verifyDelivery(request, secret);
  return { id: request.headers["webhook-id"], type: payload.type, title: payload.data.title };
}

describe.concurrent("webhook replay reaches only what was addressed to the endpoint", () => {
  it("sends an endpoint nothing about articles published before it subscribed", async () => {
    const { slug, token } = await feedWithToken();
    const early = await subscribe(slug, token);
    await publish(slug, token, { title: "One" });
    await publish(slug, token, { title: "Two" });
    await waitForRequests(early.receiverId, (r) => r.length >= 2);
    await drained(slug);

    const late = await subscribe(slug, token);
    expect(await replay(slug, token, late.endpoint.id)).toEqual({ queued: 0, next_since: null });
    await publish(slug, token, { title: "Three" });
    await drained(slug);
    expect(await replay(slug, token, late.endpoint.id)).toEqual({ queued: 1, next_since: null });
    await drained(slug);

    const received = (await receivedBy(late.receiverId)).map((r) => summary(r, late.secret));
    expect(received.map((r) => r.title)).toEqual(["Three", "Three"]);
    expect(new Set(received.map((r) => r.id)).size).toBe(1);
  });

  it("replays an article deleted since as its deletion, once, never as its content", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, secret, receiverId } = await subscribe(slug, token);
    const gone = await publish(slug, token, { title: "Gone", content_html: "<p>retracted words</p>" });
    const path = `/v1/feeds/${slug}/articles/${gone.id}`;
    const patched = await api(path, {
      method: "PATCH",
      token,
      body: { content_html: "<p>more retracted words</p>" },
      headers: { "content-type": "application/merge-patch+json" },
    });
    expect(patched.status).toBe(200);
    expect((await api(path, { method: "DELETE", token })).status).toBe(204);
    await publish(slug, token, { title: "Kept", content_html: "<p>still here</p>" });
    const live = await waitForRequests(receiverId, (r) => r.length >= 4);
    await drained(slug);
    const deletion = live.map((r) => summary(r, secret)).find((r) => r.type === "article.deleted");

    expect(await replay(slug, token, endpoint.id)).toEqual({ queued: 2, next_since: null });
    await drained(slug);
    const replayed = (await receivedBy(receiverId)).slice(live.length);
    expect(replayed.map((r) => summary(r, secret)).sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { id: deletion?.id, type: "article.deleted", title: "Gone" },
      { id: expect.any(String), type: "article.published", title: "Kept" },
    ]);
    for (const request of replayed) expect(request.body).not.toContain("retracted");
  });

  it("replays the event types the endpoint's events filter selected when each event was created", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, secret, receiverId } = await subscribe(slug, token);
    const article = await publish(slug, token, { title: "Filtered" });
    const patched = await api(`/v1/feeds/${slug}/articles/${article.id}`, {
      method: "PATCH",
      token,
      body: { summary: "Changed" },
      headers: { "content-type": "application/merge-patch+json" },
    });
    expect(patched.status).toBe(200);
    const live = await waitForRequests(receiverId, (r) => r.length >= 2);
    await drained(slug);
    const narrowed = await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}`, {
      method: "PATCH",
      token,
      body: { events: ["article.updated"] },
    });
    expect(narrowed.status).toBe(200);
    await publish(slug, token, { title: "Published after narrowing" });
    await drained(slug);

    expect(await replay(slug, token, endpoint.id)).toEqual({ queued: 2, next_since: null });
    await drained(slug);
    const replayed = (await receivedBy(receiverId)).slice(live.length).map((r) => summary(r, secret));
    expect(replayed.map((r) => `${r.type} ${r.title}`).sort()).toEqual([
      "article.published Filtered",
      "article.updated Filtered",
    ]);
  });

  it("reaches at most its limit of events, oldest first, and says where the next replay starts", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint } = await subscribe(slug, token);
    // Held, so nothing is sent: this is about which deliveries a replay creates.
    const held = await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}`, {
      method: "PATCH",
      token,
      body: { paused: true },
    });
    expect(held.status).toBe(200);
    const row = await env.DB.prepare(
      "SELECT id, feed_id, created_at FROM webhook_endpoints WHERE public_id = ?",
    )
      .bind(endpoint.id)
      .first<{ id: number; feed_id: number; created_at: number }>();
    const {
      id: endpointRowId,
      feed_id: feedRowId,
      created_at: subscribedAt,
    } = row as NonNullable<typeof row>;
    const times = [1, 2, 3, 4, 5].map((n) => subscribedAt + n);
    await env.DB.batch(
      times.map((t) =>
        env.DB.prepare(
          `INSERT INTO events (public_id, feed_id, type, article_public_id, payload, created_at, fanned_out_at)
           VALUES (?, ?, 'article.updated', ?, '{}', ?, ?)`,
        ).bind(`msg_${crypto.randomUUID().replace(/-/g, "")}`, feedRowId, crypto.randomUUID(), t, t),
      ),
    );
    const options = { includeSucceeded: false, nowMs: Date.now(), limit: 2 };
    const pages = [];
    for (let sinceMs: number | null = 0; sinceMs !== null; ) {
      const page = await replayDeliveries(env.DB, endpointRowId, { ...options, sinceMs });
      pages.push(page.deliveryIds.length);
      sinceMs = page.nextSinceMs;
    }
    expect(pages).toEqual([2, 2, 1]);
    const { results } = await env.DB.prepare(
      `SELECT ev.created_at FROM deliveries d JOIN events ev ON ev.id = d.event_id
       WHERE d.endpoint_id = ? ORDER BY ev.created_at`,
    )
      .bind(endpointRowId)
      .all<{ created_at: number }>();
    expect(results.map((r) => r.created_at)).toEqual(times);
  });
});
