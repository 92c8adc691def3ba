import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { listDueDeliveryIds } from "../src/db/deliveries";
import { claimHeadStatement } from "../src/db/delivery-sequence";
import { findFeedBySlug } from "../src/db/feeds";
import { SWEEP_GRACE_MS, sweepDeliveries } from "../src/delivery/sweep";
import { prepareCreateArticle } from "../src/services/article-writes";
import { publish } from "./support/articles";
import { unqueuedBacklog } from "./support/backlog";
import { consume, deliveriesOf, drained } from "./support/drain";
import { eventually } from "./support/eventually";
import { api } from "./support/http";
import type { ReceivedRequest } from "./support/received-request";
import { receivedBy, switchReceiver, waitForRequests } from "./support/receiver";
import { feedWithToken } from "./support/seed";
import { deliveryLog, subscribe, waitForLog } from "./support/webhooks";

/** Public ids of the feed's events, in event order. */
async function eventIds(slug: string): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT ev.public_id FROM events ev JOIN feeds f ON f.id = ev.feed_id WHERE f.slug = ? ORDER BY ev.id",
  )
    .bind(slug)
    .all<{ public_id: string }>();
  return results.map((r) => r.public_id);
}

/** An endpoint's deliveries in event order (the delivery log lists them newest delivery first). */
async function deliveriesInEventOrder(endpointId: string) {
  const { results } = await env.DB.prepare(
    `SELECT d.id, ev.public_id AS event, d.status, d.attempts FROM deliveries d
     JOIN events ev ON ev.id = d.event_id JOIN webhook_endpoints e ON e.id = d.endpoint_id
     WHERE e.public_id = ? ORDER BY ev.id`,
  )
    .bind(endpointId)
    .all<{ id: number; event: string; status: string; attempts: number }>();
  return results;
}

const idsOf = (requests: ReceivedRequest[]) => requests.map((r) => r.headers["webhook-id"]);
const accepted = (requests: ReceivedRequest[]) => requests.filter((r) => r.answeredWith < 300);

async function endpointRowId(publicId: string): Promise<number> {
  return (await env.DB.prepare("SELECT id FROM webhook_endpoints WHERE public_id = ?")
    .bind(publicId)
    .first<number>("id")) as number;
}

async function setPaused(slug: string, token: string, endpointId: string, paused: boolean) {
  const response = await api(`/v1/feeds/${slug}/webhooks/${endpointId}`, {
    method: "PATCH",
    token,
    body: { paused },
  });
  expect(response.status).toBe(200);
}

/** Publishes `count` articles while the endpoint is paused, so their deliveries all wait for its resume. */
async function backlog(slug: string, token: string, endpointId: string, count: number) {
  await setPaused(slug, token, endpointId, true);
  for (let i = 1; i <= count; i += 1) await publish(slug, token, { title: `Article ${i}` });
  await drained(slug);
}

const LAG_MS = 150;

const deliverMessages = (rows: { id: number }[]) =>
  rows.map((d) => ({ kind: "deliver" as const, deliveryId: d.id }));

