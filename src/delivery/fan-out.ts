import { inboxFanOutStatement } from "../db/activitypub-inboxes";
import { fanOutStatement, listFreshDeliveryIds, websubFanOutStatement } from "../db/deliveries";
import { markFannedOutStatement } from "../db/events";
import { markFannedOutTopicsStatement } from "../db/websub-topic-pushes";

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
