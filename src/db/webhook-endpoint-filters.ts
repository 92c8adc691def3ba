/**
 * The filter versions of webhook endpoints (webhook_endpoint_filters, migration 0010): the history fan-out
 * and replay read, so that an event is addressed by the filter in force when it was created, not by the one
 * in force when a queue or a sweep gets to it.
 */

/** SQL: the id of the filter version of endpoint `e` in force when event `ev` was created. */
const VERSION_IN_FORCE = `SELECT fv.id FROM webhook_endpoint_filters fv
  WHERE fv.endpoint_id = e.id AND fv.valid_from <= ev.created_at ORDER BY fv.valid_from DESC, fv.id DESC LIMIT 1`;

/** SQL: does `list` (a JSON array of keys, NULL = no condition) share a key with the event's `path` keys? */
const anyKey = (list: string, path: string) => `(${list} IS NULL OR EXISTS (
  SELECT 1 FROM json_each(${list}) want JOIN json_each(ev.term_keys_json, '${path}') has ON has.value = want.value))`;

/**
 * SQL: endpoint `e` took events like article event `ev` when `ev` was created: the version then in force
 * takes its type, and the article had any of its tags and any of its authors.
 */
export const FILTER_ADMITS_EVENT = `EXISTS (SELECT 1 FROM webhook_endpoint_filters f
  WHERE f.id = (${VERSION_IN_FORCE})
    AND (f.event_types_json IS NULL OR EXISTS (SELECT 1 FROM json_each(f.event_types_json) t WHERE t.value = ev.type))
    AND ${anyKey("f.tags_json", "$.tags")} AND ${anyKey("f.authors_json", "$.authors")})`;

/**
 * Records the endpoint's filter, as its row holds it after the statements before this one in the same
 * batch, as the version in force from `nowMs` on; a no-op when it equals the latest version. Copying from
 * the row keeps the two from ever disagreeing. The first version is in force from 0 (whether the endpoint
 * existed yet is its `created_at`'s to say); a later one never starts before an earlier one, even if this
 * isolate's clock lags behind.
 */
export function recordFilterVersionStatement(
  db: D1Database,
  endpointPublicId: string,
  nowMs: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO webhook_endpoint_filters (endpoint_id, valid_from, event_types_json, tags_json, authors_json)
       SELECT e.id, coalesce(max(?2, latest.valid_from), 0), e.event_types_json, e.filter_tags_json, e.filter_authors_json
       FROM webhook_endpoints e LEFT JOIN webhook_endpoint_filters latest ON latest.id = (
         SELECT fv.id FROM webhook_endpoint_filters fv WHERE fv.endpoint_id = e.id ORDER BY fv.valid_from DESC, fv.id DESC LIMIT 1)
       WHERE e.public_id = ?1 AND NOT (latest.id IS NOT NULL AND latest.event_types_json IS e.event_types_json
         AND latest.tags_json IS e.filter_tags_json AND latest.authors_json IS e.filter_authors_json)`,
    )
    .bind(endpointPublicId, nowMs);
}