describe.concurrent("FIFO delivery", () => {
  it("delivers a backlog one at a time, in event order", async () => {
    const { slug, token } = await feedWithToken();
    // Each answer takes 150 ms: a request sent before the previous one was answered would show.
    const { endpoint, receiverId } = await subscribe(slug, token, `lag-${LAG_MS}`, { ordering: "fifo" });
    await backlog(slug, token, endpoint.id, 6);
    // Resuming queues all six at once: the consumer gets them together and could send them together.
    await setPaused(slug, token, endpoint.id, false);
    await waitForRequests(receiverId, (r) => r.length >= 6);
    await drained(slug);
    const requests = await receivedBy(receiverId);
    expect(idsOf(requests)).toEqual(await eventIds(slug));
    for (let i = 1; i < requests.length; i += 1) {
      const gap =
        (requests[i] as ReceivedRequest).receivedAt - (requests[i - 1] as ReceivedRequest).receivedAt;
      expect(gap, `request ${i + 1} came ${gap} ms after the one before`).toBeGreaterThanOrEqual(LAG_MS - 5);
    }
  });

  it("holds later deliveries while the head fails, shows them waiting, then sends them in order", async () => {
    const { slug, token } = await feedWithToken();
    const fifo = await subscribe(slug, token, "switch", { ordering: "fifo" });
    const unordered = await subscribe(slug, token, "ok");
    for (let i = 1; i <= 3; i += 1) await publish(slug, token, { title: `Article ${i}` });
    const events = await eventIds(slug);
    await waitForRequests(fifo.receiverId, (r) => r.length >= 2);
    // The unordered endpoint of the same feed is not held back by the FIFO one's failing head.
    await waitForRequests(unordered.receiverId, (r) => r.length >= 3);
    // Handed straight to the consumer, the later deliveries are still not attempted.
    await consume(deliverMessages(await deliveriesInEventOrder(fifo.endpoint.id)));
    const during = await deliveriesInEventOrder(fifo.endpoint.id);
    expect(during.map((d) => [d.event, d.attempts > 0])).toEqual([
      [events[0], true],
      [events[1], false],
      [events[2], false],
    ]);
    expect(new Set(idsOf(await receivedBy(fifo.receiverId)))).toEqual(new Set([events[0]]));
    const log = await deliveryLog(slug, token, fifo.endpoint.id);
    expect(Object.fromEntries(log.items.map((d) => [d.event_id, d.status]))).toEqual({
      [events[0] as string]: "pending",
      [events[1] as string]: "waiting",
      [events[2] as string]: "waiting",
    });
    const listed = await api(`/v1/feeds/${slug}/webhooks/${fifo.endpoint.id}/deliveries?status=pending`, {
      token,
    });
    expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(3);
    const waiting = await api(`/v1/feeds/${slug}/webhooks/${fifo.endpoint.id}/deliveries?status=waiting`, {
      token,
    });
    const waitingItems = ((await waiting.json()) as { items: { event_id: string }[] }).items;
    expect(waitingItems.map((d) => d.event_id).sort()).toEqual([events[1], events[2]].sort());

    await switchReceiver(fifo.receiverId, 200);
    await waitForLog(slug, token, fifo.endpoint.id, (l) => l.items.every((d) => d.status === "succeeded"));
    const requests = await receivedBy(fifo.receiverId);
    expect(idsOf(accepted(requests))).toEqual(events);
    // Nothing after the head was ever attempted before the head got through.
    expect(
      idsOf(requests)
        .slice(0, requests.length - 2)
        .every((id) => id === events[0]),
    ).toBe(true);
    const after = await deliveriesInEventOrder(fifo.endpoint.id);
    expect(after.map((d) => d.attempts)).toEqual([requests.length - 2, 1, 1]);
  });

  it("hands back, unattempted, the deliveries claimed behind a head that fails mid-run", async () => {
    const { slug, token } = await feedWithToken();
    // A run claims a group from the head at once; the third answer fails, so the run must stop there.
    const { endpoint, receiverId } = await subscribe(slug, token, "okfor-2", { ordering: "fifo" });
    await backlog(slug, token, endpoint.id, 5);
    await setPaused(slug, token, endpoint.id, false);
    await waitForRequests(receiverId, (r) => r.length >= 3);
    const events = await eventIds(slug);
    const rows = () =>
      env.DB.prepare(
        `SELECT d.status, d.attempts, d.lease_until FROM deliveries d JOIN events ev ON ev.id = d.event_id
         JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE e.public_id = ? ORDER BY ev.id`,
      )
        .bind(endpoint.id)
        .all<{ status: string; attempts: number; lease_until: number | null }>()
        .then((r) => r.results);
    // Settled once the failed head's attempt is written (its lease released).
    const settled = await eventually(
      "the failed head's attempt written",
      rows,
      (seen) => seen[2]?.attempts !== undefined && seen[2].attempts >= 1 && seen[2].lease_until === null,
    );
    const [first, second, head, ...behind] = settled;
    expect([first?.status, first?.attempts, second?.status, second?.attempts]).toEqual([
      "succeeded",
      1,
      "succeeded",
      1,
    ]);
    expect(head?.status).toBe("pending");
    // Claimed with the head's group, handed back as if never taken: no attempt counted, no lease held.
    expect(behind).toEqual([
      { status: "pending", attempts: 0, lease_until: null },
      { status: "pending", attempts: 0, lease_until: null },
    ]);
    const sent = idsOf(await receivedBy(receiverId));
    expect(sent.slice(0, 3)).toEqual(events.slice(0, 3));
    expect(sent).not.toContain(events[3]);
    expect(sent).not.toContain(events[4]);
  });

  it("releases the next delivery when the head is dead-lettered, not before", async () => {
    const { slug, token } = await feedWithToken();
    // The head's attempt hangs past the 1 s delivery timeout; the next one is answered at once.
    const { endpoint, receiverId } = await subscribe(slug, token, "slow-1", { ordering: "fifo" });
    await backlog(slug, token, endpoint.id, 2);
    const [head] = await deliveriesInEventOrder(endpoint.id);
    // Seven attempts already failed: the next one is the head's last.
    await env.DB.prepare("UPDATE deliveries SET attempts = 7 WHERE id = ?").bind(head?.id).run();
    await setPaused(slug, token, endpoint.id, false);
    const log = await waitForLog(slug, token, endpoint.id, (l) => l.items[0]?.status === "succeeded");
    const events = await eventIds(slug);
    expect(log.items.map((d) => [d.event_id, d.status, d.attempts])).toEqual([
      [events[1], "succeeded", 1],
      [events[0], "dead", 8],
    ]);
    expect(log.items[1]?.attempt_log.at(-1)?.error).toMatch(/no response within/);
    const requests = await receivedBy(receiverId);
    expect(idsOf(requests)).toEqual(events);
    const [first, second] = requests as [ReceivedRequest, ReceivedRequest];
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(900);
  });

  it("waits for an older event that is not fanned out yet", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token, "ok", { ordering: "fifo" });
    // An event committed but not yet handed to the queue (the Worker died in between, say)...
    const feed = await findFeedBySlug(env.DB, slug);
    const write = prepareCreateArticle(
      env.DB,
      feed as NonNullable<typeof feed>,
      { title: "First" },
      Date.now(),
    );
    await env.DB.batch(write.statements);
    // ...and a newer one, fanned out and queued as usual.
    await publish(slug, token, { title: "Second" });
    const [second] = await eventually(
      "the second event's delivery",
      () => deliveriesOf(slug),
      (d) => d.length === 1,
    );
    await consume(deliverMessages([second as { id: number }]));
    expect((await deliveriesOf(slug))[0]?.attempts).toBe(0);
    expect(await receivedBy(receiverId)).toEqual([]);
    // The older event's fan-out puts its delivery at the head, and both go, in order.
    await consume([{ kind: "fanout", eventId: write.events?.[0] as string }]);
    await waitForRequests(receiverId, (r) => r.length >= 2);
    await drained(slug);
    expect(idsOf(await receivedBy(receiverId))).toEqual(await eventIds(slug));
    expect((await deliveryLog(slug, token, endpoint.id)).items.map((d) => d.status)).toEqual([
      "succeeded",
      "succeeded",
    ]);
  });
});

