import type { OutboxEvent } from "../domain/events";

/**
 * Writes an outbox event. `OR IGNORE` lets the unique index on published events make a second
 * announcement of the same article (a racing cron run) a no-op.
 */
export function insertEventStatement(
  db: D1Database,
  feedRowId: number,
  event: OutboxEvent,
  targetEndpointRowId: number | null = null,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO events (public_id, feed_id, type, article_public_id, target_endpoint_id, payload,
         term_keys_json, topic_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      event.id,
      feedRowId,
      event.type,
      event.articleId,
      targetEndpointRowId,
      event.payload,
      event.termKeys ? JSON.stringify(event.termKeys) : null,
      event.topicUrl,
      event.createdAt,
    );
}

/** Records that the article's publication was announced; guarded so only the first announcement counts. */
export function markAnnouncedStatement(
  db: D1Database,
  articleId: string,
  nowMs: number,
): D1PreparedStatement {
  return db
    .prepare("UPDATE articles SET announced_at = ? WHERE public_id = ? AND announced_at IS NULL")
    .bind(nowMs, articleId);
}

/** Events whose fan-out was never recorded: the queue lost the message or the Worker died after commit. */
export async function listUnfannedEventIds(
  db: D1Database,
  olderThanMs: number,
  limit: number,
): Promise<string[]> {
  const { results } = await db
    .prepare(
      "SELECT public_id FROM events WHERE fanned_out_at IS NULL AND created_at <= ? ORDER BY created_at LIMIT ?",
    )
    .bind(olderThanMs, limit)
    .all<{ public_id: string }>();
  return results.map((r) => r.public_id);
}

export function markFannedOutStatement(db: D1Database, eventId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare("UPDATE events SET fanned_out_at = ? WHERE public_id = ? AND fanned_out_at IS NULL")
    .bind(nowMs, eventId);
}

/**
 * Writes a publish ping's event for one topic only when the topic has an active subscriber and its document
 * changed (`changedAt`) since it was last pushed: a ping for an unchanged topic writes and queues nothing.
 */
export function insertTopicPushEventStatement(
  db: D1Database,
  feedRowId: number,
  event: OutboxEvent & { topicUrl: string },
  changedAt: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO events (public_id, feed_id, type, article_public_id, target_endpoint_id, payload,
         term_keys_json, topic_url, created_at)
       SELECT ?, ?, ?, NULL, NULL, ?, NULL, ?, ?
       WHERE EXISTS (SELECT 1 FROM websub_subscriptions s
           WHERE s.topic_url = ? AND s.state = 'active' AND s.expires_at > ?)
         AND NOT EXISTS (SELECT 1 FROM websub_topic_pushes p WHERE p.topic_url = ? AND p.pushed_at > ?)`,
    )
    .bind(
      event.id,
      feedRowId,
      event.type,
      event.payload,
      event.topicUrl,
      event.createdAt,
      event.topicUrl,
      event.createdAt,
      event.topicUrl,
      changedAt,
    );
}
