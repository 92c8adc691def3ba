import { env } from "cloudflare:test";

/**
 * Every table a request can write, with the columns left out of the comparison: `last_used_at` is stamped by
 * any authenticated request (at most once a minute), whatever its answer, so it is not a change a refusal makes.
 */
const SNAPSHOT_TABLES: Readonly<Record<string, { orderBy: string; ignore?: readonly string[] }>> = {
  feeds: { orderBy: "id" },
  articles: { orderBy: "id" },
  article_terms: { orderBy: "feed_id, kind, term_key, date_published, article_id" },
  api_tokens: { orderBy: "id", ignore: ["last_used_at"] },
  api_token_feeds: { orderBy: "token_id, feed_id" },
  idempotency_keys: { orderBy: "token_id, idempotency_key" },
  webhook_endpoints: { orderBy: "id" },
  events: { orderBy: "id" },
  deliveries: { orderBy: "id" },
  delivery_attempts: { orderBy: "id" },
  websub_intents: { orderBy: "id" },
  websub_subscriptions: { orderBy: "id" },
  websub_topic_pushes: { orderBy: "topic_url" },
  // Like a token's `last_used_at`, a console session's `last_seen_at` is stamped by any request it makes.
  console_sessions: { orderBy: "id", ignore: ["last_seen_at"] },
  // PEM keys span lines, and a row is one line of the snapshot; every write of one also writes other columns.
  activitypub_keys: { orderBy: "feed_id", ignore: ["public_key", "private_key"] },
  activitypub_inboxes: { orderBy: "id" },
  activitypub_followers: { orderBy: "id", ignore: ["public_key"] },
};

/**
 * Text longer than this is compared by its length and both ends, so a snapshot costs O(rows) rather than
 * O(bytes) when fuzzing has stored large articles: every write Ferry makes replaces whole rows and bumps a
 * timestamp, so no real change hides in the middle of a long unchanged-length text.
 */
const LONG_TEXT = 2048;

/** One table's rows, one line per row with every column `quote()`d (NULL and 'NULL' differ), in key order. */
export interface TableSnapshot {
  count: number;
  rows: string;
}

export type DbSnapshot = Record<string, TableSnapshot>;

let statementsSql: { table: string; sql: string }[] | undefined;

async function buildSnapshotSql(): Promise<{ table: string; sql: string }[]> {
  const built = [];
  for (const [table, spec] of Object.entries(SNAPSHOT_TABLES)) {
    const { results } = await env.DB.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{
      name: string;
    }>();
    const columns = results.map((r) => r.name).filter((name) => !spec.ignore?.includes(name));
    if (columns.length === 0) throw new Error(`snapshot: table ${table} has no columns (missing migration?)`);
    const cells = columns.map(
      (c) =>
        `CASE WHEN typeof(${c}) = 'text' AND length(${c}) > ${LONG_TEXT} ` +
        `THEN 'len' || length(${c}) || ':' || quote(substr(${c}, 1, 256)) || '..' || quote(substr(${c}, -256)) ` +
        `ELSE quote(${c}) END`,
    );
    built.push({
      table,
      sql: `SELECT count(*) AS count, coalesce(group_concat(r, char(10)), '') AS rows
            FROM (SELECT ${cells.join(" || ',' || ")} AS r FROM ${table} ORDER BY ${spec.orderBy})`,
    });
  }
  return built;
}

/** Row counts and contents of every table a request could touch, read in one D1 batch. */
export async function takeSnapshot(): Promise<DbSnapshot> {
  statementsSql ??= await buildSnapshotSql();
  const results = await env.DB.batch<TableSnapshot>(statementsSql.map((s) => env.DB.prepare(s.sql)));
  const snapshot: DbSnapshot = {};
  statementsSql.forEach((s, i) => {
    const row = results[i]?.results[0];
    snapshot[s.table] = { count: Number(row?.count ?? 0), rows: String(row?.rows ?? "") };
  });
  return snapshot;
}

/**
 * Tables whose rows a successful read may add, never change: a feed's ActivityPub key pair is made the first time
 * its actor is read (and reads agree on the one pair stored), like a cache filled on first use.
 */
const MADE_ON_FIRST_READ: ReadonlySet<string> = new Set(["activitypub_keys"]);

/**
 * What differs between two snapshots, table by table: counts, and the first rows only one side has. For a
 * successful read (`read`), rows added to a MADE_ON_FIRST_READ table are not a difference.
 */
export function diffSnapshots(before: DbSnapshot, after: DbSnapshot, read = false): string[] {
  const differences: string[] = [];
  for (const table of Object.keys(SNAPSHOT_TABLES)) {
    const a = before[table];
    const b = after[table];
    if (!a || !b || (a.count === b.count && a.rows === b.rows)) continue;
    const beforeRows = new Set(a.rows.split("\n"));
    const afterRows = new Set(b.rows.split("\n"));
    const removed = [...beforeRows].filter((r) => r !== "" && !afterRows.has(r)).slice(0, 2);
    const added = [...afterRows].filter((r) => !beforeRows.has(r)).slice(0, 2);
    if (read && MADE_ON_FIRST_READ.has(table) && removed.length === 0) continue;
    differences.push(
      `${table}: ${a.count} -> ${b.count} rows; was ${clip(removed.join(" | "))}; now ${clip(added.join(" | "))}`,
    );
  }
  return differences;
}

function clip(text: string): string {
  return text.length > 400 ? `${text.slice(0, 400)}…` : text || "(nothing)";
}
