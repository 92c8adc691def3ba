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
 * Takes the endpoint's head for one attempt, in one statement, if all of these hold: it is due (by
 * `dueByMs`); no delivery of the endpoint holds a lease; the endpoint is still live and FIFO, its circuit
 * closed (or this is the probe); and no older event of the feed addressed to it still waits for its
 * fan-out, whose delivery would come before. Returns nothing when any of them fails.
 */
export function claimHeadStatement(
  db: D1Database,
  endpointRowId: number,
  claim: { nowMs: number; leaseMs: number; dueByMs: number; probe: boolean },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE deliveries SET attempts = attempts + 1, lease_until = ?1, updated_at = ?2
       WHERE id = ${headOf("?3")} AND next_attempt_at <= ?4
         AND NOT EXISTS (SELECT 1 FROM deliveries l
           WHERE l.endpoint_id = ?3 AND l.status = 'pending' AND l.lease_until >= ?2)
         AND EXISTS (SELECT 1 FROM webhook_endpoints e
           WHERE e.id = ?3 AND e.ordering = 'fifo' AND e.paused = 0 AND e.disabled_at IS NULL
             AND e.deleted_at IS NULL AND (e.circuit_opened_at IS NULL OR ?5))
         AND NOT EXISTS (SELECT 1 FROM webhook_endpoints e JOIN events ev ON ev.feed_id = e.feed_id
           WHERE e.id = ?3 AND ev.fanned_out_at IS NULL AND ev.id < deliveries.event_id AND ${ADDRESSED_TO_ENDPOINT})
       RETURNING id, attempts, (SELECT public_id FROM events WHERE id = deliveries.event_id) AS event_public_id,
         (SELECT payload FROM events WHERE id = deliveries.event_id) AS payload`,
    )
    .bind(claim.nowMs + claim.leaseMs, claim.nowMs, endpointRowId, claim.dueByMs, claim.probe ? 1 : 0);
}

export function toClaimedHead(
  row: { id: number; attempts: number; event_public_id: string; payload: string } | undefined,
): ClaimedHead | null {
  return row
    ? { deliveryRowId: row.id, attempt: row.attempts, eventId: row.event_public_id, payload: row.payload }
    : null;
}

/** The endpoint's head as it stands: where a run that stopped at its bound picks up again. */
export function findHeadStatement(db: D1Database, endpointRowId: number): D1PreparedStatement {
  return db.prepare(`SELECT ${headOf("?1")} AS id`).bind(endpointRowId);
}
