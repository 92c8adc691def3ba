import { findDeliveryStatus, resetDelivery } from "../db/delivery-log";
import { insertEventStatement } from "../db/events";
import { MAX_REPLAY_EVENTS, replayDeliveries } from "../db/replay-deliveries";
import { buildTestEvent } from "../domain/events";
import type { Feed } from "../domain/feed";
import { FerryError } from "../domain/problems";
import type { QueueMessage } from "../domain/queue-messages";
import type { WebhookEndpoint } from "../domain/webhook-endpoint";
import { sendAll } from "./delivery-queue";

/** A `webhook.test` event addressed to this endpoint only, queued for fan-out; returns its id and type. */
export async function sendTestEvent(
  db: D1Database,
  queue: Queue<QueueMessage>,
  feed: Feed,
  endpoint: WebhookEndpoint,
  nowMs: number,
): Promise<{ eventId: string; type: string }> {
  const event = buildTestEvent(endpoint.id, feed.slug, nowMs);
  await insertEventStatement(db, feed.rowId, event, endpoint.rowId).run();
  await queue.send({ kind: "fanout", eventId: event.id });
  return { eventId: event.id, type: event.type };
}

/**
 * Puts one finished delivery back in the queue with its webhook-id. A delivery still pending is a conflict
 * (it is retried by itself); one that is not this endpoint's does not exist.
 */
export async function redeliver(
  db: D1Database,
  queue: Queue<QueueMessage>,
  endpoint: WebhookEndpoint,
  deliveryId: string,
  nowMs: number,
): Promise<void> {
  const reset = await resetDelivery(db, endpoint.rowId, deliveryId, nowMs);
  if (!reset) {
    const existing = await findDeliveryStatus(db, endpoint.rowId, deliveryId);
    if (!existing) throw new FerryError("not_found", `There is no delivery ${deliveryId} for this webhook.`);
    throw new FerryError("conflict", "This delivery is still pending; it will be attempted again by itself.");
  }
  await queue.send({ kind: "deliver", deliveryId: reset.id });
}

/**
 * Re-sends what was addressed to the endpoint since `sinceMs` (at most MAX_REPLAY_EVENTS events). Returns how
 * many deliveries were queued and, when the limit cut the replay short, where the next one starts.
 */
export async function replaySince(
  db: D1Database,
  queue: Queue<QueueMessage>,
  endpoint: WebhookEndpoint,
  options: { sinceMs: number; includeSucceeded: boolean },
  nowMs: number,
): Promise<{ queued: number; nextSinceMs: number | null }> {
  const { deliveryIds, nextSinceMs } = await replayDeliveries(db, endpoint.rowId, {
    ...options,
    nowMs,
    limit: MAX_REPLAY_EVENTS,
  });
  await sendAll(
    queue,
    deliveryIds.map((deliveryId) => ({ kind: "deliver", deliveryId })),
  );
  return { queued: deliveryIds.length, nextSinceMs };
}
