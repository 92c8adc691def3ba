import type { EventSelection } from "../domain/event-selection";
import {
  EVENT_SCAN_ROWS,
  type EventMatch,
  type EventWindow,
  type ScanDirection,
} from "../domain/event-window";

/**
 * Reading a feed's outbox as a stream, in row-id order (D1 writes serially, so a later commit never gets a
 * lower id). Each read is two index ranges over `events (feed_id, id)`: the window of at most EVENT_SCAN_ROWS
 * rows from the cursor, and the matches within it. Bodies are read separately, only for the page's events.
 */

interface Direction {
  /** Rows beyond the position, e.g. `id > ?2`. */
  beyond: string;
  order: "ASC" | "DESC";
  /** Rows up to the window's edge, the edge given as ?3. */
  withinEdge: string;
  /** Where the window ends when fewer rows remain than it holds. */
  openEdge: string;
  farthest: string;
}

const DIRECTIONS: Readonly<Record<ScanDirection, Direction>> = {
  forward: {
    beyond: "id > ?2",
    order: "ASC",
    withinEdge: "<=",
    openEdge: "9007199254740991",
    farthest: "max",
  },
  backward: { beyond: "id < ?2", order: "DESC", withinEdge: ">=", openEdge: "0", farthest: "min" },
};

/** Row id of the window's last row: the EVENT_SCAN_ROWS-th row of the feed beyond the position (?1 feed, ?2 position, ?3 offset). */
function windowEdgeSql(d: Direction): string {
  return `SELECT id FROM events WHERE feed_id = ?1 AND ${d.beyond} ORDER BY id ${d.order} LIMIT 1 OFFSET ?3`;
}

/** Events whose term keys (`{"tags": [...], "authors": [...]}`) share a key with the JSON array bound at `param`. */
function termMatchSql(kind: "tags" | "authors", param: string): string {
  return `(${param} IS NULL OR EXISTS (SELECT 1 FROM json_each(e.term_keys_json, '$.${kind}') k
     WHERE k.value IN (SELECT value FROM json_each(${param}))))`;
}

/**
 * Matching events within the window, at most ?7 of them. A published or updated event of an article deleted
 * since is left out, as replay leaves it out: the article's content is not handed out again once withdrawn,
 * and its deletion event stands for it.
 */
function matchesSql(d: Direction): string {
  return `SELECT e.id, e.public_id, e.type, e.created_at, octet_length(e.payload) AS payload_bytes
    FROM events e
    WHERE e.feed_id = ?1 AND e.${d.beyond}
      AND e.id ${d.withinEdge} coalesce((${windowEdgeSql(d)}), ${d.openEdge})
      AND e.type IN (SELECT value FROM json_each(?4))
      AND ${termMatchSql("tags", "?5")} AND ${termMatchSql("authors", "?6")}
      AND (e.type = 'article.deleted' OR NOT EXISTS (
        SELECT 1 FROM articles a WHERE a.public_id = e.article_public_id AND a.deleted_at IS NOT NULL))
    ORDER BY e.id ${d.order} LIMIT ?7`;
}

function boundsSql(d: Direction): string {
  return `SELECT (${windowEdgeSql(d)}) AS window_edge,
    (SELECT ${d.farthest}(id) FROM events WHERE feed_id = ?1) AS farthest`;
}

interface MatchRow {
  id: number;
  public_id: string;
  type: string;
  created_at: number;
  payload_bytes: number;
}

/** Statements of one window read; in one batch, so both see the same outbox. */
export function eventWindowStatements(
  db: D1Database,
  feedRowId: number,
  direction: ScanDirection,
  from: number,
  selection: EventSelection,
): [D1PreparedStatement, D1PreparedStatement] {
  const d = DIRECTIONS[direction];
  const list = (values: readonly string[] | null) => (values === null ? null : JSON.stringify(values));
  const edgeOffset = EVENT_SCAN_ROWS - 1;
  return [
    db
      .prepare(matchesSql(d))
      .bind(
        feedRowId,
        from,
        edgeOffset,
        JSON.stringify(selection.types),
        list(selection.tags),
        list(selection.authors),
        selection.limit + 1,
      ),
    db.prepare(boundsSql(d)).bind(feedRowId, from, edgeOffset),
  ];
}

/** Reads the window of the feed's events from `from` (exclusive) in `direction`. */
export async function readEventWindow(
  db: D1Database,
  feedRowId: number,
  direction: ScanDirection,
  from: number,
  selection: EventSelection,
): Promise<EventWindow> {
  const [matches, bounds] = await db.batch<Record<string, unknown>>(
    eventWindowStatements(db, feedRowId, direction, from, selection),
  );
  const rows = (matches?.results ?? []) as unknown as MatchRow[];
  const edge = bounds?.results[0] as { window_edge: number | null; farthest: number | null } | undefined;
  return {
    matches: rows.map(toMatch),
    windowEdge: edge?.window_edge ?? null,
    farthest: edge?.farthest ?? null,
  };
}

function toMatch(row: MatchRow): EventMatch {
  return {
    rowId: row.id,
    publicId: row.public_id,
    type: row.type,
    createdAt: row.created_at,
    payloadBytes: row.payload_bytes,
  };
}

/** The exact bodies of the given events, by row id. */
export function eventPayloadsStatement(db: D1Database, rowIds: readonly number[]): D1PreparedStatement {
  return db
    .prepare("SELECT id, payload FROM events WHERE id IN (SELECT value FROM json_each(?))")
    .bind(JSON.stringify(rowIds));
}

export async function readEventPayloads(
  db: D1Database,
  rowIds: readonly number[],
): Promise<Map<number, string>> {
  if (rowIds.length === 0) return new Map();
  const { results } = await eventPayloadsStatement(db, rowIds).all<{ id: number; payload: string }>();
  return new Map(results.map((row) => [row.id, row.payload]));
}
