import { ADDRESSED_TO_ENDPOINT, headOf } from "./deliveries";

/**
 * Strict FIFO for webhook endpoints with `ordering = 'fifo'`: only the head, the endpoint's oldest pending
 * delivery in event order, may be attempted, and only while no other attempt to it is in flight.
 */

/** A head taken for one attempt, with what the attempt sends. */
export interface ClaimedHead {
  deliveryRowId: number;
  attempt: number;
  eventId: string;
  payload: string;
}

/**
 * Takes the endpoint's head, and with `limit` > 1 the deliveries right behind it, for one attempt each, in
 * one statement, if all of these hold: no delivery of the endpoint holds a lease; the endpoint is still live
 * and FIFO, its circuit closed (or this is the probe). Only an unbroken run from the head is taken: it stops
 * before the first delivery not due by `dueByMs` (so nothing is taken when the head is not due) and before
 * any delivery that an older event of the feed, still waiting for its fan-out, must precede. The claimed
 * rows come back in no particular order (toClaimedHeads sorts them).
 */
export function claimHeadStatement(
  db: D1Database,
  endpointRowId: number,
  claim: { nowMs: number; leaseMs: number; dueByMs: number; probe: boolean; limit?: number },
): D1PreparedStatement {
  // The conditions sit inside the IN (…) list, which SQLite builds once before updating a row, so the
  // leases this statement takes never hide the rows after the first from it.
  return db
    .prepare(
      `UPDATE deliveries SET attempts = attempts + 1, lease_until = ?1, updated_at = ?2
       WHERE id IN (SELECT h.id FROM deliveries h
         WHERE h.endpoint_id = ?3 AND h.status = 'pending'
           AND h.event_id < coalesce((SELECT min(n.event_id) FROM deliveries n
             WHERE n.endpoint_id = ?3 AND n.status = 'pending' AND n.next_attempt_at > ?4), 9007199254740991)
           AND NOT EXISTS (SELECT 1 FROM deliveries l
             WHERE l.endpoint_id = ?3 AND l.status = 'pending' AND l.lease_until >= ?2)
           AND EXISTS (SELECT 1 FROM webhook_endpoints e
             WHERE e.id = ?3 AND e.ordering = 'fifo' AND e.paused = 0 AND e.disabled_at IS NULL
               AND e.deleted_at IS NULL AND (e.circuit_opened_at IS NULL OR ?5))
           AND NOT EXISTS (SELECT 1 FROM webhook_endpoints e JOIN events ev ON ev.feed_id = e.feed_id
             WHERE e.id = ?3 AND ev.fanned_out_at IS NULL AND ev.id < h.event_id AND ${ADDRESSED_TO_ENDPOINT})
         ORDER BY h.event_id LIMIT ?6)
       RETURNING id, attempts, event_id, (SELECT public_id FROM events WHERE id = deliveries.event_id) AS event_public_id,
         (SELECT payload FROM events WHERE id = deliveries.event_id) AS payload`,
    )
    .bind(
      claim.nowMs + claim.leaseMs,
      claim.nowMs,
      endpointRowId,
      claim.dueByMs,
      claim.probe ? 1 : 0,
      claim.limit ?? 1,
    );
}

/** The claimed deliveries of a claimHeadStatement, head first. */
export function toClaimedHeads(rows: readonly HeadRow[]): ClaimedHead[] {
  return [...rows]
    .sort((a, b) => a.event_id - b.event_id)
    .map((row) => ({
      deliveryRowId: row.id,
      attempt: row.attempts,
      eventId: row.event_public_id,
      payload: row.payload,
    }));
}

/** A row claimHeadStatement returns. */
export interface HeadRow {
  id: number;
  attempts: number;
  event_id: number;
  event_public_id: string;
  payload: string;
}

/** The endpoint's head as it stands: where a run that stopped at its bound picks up again. */
export function findHeadStatement(db: D1Database, endpointRowId: number): D1PreparedStatement {
  return db.prepare(`SELECT ${headOf("?1")} AS id`).bind(endpointRowId);
}
