import type { ArticleEventType } from "../domain/events";
import type { WebhookEndpoint, WebhookOrdering } from "../domain/webhook-endpoint";
import type { WebhookFilter } from "../domain/webhook-filter";
import { circuitOf, type DeliveryControlColumns } from "./endpoint-circuit";

export interface EndpointRow extends DeliveryControlColumns {
  id: number;
  public_id: string;
  feed_id: number;
  url: string;
  description: string | null;
  event_types_json: string | null;
  filter_tags_json: string | null;
  filter_authors_json: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  paused: number;
  ordering: WebhookOrdering;
  rate_limit_per_second: number | null;
  disabled_at: number | null;
  disabled_reason: string | null;
  first_failure_at: number | null;
  created_at: number;
  updated_at: number;
}

export function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    rowId: row.id,
    id: row.public_id,
    feedRowId: row.feed_id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types_json ? (JSON.parse(row.event_types_json) as ArticleEventType[]) : null,
    filter: toFilter(row),
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    paused: row.paused === 1,
    ordering: row.ordering,
    rateLimitPerSecond: row.rate_limit_per_second,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
    firstFailureAt: row.first_failure_at,
    circuit: circuitOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toFilter(row: EndpointRow): WebhookFilter | null {
  if (row.filter_tags_json === null && row.filter_authors_json === null) return null;
  const list = (json: string | null) => (json === null ? null : (JSON.parse(json) as string[]));
  return { tags: list(row.filter_tags_json), authors: list(row.filter_authors_json) };
}

/** The filter columns of an endpoint row: JSON arrays of keys, NULL for no condition. */
function filterColumns(e: Pick<WebhookEndpoint, "filter">): [string | null, string | null] {
  const json = (list: string[] | null | undefined) => (list ? JSON.stringify(list) : null);
  return [json(e.filter?.tags), json(e.filter?.authors)];
}

export async function findEndpoint(
  db: D1Database,
  feedRowId: number,
  id: string,
): Promise<WebhookEndpoint | null> {
  const row = await db
    .prepare("SELECT * FROM webhook_endpoints WHERE public_id = ? AND feed_id = ? AND deleted_at IS NULL")
    .bind(id, feedRowId)
    .first<EndpointRow>();
  return row ? toEndpoint(row) : null;
}

export async function listEndpoints(db: D1Database, feedRowId: number): Promise<WebhookEndpoint[]> {
  const { results } = await db
    .prepare("SELECT * FROM webhook_endpoints WHERE feed_id = ? AND deleted_at IS NULL ORDER BY id")
    .bind(feedRowId)
    .all<EndpointRow>();
  return results.map(toEndpoint);
}

export async function countEndpoints(db: D1Database, feedRowId: number): Promise<number> {
  const row = await db
    .prepare("SELECT count(*) AS n FROM webhook_endpoints WHERE feed_id = ? AND deleted_at IS NULL")
    .bind(feedRowId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export function insertEndpointStatement(
  db: D1Database,
  e: Omit<WebhookEndpoint, "rowId">,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO webhook_endpoints (public_id, feed_id, url, description, event_types_json, filter_tags_json,
         filter_authors_json, secret, paused, ordering, rate_limit_per_second, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      e.id,
      e.feedRowId,
      e.url,
      e.description,
      e.eventTypes ? JSON.stringify(e.eventTypes) : null,
      ...filterColumns(e),
      e.secret,
      e.paused ? 1 : 0,
      e.ordering,
      e.rateLimitPerSecond,
      e.createdAt,
      e.updatedAt,
    );
}

/** Saves every mutable field of an endpoint (settings, secrets, health). */
export function updateEndpointStatement(db: D1Database, e: WebhookEndpoint): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_endpoints SET url = ?, description = ?, event_types_json = ?, filter_tags_json = ?,
         filter_authors_json = ?, secret = ?, previous_secret = ?,
         previous_secret_expires_at = ?, paused = ?, ordering = ?, rate_limit_per_second = ?, disabled_at = ?, disabled_reason = ?, first_failure_at = ?,
         updated_at = ? WHERE id = ? AND deleted_at IS NULL`,
    )
    .bind(
      e.url,
      e.description,
      e.eventTypes ? JSON.stringify(e.eventTypes) : null,
      ...filterColumns(e),
      e.secret,
      e.previousSecret,
      e.previousSecretExpiresAt,
      e.paused ? 1 : 0,
      e.ordering,
      e.rateLimitPerSecond,
      e.disabledAt,
      e.disabledReason,
      e.firstFailureAt,
      e.updatedAt,
      e.rowId,
    );
}

export function deleteEndpointStatements(
  db: D1Database,
  endpointRowId: number,
  nowMs: number,
): D1PreparedStatement[] {
  return [
    db
      .prepare("UPDATE webhook_endpoints SET deleted_at = ?, updated_at = ? WHERE id = ?")
      .bind(nowMs, nowMs, endpointRowId),
    db
      .prepare(
        "UPDATE deliveries SET status = 'cancelled', updated_at = ? WHERE endpoint_id = ? AND status = 'pending'",
      )
      .bind(nowMs, endpointRowId),
  ];
}

/** Health bookkeeping after an attempt: a success ends a failure run; a failure starts one if none is open. */
export function recordEndpointHealthStatement(
  db: D1Database,
  endpointRowId: number,
  health: { succeeded: boolean; nowMs: number; disableReason: string | null },
): D1PreparedStatement {
  if (health.succeeded) {
    return db
      .prepare("UPDATE webhook_endpoints SET first_failure_at = NULL WHERE id = ?")
      .bind(endpointRowId);
  }
  return db
    .prepare(
      `UPDATE webhook_endpoints SET first_failure_at = coalesce(first_failure_at, ?),
         disabled_at = CASE WHEN ? IS NOT NULL AND disabled_at IS NULL THEN ? ELSE disabled_at END,
         disabled_reason = CASE WHEN ? IS NOT NULL AND disabled_at IS NULL THEN ? ELSE disabled_reason END,
         updated_at = ? WHERE id = ?`,
    )
    .bind(
      health.nowMs,
      health.disableReason,
      health.nowMs,
      health.disableReason,
      health.disableReason,
      health.nowMs,
      endpointRowId,
    );
}
