import type { DELIVERY_LOG_STATUSES, DeliveryOutput, DeliveryStatus } from "../domain/delivery-schemas";
import { formatRfc3339 } from "../domain/rfc3339";
import { headOf } from "./deliveries";

interface DeliveryRow {
  id: number;
  public_id: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  event_public_id: string;
  event_type: string;
  /** 1 for a pending delivery of a FIFO endpoint that is not its head. */
  behind_head: number;
}

interface AttemptRow {
  delivery_id: number;
  attempt: number;
  started_at: number;
  duration_ms: number;
  response_status: number | null;
  response_excerpt: string | null;
  error: string | null;
}

/** A status the log can be filtered by: a stored one, or `waiting` (pending behind a FIFO endpoint's head). */
export type DeliveryLogStatus = (typeof DELIVERY_LOG_STATUSES)[number];

/** Whose deliveries: a webhook endpoint's or a WebSub subscription's. */
export type DeliveryLogOwner = { endpointRowId: number } | { subscriptionRowId: number };

const BEHIND_HEAD = `(d.status = 'pending' AND e.ordering = 'fifo' AND d.id != ${headOf("d.endpoint_id")})`;

/**
 * One page of a target's deliveries, newest first, each with its attempts (two queries, no N+1). A pending
 * delivery behind a FIFO endpoint's head shows as `waiting`; `status: "pending"` lists those too, `"waiting"` only
 * them.
 */
export async function listDeliveryLog(
  db: D1Database,
  owner: DeliveryLogOwner,
  options: { beforeRowId: number | null; limit: number; status: DeliveryLogStatus | null },
): Promise<{ rowId: number; view: DeliveryOutput }[]> {
  const [column, ownerRowId] =
    "endpointRowId" in owner
      ? ["endpoint_id", owner.endpointRowId]
      : ["subscription_id", owner.subscriptionRowId];
  const waitingOnly = options.status === "waiting";
  const status: DeliveryStatus | null = waitingOnly ? "pending" : (options.status as DeliveryStatus | null);
  const { results: rows } = await db
    .prepare(
      `SELECT d.*, ev.public_id AS event_public_id, ev.type AS event_type, ${BEHIND_HEAD} AS behind_head
       FROM deliveries d JOIN events ev ON ev.id = d.event_id LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.${column} = ? AND d.id < ? AND (? IS NULL OR d.status = ?) AND (? = 0 OR ${BEHIND_HEAD} = 1)
       ORDER BY d.id DESC LIMIT ?`,
    )
    .bind(
      ownerRowId,
      options.beforeRowId ?? Number.MAX_SAFE_INTEGER,
      status,
      status,
      waitingOnly ? 1 : 0,
      options.limit,
    )
    .all<DeliveryRow>();
  const ids = rows.map((r) => r.id);
  const { results: attempts } = ids.length
    ? await db
        .prepare(
          `SELECT * FROM delivery_attempts WHERE delivery_id IN (SELECT value FROM json_each(?))
           ORDER BY delivery_id, attempt`,
        )
        .bind(JSON.stringify(ids))
        .all<AttemptRow>()
    : { results: [] as AttemptRow[] };
  return rows.map((row) => ({
    rowId: row.id,
    view: {
      id: row.public_id,
      event_id: row.event_public_id,
      event_type: row.event_type,
      status: row.behind_head === 1 ? "waiting" : row.status,
      attempts: row.attempts,
      next_attempt_at: row.status === "pending" ? formatRfc3339(row.next_attempt_at) : null,
      last_error: row.last_error,
      created_at: formatRfc3339(row.created_at),
      updated_at: formatRfc3339(row.updated_at),
      attempt_log: attempts
        .filter((a) => a.delivery_id === row.id)
        .map((a) => ({
          attempt: a.attempt,
          at: formatRfc3339(a.started_at),
          duration_ms: a.duration_ms,
          response_status: a.response_status,
          response_excerpt: a.response_excerpt,
          error: a.error,
        })),
    },
  }));
}

/** Puts one delivery back in the queue's hands from scratch; it keeps its event id (webhook-id). */
export async function resetDelivery(db: D1Database, endpointRowId: number, publicId: string, nowMs: number) {
  return db
    .prepare(
      `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL, updated_at = ?
       WHERE public_id = ? AND endpoint_id = ? AND status IN ('succeeded', 'dead', 'cancelled')
       RETURNING id`,
    )
    .bind(nowMs, nowMs, publicId, endpointRowId)
    .first<{ id: number }>();
}

export async function findDeliveryStatus(db: D1Database, endpointRowId: number, publicId: string) {
  return db
    .prepare("SELECT id, status FROM deliveries WHERE public_id = ? AND endpoint_id = ?")
    .bind(publicId, endpointRowId)
    .first<{ id: number; status: string }>();
}
