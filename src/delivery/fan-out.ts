import { inboxFanOutStatement } from "../db/activitypub-inboxes";
import { fanOutStatement, listFreshDeliveryIds, websubFanOutStatement } from "../db/deliveries";
import { markFannedOutStatement } from "../db/events";
import { markFannedOutTopicsStatement } from "../db/websub-topic-pushes";
import type { QueueMessage } from "../domain/queue-messages";
import { sendAll } from "../services/delivery-queue";

/**
 * Turns one outbox event into one delivery per subscribed webhook endpoint, WebSub subscription and inbox of
 * the feed's ActivityPub followers, and returns those never attempted yet. Safe to repeat: deliveries are
 * unique per (event, target) and a delivery is claimed before it is sent.
 */
export async function createDeliveries(
  db: D1Database,
  eventId: string,
  nowMs = Date.now(),
): Promise<number[]> {
  await db.batch([
    fanOutStatement(db, eventId, nowMs),
    websubFanOutStatement(db, eventId, nowMs),
    inboxFanOutStatement(db, eventId, nowMs),
    // What a publish ping compares against: these topics' subscribers now get the current document.
    markFannedOutTopicsStatement(db, eventId, nowMs),
    markFannedOutStatement(db, eventId, nowMs),
  ]);
  return listFreshDeliveryIds(db, eventId);
}

/** Creates an event's deliveries and queues each of them: the fan-out without delivering anything itself. */
export async function fanOutEvent(
  db: D1Database,
  queue: Queue<QueueMessage>,
  eventId: string,
  nowMs = Date.now(),
) {
  const deliveryIds = await createDeliveries(db, eventId, nowMs);
  await sendAll(
    queue,
    deliveryIds.map((deliveryId) => ({ kind: "deliver", deliveryId })),
  );
  return deliveryIds.length;
}
