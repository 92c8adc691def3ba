/**
 * Deletes for the retention purge: each removes at most `limit` of the oldest rows past the cutoff, so a
 * cron run stays short however large the backlog. They run in this order in one batch; each guards the
 * foreign key of the next (attempts → deliveries → events), so a row still referenced is left for later.
 */

export function purgeAttemptsStatement(db: D1Database, beforeMs: number, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM delivery_attempts WHERE id IN (
         SELECT id FROM delivery_attempts WHERE created_at < ? ORDER BY created_at LIMIT ?)`,
    )
    .bind(beforeMs, limit);
}

/** Finished deliveries (succeeded, dead, cancelled) untouched since the cutoff, once their attempts are gone. */
export function purgeDeliveriesStatement(
  db: D1Database,
  beforeMs: number,
  limit: number,
): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM deliveries WHERE id IN (
         SELECT d.id FROM deliveries d
         WHERE d.status != 'pending' AND d.updated_at < ?
           AND NOT EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.delivery_id = d.id)
         ORDER BY d.updated_at LIMIT ?)`,
    )
    .bind(beforeMs, limit);
}

/**
 * Fanned-out events no delivery refers to any more. `article.published` events are kept: the unique index
 * over them is what stops an article from being announced twice. The newest event is kept too: SQLite gives
 * a new row the highest id plus one, so deleting it would hand its id to the next event, which a polling
 * consumer whose cursor stands on that id would then never see.
 */
export function purgeEventsStatement(db: D1Database, beforeMs: number, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM events WHERE id IN (
         SELECT ev.id FROM events ev
         WHERE ev.type != 'article.published' AND ev.created_at < ? AND ev.fanned_out_at IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = ev.id)
           AND ev.id < (SELECT max(id) FROM events)
         ORDER BY ev.created_at LIMIT ?)`,
    )
    .bind(beforeMs, limit);
}

export function purgeIdempotencyKeysStatement(
  db: D1Database,
  beforeMs: number,
  limit: number,
): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM idempotency_keys WHERE (token_id, idempotency_key) IN (
         SELECT token_id, idempotency_key FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?)`,
    )
    .bind(beforeMs, limit);
}

/** WebSub subscribe/unsubscribe requests that were settled (verified, failed, denied) before the cutoff. */
export function purgeIntentsStatement(db: D1Database, beforeMs: number, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM websub_intents WHERE id IN (
         SELECT id FROM websub_intents WHERE status != 'pending' AND updated_at < ? ORDER BY updated_at LIMIT ?)`,
    )
    .bind(beforeMs, limit);
}
