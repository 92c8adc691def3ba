import { ADDRESSED_TO_ENDPOINT, NEW_DELIVERY_ID } from "./deliveries";

/** The most events one replay reaches, so one request creates at most this many deliveries and queue messages. */
export const MAX_REPLAY_EVENTS = 1_000;

/**
 * The events a replay of endpoint ?1 since ?2 re-sends, oldest first: article events addressed to the
 * endpoint (see ADDRESSED_TO_ENDPOINT). An article deleted since is reached only through its deletion
 * event (the tombstone), never through the content its published and updated events carry.
 */
const REPLAYABLE_EVENTS = `SELECT ev.id, ev.created_at
  FROM webhook_endpoints e JOIN events ev ON ev.feed_id = e.feed_id
  WHERE e.id = ?1 AND ev.created_at >= ?2
    AND ev.type IN ('article.published', 'article.updated', 'article.deleted') AND ${ADDRESSED_TO_ENDPOINT}
    AND (ev.type = 'article.deleted' OR NOT EXISTS (
      SELECT 1 FROM articles a WHERE a.public_id = ev.article_public_id AND a.deleted_at IS NOT NULL))
  ORDER BY ev.created_at, ev.id`;

export interface ReplayOptions {
  sinceMs: number;
  includeSucceeded: boolean;
  nowMs: number;
  limit: number;
}

/**
 * Replays the first `limit` replayable events since `sinceMs`: missing deliveries are created, dead and
 * cancelled ones (and succeeded ones if asked) reset, all in one batch. Returns the deliveries now due and
 * the creation time of the first event left for another replay, if any.
 */
export async function replayDeliveries(
  db: D1Database,
  endpointRowId: number,
  options: ReplayOptions,
): Promise<{ deliveryIds: number[]; nextSinceMs: number | null }> {
  const { sinceMs, nowMs, limit } = options;
  const resettable = options.includeSucceeded
    ? "('dead', 'cancelled', 'succeeded')"
    : "('dead', 'cancelled')";
  const [created, reset, next] = await db.batch<{ id: number; created_at: number }>([
    db
      .prepare(
        `WITH chosen AS (${REPLAYABLE_EVENTS} LIMIT ?3)
         INSERT OR IGNORE INTO deliveries (public_id, event_id, endpoint_id, status, attempts, next_attempt_at, created_at, updated_at)
         SELECT ${NEW_DELIVERY_ID}, chosen.id, ?1, 'pending', 0, ?4, ?4, ?4 FROM chosen
         RETURNING id`,
      )
      .bind(endpointRowId, sinceMs, limit, nowMs),
    db
      .prepare(
        `WITH chosen AS (${REPLAYABLE_EVENTS} LIMIT ?3)
         UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?4, lease_until = NULL, updated_at = ?4
         WHERE endpoint_id = ?1 AND status IN ${resettable} AND event_id IN (SELECT id FROM chosen)
         RETURNING id`,
      )
      .bind(endpointRowId, sinceMs, limit, nowMs),
    db.prepare(`${REPLAYABLE_EVENTS} LIMIT 1 OFFSET ?3`).bind(endpointRowId, sinceMs, limit),
  ]);
  const deliveryIds = [...(created?.results ?? []), ...(reset?.results ?? [])].map((r) => r.id);
  return { deliveryIds, nextSinceMs: next?.results[0]?.created_at ?? null };
}
