/** One slot of an endpoint's delivery attempts: slot `slot` covers [slot × slotMs, (slot + 1) × slotMs). */
export interface AttemptSlot {
  slot: number;
  succeeded: number;
  failed: number;
  totalMs: number;
  maxMs: number;
}

interface AttemptSlotRow {
  slot: number;
  succeeded: number;
  failed: number;
  total_ms: number;
  max_ms: number;
}

/**
 * An endpoint's attempts since `sinceMs`, tallied by slots of `slotMs` counted from the epoch: the attempts of the
 * most recently changed deliveries, at most `cap` of them, so the read costs the same however busy the endpoint
 * is. An attempt succeeded when it recorded no error (a 2xx). `read` is how many were tallied: `cap` means older
 * ones may be missing.
 */
export async function tallyAttempts(
  db: D1Database,
  endpointRowId: number,
  options: { sinceMs: number; slotMs: number; cap: number },
): Promise<{ slots: AttemptSlot[]; read: number }> {
  const { results } = await db
    .prepare(
      `SELECT t.started_at / ?4 AS slot, sum(t.error IS NULL) AS succeeded, sum(t.error IS NOT NULL) AS failed,
         sum(t.duration_ms) AS total_ms, max(t.duration_ms) AS max_ms
       FROM (SELECT a.started_at, a.duration_ms, a.error
             FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id
             WHERE d.endpoint_id = ?1 AND d.updated_at >= ?2 AND a.started_at >= ?2
             ORDER BY d.updated_at DESC LIMIT ?3) t
       GROUP BY slot`,
    )
    .bind(endpointRowId, options.sinceMs, options.cap, options.slotMs)
    .all<AttemptSlotRow>();
  const slots = results.map((row) => ({
    slot: row.slot,
    succeeded: row.succeeded,
    failed: row.failed,
    totalMs: row.total_ms,
    maxMs: row.max_ms,
  }));
  return { slots, read: slots.reduce((sum, s) => sum + s.succeeded + s.failed, 0) };
}
