import type { DeliveryStatus } from "../domain/delivery-schemas";
import { FILTER_ADMITS_EVENT } from "./webhook-endpoint-filters";

/** SQL for a fresh delivery public id (`dlv_` + 24 hex digits), generated inside D1 for set-based inserts. */
export const NEW_DELIVERY_ID = "'dlv_' || lower(hex(randomblob(12)))";

/**
 * Is event `ev` addressed to endpoint `e` of its feed? Only if the endpoint existed when the event was
 * created and the filter it had then (`events`, tags, authors) takes the event (test events go only to
 * their target, whatever its filter). Fan-out and replay both ask this.
 */
export const ADDRESSED_TO_ENDPOINT = `e.created_at <= ev.created_at AND ev.type != 'websub.publish'
  AND (CASE WHEN ev.target_endpoint_id IS NOT NULL THEN ev.target_endpoint_id = e.id
  ELSE ${FILTER_ADMITS_EVENT} END)`;

/**
 * One pending delivery per live endpoint of the event's feed the event is addressed to. `OR IGNORE` on
 * (event, endpoint) makes a repeated fan-out harmless.
 */
export function fanOutStatement(db: D1Database, eventId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO deliveries (public_id, event_id, endpoint_id, status, attempts, next_attempt_at, created_at, updated_at)
       SELECT ${NEW_DELIVERY_ID}, ev.id, e.id, 'pending', 0, ?, ?, ?
       FROM events ev JOIN webhook_endpoints e ON e.feed_id = ev.feed_id
       WHERE ev.public_id = ? AND e.deleted_at IS NULL AND ${ADDRESSED_TO_ENDPOINT}`,
    )
    .bind(nowMs, nowMs, nowMs, eventId);
}

/**
 * One pending delivery per WebSub subscription whose topic the event changes: the whole feed, or the
 * tag and author views the article belongs to; for an external publish ping, that one topic.
 */
export function websubFanOutStatement(db: D1Database, eventId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO deliveries (public_id, event_id, subscription_id, status, attempts, next_attempt_at, created_at, updated_at)
       SELECT ${NEW_DELIVERY_ID}, ev.id, s.id, 'pending', 0, ?, ?, ?
       FROM events ev JOIN websub_subscriptions s ON s.feed_id = ev.feed_id
       WHERE ev.public_id = ? AND s.state = 'active' AND s.expires_at > ?
         AND CASE ev.type
           WHEN 'websub.publish' THEN s.topic_url = ev.topic_url
           WHEN 'webhook.test' THEN 0
           ELSE s.filter_kind IS NULL
             OR (s.filter_kind = 'tag' AND EXISTS (SELECT 1 FROM json_each(ev.term_keys_json, '$.tags') j WHERE j.value = s.filter_key))
             OR (s.filter_kind = 'author' AND EXISTS (SELECT 1 FROM json_each(ev.term_keys_json, '$.authors') j WHERE j.value = s.filter_key))
         END`,
    )
    .bind(nowMs, nowMs, nowMs, eventId, nowMs);
}

