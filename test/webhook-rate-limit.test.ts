import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { publish } from "./support/articles";
import { drained } from "./support/drain";
import { api } from "./support/http";
import type { ReceivedRequest } from "./support/received-request";
import { receivedBy, waitForRequests } from "./support/receiver";
import { feedWithToken } from "./support/seed";
import { type deliveryLog, subscribe } from "./support/webhooks";

const LIMIT = 5;
const BURST = 16;
/** Sixteen at five a second take over three seconds; on a busy machine, queue delays stretch that a lot. */
const DELIVERED_WITHIN_MS = 40_000;

/** The most of these times (epoch ms) that fall within any one second. */
/** The most times that fall in any window of `windowMs` (a second by default). */
function busiestSecond(times: number[], windowMs = 1000): number {
  return Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + windowMs).length));
}

/**
 * What the limit means is when attempts start, by Ferry's clock (`starts`, checked to the millisecond). The
 * receiver's clock checks that independently, but two requests can take different times in transit on a
 * loaded machine; Ferry leaves 10 % of each second (100 ms) for that, so arrivals are counted over the
 * second less that margin.
 */
const ARRIVAL_WINDOW_MS = 900;
const busiestArrivalSecond = (requests: ReceivedRequest[]) =>
  busiestSecond(
    requests.map((r) => r.receivedAt),
    ARRIVAL_WINDOW_MS,
  );

const arrivals = (requests: ReceivedRequest[]) => requests.map((r) => r.receivedAt);

/** Every delivery went out once, on its first attempt, and was accepted: none dropped, none counted failed. */
async function expectEachDeliveredOnce(slug: string, token: string, endpointId: string, receiverId: string) {
  const requests = await receivedBy(receiverId);
  expect(requests).toHaveLength(BURST);
  expect(new Set(requests.map((r) => r.headers["webhook-id"])).size).toBe(BURST);
  const response = await api(`/v1/feeds/${slug}/webhooks/${endpointId}/deliveries?limit=100`, { token });
  const log = (await response.json()) as Awaited<ReturnType<typeof deliveryLog>>;
  expect(log.items).toHaveLength(BURST);
  for (const delivery of log.items) {
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(delivery.attempt_log.map((a) => a.response_status)).toEqual([200]);
  }
  // When each attempt started, by Ferry's clock (a rate-limited attempt's log time is its send).
  const starts = log.items.map((d) => Date.parse((d.attempt_log[0] as unknown as { at: string }).at));
  return { requests, starts };
}

describe.concurrent("per-endpoint rate limit", { timeout: 60_000 }, () => {
  it("spreads a burst of publishes so no second holds more attempts than the limit", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token, "ok", { rate_limit_per_second: LIMIT });
    // Each publish fans out on its own: the deliveries reach the consumer in many concurrent invocations.
    await Promise.all(
      Array.from({ length: BURST }, (_, i) => publish(slug, token, { title: `Burst ${i + 1}` })),
    );
    await waitForRequests(receiverId, (r) => r.length >= BURST, DELIVERED_WITHIN_MS);
    await drained(slug);
    const { requests, starts } = await expectEachDeliveredOnce(slug, token, endpoint.id, receiverId);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(LIMIT);
    expect(busiestArrivalSecond(requests)).toBeLessThanOrEqual(LIMIT);
    const times = arrivals(requests);
    // Sixteen at five a second cannot all go out in less than three seconds.
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(
      ((BURST - 1) * 1000) / LIMIT - 100,
    );
  });

  it("holds to the limit when a backlog is released at once, and sends it all", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token, "ok", { rate_limit_per_second: LIMIT });
    const path = `/v1/feeds/${slug}/webhooks/${endpoint.id}`;
    expect((await api(path, { method: "PATCH", token, body: { paused: true } })).status).toBe(200);
    for (let i = 1; i <= BURST; i += 1) await publish(slug, token, { title: `Backlog ${i}` });
    await drained(slug);
    // Resuming queues the whole backlog in one go.
    expect((await api(path, { method: "PATCH", token, body: { paused: false } })).status).toBe(200);
    await waitForRequests(receiverId, (r) => r.length >= BURST, DELIVERED_WITHIN_MS);
    await drained(slug);
    const { requests, starts } = await expectEachDeliveredOnce(slug, token, endpoint.id, receiverId);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(LIMIT);
    expect(busiestArrivalSecond(requests)).toBeLessThanOrEqual(LIMIT);
  });

  it("holds a FIFO endpoint to its limit too, in event order", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token, "ok", {
      rate_limit_per_second: LIMIT,
      ordering: "fifo",
    });
    const path = `/v1/feeds/${slug}/webhooks/${endpoint.id}`;
    expect((await api(path, { method: "PATCH", token, body: { paused: true } })).status).toBe(200);
    for (let i = 1; i <= BURST; i += 1) await publish(slug, token, { title: `In order ${i}` });
    await drained(slug);
    expect((await api(path, { method: "PATCH", token, body: { paused: false } })).status).toBe(200);
    await waitForRequests(receiverId, (r) => r.length >= BURST, DELIVERED_WITHIN_MS);
    await drained(slug);
    const { requests, starts } = await expectEachDeliveredOnce(slug, token, endpoint.id, receiverId);
    expect(busiestSecond(starts)).toBeLessThanOrEqual(LIMIT);
    expect(busiestArrivalSecond(requests)).toBeLessThanOrEqual(LIMIT);
    const { results } = await env.DB.prepare(
      "SELECT ev.public_id FROM events ev JOIN feeds f ON f.id = ev.feed_id WHERE f.slug = ? ORDER BY ev.id",
    )
      .bind(slug)
      .all<{ public_id: string }>();
    expect(requests.map((r) => r.headers["webhook-id"])).toEqual(results.map((r) => r.public_id));
  });

  it("leaves an endpoint without a limit to take a burst at once", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token, "ok");
    const path = `/v1/feeds/${slug}/webhooks/${endpoint.id}`;
    expect((await api(path, { method: "PATCH", token, body: { paused: true } })).status).toBe(200);
    for (let i = 1; i <= BURST; i += 1) await publish(slug, token, { title: `Unlimited ${i}` });
    await drained(slug);
    expect((await api(path, { method: "PATCH", token, body: { paused: false } })).status).toBe(200);
    await waitForRequests(receiverId, (r) => r.length >= BURST, DELIVERED_WITHIN_MS);
    await drained(slug);
    const { requests } = await expectEachDeliveredOnce(slug, token, endpoint.id, receiverId);
    expect(busiestSecond(arrivals(requests))).toBeGreaterThan(LIMIT);
  });
});
