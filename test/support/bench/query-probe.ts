import { findFeedBySlug } from "../../../src/db/feeds";
import { findLiveTokenByHash } from "../../../src/db/tokens";
import { type HotQueryFixture, recordHotPaths } from "../hot-queries";
import {
  explainPlan,
  partialIndexNames,
  planProblems,
  type RecordedStatement,
  tableAliases,
} from "../recording-d1";

/** What the benchmark asks the probe about: one seeded feed and a token that may publish to it. */
export interface ProbeRequest {
  feedSlug: string;
  tokenHash: string;
  tag: string;
  /** How far back the "with cursor" page starts, in articles. */
  cursorOffset: number;
  /** The publish body; the probe really publishes it, as the API would. */
  article: unknown;
}

export interface ProbedStatement {
  sql: string;
  plan: string[];
  problems: string[];
  /** D1's `meta.rows_read`; null for writes that were only explained, not run. */
  rowsRead: number | null;
  rowsWritten: number | null;
}

/** Paths whose writes the probe runs for real: a publish is what the benchmark does anyway. */
const EXECUTED_PATHS = new Set(["publish"]);

/**
 * Runs Ferry's hot paths against a real database (the benchmark's): every statement is explained, every
 * read is run for its `rows_read`, and a publish is committed statement by statement.
 */
export async function probeHotQueries(db: D1Database, request: ProbeRequest) {
  const fixture = await loadFixture(db, request);
  const paths = await recordHotPaths(fixture);
  const partialIndexes = await partialIndexNames(db);
  const probed = [];
  for (const path of paths) {
    const statements: ProbedStatement[] = [];
    for (const statement of path.statements) {
      const steps = await explainPlan(db, statement);
      const run = EXECUTED_PATHS.has(path.name) || isRead(statement.sql);
      const meta = run ? await runForMeta(db, statement) : null;
      statements.push({
        sql: statement.sql.replace(/\s+/g, " ").trim(),
        plan: steps.map((step) => step.detail),
        problems: planProblems(steps, partialIndexes, tableAliases(statement.sql)),
        rowsRead: meta?.rows_read ?? null,
        rowsWritten: meta?.rows_written ?? null,
      });
    }
    const rowsRead = statements.reduce((sum, s) => sum + (s.rowsRead ?? 0), 0);
    probed.push({ name: path.name, rowsRead, statements });
  }
  return { fixture: { feed: fixture.feed.slug, tag: fixture.tag, cursor: fixture.cursor }, paths: probed };
}

function isRead(sql: string): boolean {
  return /^\s*(SELECT|WITH)\b/i.test(sql);
}

async function runForMeta(db: D1Database, statement: RecordedStatement) {
  const result = await db
    .prepare(statement.sql)
    .bind(...statement.params)
    .all();
  return result.meta as { rows_read?: number; rows_written?: number };
}

async function loadFixture(db: D1Database, request: ProbeRequest): Promise<HotQueryFixture> {
  const nowMs = Date.now();
  const feed = await findFeedBySlug(db, request.feedSlug);
  const token = await findLiveTokenByHash(db, request.tokenHash, nowMs);
  if (!feed || !token) throw new Error(`probe: no feed ${request.feedSlug} or no live token`);
  const timeline = (offset: number) =>
    db
      .prepare(
        `SELECT id, public_id, date_published FROM articles WHERE feed_id = ? AND deleted_at IS NULL
         ORDER BY date_published DESC, id DESC LIMIT 1 OFFSET ?`,
      )
      .bind(feed.rowId, offset)
      .first<{ id: number; public_id: string; date_published: number }>();
  const newest = await timeline(0);
  const boundary = await timeline(request.cursorOffset);
  const event = await db
    .prepare("SELECT public_id FROM events ORDER BY id DESC LIMIT 1")
    .first<{ public_id: string }>();
  const delivery = await db
    .prepare("SELECT id, endpoint_id FROM deliveries ORDER BY id DESC LIMIT 1")
    .first<{ id: number; endpoint_id: number | null }>();
  return {
    nowMs,
    feed,
    tag: request.tag,
    cursor: { datePublished: boundary?.date_published ?? nowMs, rowId: boundary?.id ?? 0 },
    articleId: newest?.public_id ?? crypto.randomUUID(),
    tokenHash: request.tokenHash,
    tokenRowId: token.tokenRowId,
    idempotencyKey: `probe-${crypto.randomUUID()}`,
    article: request.article,
    eventId: event?.public_id ?? "msg_none",
    deliveryRowId: delivery?.id ?? 0,
    endpointRowId: delivery?.endpoint_id ?? 0,
  };
}
