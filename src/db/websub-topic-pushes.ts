/**
 * When each WebSub topic's document was last pushed to its subscribers. A publish ping pushes a topic only when
 * its feed changed after that, so pinging an unchanged topic costs Ferry nothing but the reads.
 */

/** Records that an event's fan-out pushed the topics of the subscriptions it made deliveries for. */
export function markFannedOutTopicsStatement(
  db: D1Database,
  eventId: string,
  nowMs: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO websub_topic_pushes (topic_url, feed_id, pushed_at)
       SELECT DISTINCT s.topic_url, s.feed_id, ?
       FROM events ev JOIN deliveries d ON d.event_id = ev.id JOIN websub_subscriptions s ON s.id = d.subscription_id
       WHERE ev.public_id = ?
       ON CONFLICT (topic_url) DO UPDATE SET pushed_at = max(pushed_at, excluded.pushed_at)`,
    )
    .bind(nowMs, eventId);
}

/** Records a ping's push of one topic, in the same batch as its event and only if that event was written. */
export function markPingedTopicStatement(
  db: D1Database,
  push: { topicUrl: string; feedRowId: number; eventId: string },
  nowMs: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO websub_topic_pushes (topic_url, feed_id, pushed_at)
       SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM events WHERE public_id = ?)
       ON CONFLICT (topic_url) DO UPDATE SET pushed_at = max(pushed_at, excluded.pushed_at)`,
    )
    .bind(push.topicUrl, push.feedRowId, nowMs, push.eventId);
}