// Sequential: the sweep re-queues whatever any test of this file left due.
describe("FIFO delivery after a crash", () => {
  it("resumes at the head once the crashed attempt's lease lapses, and keeps the order", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, receiverId } = await subscribe(slug, token, "ok", { ordering: "fifo" });
    await unqueuedBacklog(slug, 3);
    const rowId = await endpointRowId(endpoint.id);
    // A Worker takes the head and dies mid-attempt.
    const nowMs = Date.now();
    const claim = claimHeadStatement(env.DB, rowId, { nowMs, leaseMs: 60_000, dueByMs: nowMs, probe: false });
    const crashed = await claim.first<{ id: number }>();
    const deliveries = await deliveriesInEventOrder(endpoint.id);
    expect(crashed?.id).toBe(deliveries[0]?.id);

    // While its lease holds, nothing is sent, whichever delivery a message names, and the sweep leaves it.
    await consume(deliverMessages(deliveries));
    expect(await receivedBy(receiverId)).toEqual([]);
    const dueNow = await listDueDeliveryIds(env.DB, nowMs + SWEEP_GRACE_MS, nowMs + 1000, 1000);
    expect(dueNow.filter((id) => deliveries.some((d) => d.id === id))).toEqual([]);

    // Time passes: the lease lapses. The sweep re-queues the head, and only the head.
    await env.DB.prepare("UPDATE deliveries SET lease_until = ? WHERE id = ?")
      .bind(nowMs - 1, crashed?.id)
      .run();
    const due = await listDueDeliveryIds(env.DB, nowMs + SWEEP_GRACE_MS, nowMs + 1000, 1000);
    expect(due.filter((id) => deliveries.some((d) => d.id === id))).toEqual([crashed?.id]);
    await sweepDeliveries(env, Date.now() + SWEEP_GRACE_MS);
    await waitForRequests(receiverId, (r) => r.length >= 3);
    await drained(slug);
    expect(idsOf(await receivedBy(receiverId))).toEqual(await eventIds(slug));
    expect((await deliveriesInEventOrder(endpoint.id)).map((d) => [d.status, d.attempts])).toEqual([
      ["succeeded", 2],
      ["succeeded", 1],
      ["succeeded", 1],
    ]);
  });
});
