import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { listDueDeliveryIds } from "../src/db/deliveries";
import { readDeliveryConfig } from "../src/delivery/delivery-config";
import { processDeliveries } from "../src/delivery/process-delivery";
import { publish } from "./support/articles";
import { unqueuedBacklog } from "./support/backlog";
import { consume } from "./support/drain";
import { api } from "./support/http";
import { receivedBy, switchReceiver } from "./support/receiver";
import { feedWithToken } from "./support/seed";
import { type EndpointBody, subscribe, waitForLog } from "./support/webhooks";

interface Circuit {
  state: "closed" | "open" | "half_open";
  consecutive_failures: number;
  opened_at: string | null;
  retry_at: string | null;
}

/** A long first cool-down, so that only the test moves time past it (by the `nowMs` it hands over). */
const COOLDOWN_MS = 600_000;
const config = { ...readDeliveryConfig(env), circuitCooldownMs: COOLDOWN_MS };

async function circuitOf(slug: string, token: string, endpointId: string): Promise<Circuit> {
  const response = await api(`/v1/feeds/${slug}/webhooks/${endpointId}`, { token });
  expect(response.status).toBe(200);
  return ((await response.json()) as EndpointBody & { circuit: Circuit }).circuit;
}

/** An endpoint's deliveries, oldest first, with their attempts so far. */
async function deliveriesTo(endpointId: string) {
  const { results } = await env.DB.prepare(
    `SELECT d.id, d.status, d.attempts FROM deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
     WHERE e.public_id = ? ORDER BY d.id`,
  )
    .bind(endpointId)
    .all<{ id: number; status: string; attempts: number }>();
  return results;
}

/** A `switch` receiver (answering 500) with `count` deliveries pending and nothing queued for them. */
async function failingEndpointWithBacklog(count: number) {
  const { slug, token } = await feedWithToken();
  const subscribed = await subscribe(slug, token, "switch");
  await unqueuedBacklog(slug, count);
  return { slug, token, ...subscribed, ids: (await deliveriesTo(subscribed.endpoint.id)).map((d) => d.id) };
}

