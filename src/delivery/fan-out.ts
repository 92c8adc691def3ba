import { fanOutStatement, listFreshDeliveryIds, websubFanOutStatement } from "../db/deliveries";
import { markFannedOutStatement } from "../db/events";
import { markFannedOutTopicsStatement } from "../db/websub-topic-pushes";
import type { QueueMessage } from "../domain/queue-messages";
import { sendAll } from "../services/delivery-queue";

/**
 * Turns one outbox event into one delivery per subscribed webhook endpoint and WebSub subscription, and
 * queues them. Safe to repeat:
 * deliveries are unique per (event, endpoint) and a queued delivery is claimed before it is sent.
 */
export async function fanOutEvent(
  db: D1Database,
  queue: Queue<QueueMessage>,
  eventId: string,
  nowMs = Date.now(),
) {
  await db.batch([
    fanOutStatement(db, eventId, nowMs),
    websubFanOutStatement(db, eventId, nowMs),
    // What a publish ping compares against: these topics' subscribers now get the current document.
    markFannedOutTopicsStatement(db, eventId, nowMs),
    markFannedOutStatement(db, eventId, nowMs),
  ]);
  const deliveryIds = await listFreshDeliveryIds(db, eventId);
  await sendAll(
    queue,
    deliveryIds.map((deliveryId) => ({ kind: "deliver", deliveryId })),
  );
  return deliveryIds.length;
}