/** Deliveries of an event that have never been attempted: what a fan-out hands to the queue. */
export async function listFreshDeliveryIds(db: D1Database, eventId: string): Promise<number[]> {
  const { results } = await db
    .prepare(
      `SELECT d.id FROM deliveries d JOIN events ev ON ev.id = d.event_id
       WHERE ev.public_id = ? AND d.status = 'pending' AND d.attempts = 0`,
    )
    .bind(eventId)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

/** One finished attempt as the delivery log keeps it: its attempt row and where it leaves the delivery. */
export interface AttemptLog {
  deliveryRowId: number;
  attempt: number;
  startedAt: number;
  durationMs: number;
  responseStatus: number | null;
  responseExcerpt: string | null;
  error: string | null;
  /** `pending` with a next time, or final (`succeeded`, `dead`). */
  status: Exclude<DeliveryStatus, "cancelled">;
  nextAttemptAt: number;
}

/**
 * The delivery log's writes for any number of attempts in two statements, whatever their number: one INSERT
 * of the attempt rows and one UPDATE of the deliveries (which also releases their leases), each reading its
 * rows from one JSON parameter. A batch of 100 attempts costs D1 two statements rather than 200.
 */
export function recordAttemptsStatements(db: D1Database, logs: readonly AttemptLog[]): D1PreparedStatement[] {
  if (logs.length === 0) return [];
  const attempts = logs.map((a) => [
    a.deliveryRowId,
    a.attempt,
    a.startedAt,
    a.durationMs,
    a.responseStatus,
    a.responseExcerpt,
    a.error,
    a.startedAt + a.durationMs,
  ]);
  const finishes = logs.map((a) => [
    a.deliveryRowId,
    a.status,
    a.nextAttemptAt,
    a.error,
    a.startedAt + a.durationMs,
  ]);
  return [
    db
      .prepare(
        `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, duration_ms, response_status, response_excerpt,
           error, created_at)
         SELECT j.value ->> '$[0]', j.value ->> '$[1]', j.value ->> '$[2]', j.value ->> '$[3]', j.value ->> '$[4]',
           j.value ->> '$[5]', j.value ->> '$[6]', j.value ->> '$[7]'
         FROM json_each(?) j`,
      )
      .bind(JSON.stringify(attempts)),
    db
      .prepare(
        `UPDATE deliveries SET status = j.value ->> '$[1]', next_attempt_at = j.value ->> '$[2]',
           last_error = j.value ->> '$[3]', lease_until = NULL, updated_at = j.value ->> '$[4]'
         FROM json_each(?) j WHERE deliveries.id = j.value ->> '$[0]' AND deliveries.status = 'pending'`,
      )
      .bind(JSON.stringify(finishes)),
  ];
}

/** Hands back claims that could not be used (no rate slot in sight, a run stopped): as if never taken. */
export function unclaimDeliveriesStatement(
  db: D1Database,
  deliveryRowIds: readonly number[],
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE deliveries SET attempts = attempts - 1, lease_until = NULL
       WHERE id IN (SELECT value FROM json_each(?)) AND status = 'pending'`,
    )
    .bind(JSON.stringify(deliveryRowIds));
}

/** Gives up on a delivery whose target is gone (endpoint deleted, subscription ended, feed removed). */
export function cancelDeliveryStatement(
  db: D1Database,
  deliveryRowId: number,
  nowMs: number,
): D1PreparedStatement {
  return db
    .prepare(
      "UPDATE deliveries SET status = 'cancelled', lease_until = NULL, updated_at = ? WHERE id = ? AND status = 'pending'",
    )
    .bind(nowMs, deliveryRowId);
}

/** SQL: the head of a FIFO endpoint (row id `endpoint`, a parameter or a column), its oldest pending delivery. */
export function headOf(endpoint: string): string {
  return `(SELECT h.id FROM deliveries h WHERE h.endpoint_id = ${endpoint} AND h.status = 'pending'
    ORDER BY h.event_id LIMIT 1)`;
}

/**
 * Pending deliveries whose time has come and whose endpoint can receive: what the sweep re-queues. An
 * endpoint whose circuit is open waits for the end of its cool-down; of a FIFO endpoint, only the head.
 */
export async function listDueDeliveryIds(db: D1Database, dueBeforeMs: number, nowMs: number, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT d.id FROM deliveries d LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.status = 'pending' AND d.next_attempt_at <= ?1 AND (d.lease_until IS NULL OR d.lease_until < ?2)
         AND (d.subscription_id IS NOT NULL OR d.inbox_id IS NOT NULL
           OR (e.paused = 0 AND e.disabled_at IS NULL AND e.deleted_at IS NULL
           AND (e.circuit_retry_at IS NULL OR e.circuit_retry_at <= ?2)
           AND (e.ordering = 'unordered' OR d.id = ${headOf("d.endpoint_id")})))
       ORDER BY d.next_attempt_at LIMIT ?3`,
    )
    .bind(dueBeforeMs, nowMs, limit)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

/**
 * Puts off deliveries that waited for a rate-limit slot until about their turn (`[rowId, atMs]` pairs),
 * so the sweep does not re-queue them meanwhile; neither `attempts` nor the lease change.
 */
export function deferDeliveriesStatement(db: D1Database, turns: [number, number][]): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE deliveries SET next_attempt_at = j.value ->> '$[1]' FROM json_each(?) j
       WHERE deliveries.id = j.value ->> '$[0]' AND deliveries.status = 'pending'`,
    )
    .bind(JSON.stringify(turns));
}

/** Pending deliveries of one endpoint, oldest first: what resuming the endpoint hands back to the queue. */
export async function listPendingDeliveryIds(
  db: D1Database,
  endpointRowId: number,
  limit: number,
): Promise<number[]> {
  const { results } = await db
    .prepare("SELECT id FROM deliveries WHERE endpoint_id = ? AND status = 'pending' ORDER BY id LIMIT ?")
    .bind(endpointRowId, limit)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}