describe("circuit breaker", () => {
  it("opens after five failures, holds deliveries without spending attempts, probes once, doubles, closes", async () => {
    const { slug, token, endpoint, receiverId, ids } = await failingEndpointWithBacklog(7);
    const startMs = Date.now();

    // Five failed attempts open the circuit; the failed deliveries come back when the cool-down ends.
    const tripped = await processDeliveries(env.DB, ids.slice(0, 5), config, startMs);
    for (const id of ids.slice(0, 5)) {
      const step = tripped.get(id);
      expect(step?.next === "again" && step.inSeconds).toBeGreaterThanOrEqual(COOLDOWN_MS / 1000 - 1);
    }
    const open = await circuitOf(slug, token, endpoint.id);
    expect(open).toMatchObject({ state: "open", consecutive_failures: 5 });
    const openedAt = Date.parse(open.opened_at as string);
    expect(Date.parse(open.retry_at as string) - openedAt).toBe(COOLDOWN_MS);

    // While open: nothing is attempted, attempts stay as they were, and the messages are acked, not spun.
    const held = await consume(ids.map((deliveryId) => ({ kind: "deliver", deliveryId })));
    expect(held.retryMessages).toEqual([]);
    expect((await deliveriesTo(endpoint.id)).map((d) => d.attempts)).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect(await receivedBy(receiverId)).toHaveLength(5);
    // ...and the sweep leaves them alone until the cool-down is over.
    const retryAt = Date.parse(open.retry_at as string);
    const dueBefore = async (nowMs: number) =>
      (await listDueDeliveryIds(env.DB, nowMs, nowMs, 1000)).filter((id) => ids.includes(id));
    expect(await dueBefore(retryAt - 1)).toEqual([]);
    expect((await dueBefore(retryAt)).length).toBeGreaterThan(0);

    // Once the cool-down is over, exactly one probe goes; it fails and the circuit opens for twice as long.
    await processDeliveries(env.DB, ids.slice(5), config, retryAt);
    expect(await receivedBy(receiverId)).toHaveLength(6);
    expect(
      (await deliveriesTo(endpoint.id))
        .slice(5)
        .map((d) => d.attempts)
        .sort(),
    ).toEqual([0, 1]);
    const reopened = await circuitOf(slug, token, endpoint.id);
    expect(reopened).toMatchObject({ state: "open", consecutive_failures: 6 });
    const secondRetryAt = Date.parse(reopened.retry_at as string);
    expect(secondRetryAt - Date.parse(reopened.opened_at as string)).toBe(2 * COOLDOWN_MS);

    // The receiver recovers; the next probe succeeds, closes the circuit and releases everything held.
    await switchReceiver(receiverId, 200);
    const probed = await processDeliveries(env.DB, ids, config, secondRetryAt);
    expect(await receivedBy(receiverId)).toHaveLength(7);
    expect(await circuitOf(slug, token, endpoint.id)).toEqual({
      state: "closed",
      consecutive_failures: 0,
      opened_at: null,
      retry_at: null,
    });
    const released = ids.filter((id) => probed.get(id)?.next === "again");
    expect(released).toHaveLength(6);
    await processDeliveries(env.DB, released, config, secondRetryAt + 2000);
    const delivered = await deliveriesTo(endpoint.id);
    expect(delivered.map((d) => d.status)).toEqual(Array(7).fill("succeeded"));
    // Each failed once before the circuit opened or as a probe, except the one held all along.
    expect(delivered.map((d) => d.attempts).sort()).toEqual([1, 2, 2, 2, 2, 2, 2]);
  });

  it("lets a half-open circuit take a single probe even when many deliveries ask at once", async () => {
    const { slug, token, endpoint, receiverId, ids } = await failingEndpointWithBacklog(8);
    const startMs = Date.now();
    await processDeliveries(env.DB, ids.slice(0, 5), config, startMs);
    const { retry_at } = await circuitOf(slug, token, endpoint.id);
    const retryAt = Date.parse(retry_at as string);
    // Two batches at the end of the cool-down, concurrently: one probe between them.
    await Promise.all([
      processDeliveries(env.DB, ids.slice(5, 7), config, retryAt),
      processDeliveries(env.DB, ids.slice(6), config, retryAt),
    ]);
    expect(await receivedBy(receiverId)).toHaveLength(6);
    expect((await circuitOf(slug, token, endpoint.id)).state).toBe("open");
  });

  it("closes the circuit when the subscriber resumes the endpoint, and sends what it held", async () => {
    const { slug, token, endpoint, receiverId, ids } = await failingEndpointWithBacklog(6);
    await processDeliveries(env.DB, ids.slice(0, 5), config);
    expect((await circuitOf(slug, token, endpoint.id)).state).toBe("open");
    await switchReceiver(receiverId, 200);
    const path = `/v1/feeds/${slug}/webhooks/${endpoint.id}`;
    const resumed = await api(path, { method: "PATCH", token, body: { paused: false } });
    expect(((await resumed.json()) as { circuit: Circuit }).circuit.state).toBe("closed");
    await waitForLog(slug, token, endpoint.id, (l) => l.items.every((d) => d.status === "succeeded"));
    expect(await circuitOf(slug, token, endpoint.id)).toMatchObject({
      state: "closed",
      consecutive_failures: 0,
    });
  });

  it("keeps the failure count of an endpoint below the threshold, and a success resets it", async () => {
    const { slug, token, endpoint, receiverId, ids } = await failingEndpointWithBacklog(5);
    await processDeliveries(env.DB, ids.slice(0, 4), config);
    expect(await circuitOf(slug, token, endpoint.id)).toMatchObject({
      state: "closed",
      consecutive_failures: 4,
    });
    await switchReceiver(receiverId, 200);
    await processDeliveries(env.DB, ids.slice(4), config);
    expect(await circuitOf(slug, token, endpoint.id)).toMatchObject({
      state: "closed",
      consecutive_failures: 0,
    });
  });
});

// Through the queue and its delays, with the tests' one-second first cool-down.
describe("circuit breaker on its own", () => {
  it("wakes its probes by itself, waiting longer after each failed one, until the endpoint recovers", async () => {
    const { slug, token } = await feedWithToken();
    // Seven failures: five open the circuit, two probes fail, the third probe (the eighth attempt) gets through.
    const { endpoint } = await subscribe(slug, token, "fail-7");
    await publish(slug, token);
    const log = await waitForLog(slug, token, endpoint.id, (l) => l.items[0]?.status === "succeeded");
    const times = (log.items[0]?.attempt_log ?? []).map((a) =>
      Date.parse((a as unknown as { at: string }).at),
    );
    expect(times).toHaveLength(8);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    // Probes wait out cool-downs of 1 s, 2 s and 4 s.
    expect(gaps[4]).toBeGreaterThanOrEqual(1000);
    expect(gaps[5]).toBeGreaterThanOrEqual(2000);
    expect(gaps[6]).toBeGreaterThanOrEqual(4000);
    expect((await circuitOf(slug, token, endpoint.id)).state).toBe("closed");
  });
});
