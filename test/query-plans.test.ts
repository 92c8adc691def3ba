import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  deferDeliveriesStatement,
  fanOutStatement,
  listDueDeliveryIds,
  listPendingDeliveryIds,
} from "../src/db/deliveries";
import { listDeliveryLog } from "../src/db/delivery-log";
import { claimHeadStatement, findHeadStatement } from "../src/db/delivery-sequence";
import {
  claimProbe,
  closeCircuitStatement,
  recordAttemptsStatement,
  recordProbeStatement,
  releaseProbeStatement,
} from "../src/db/endpoint-circuit";
import { findFeedBySlug } from "../src/db/feeds";
import { swapNextSlot } from "../src/db/rate-slots";
import { buildFeed } from "../src/domain/feed-build";
import { findEventPage, readPageEvents } from "../src/services/event-stream";
import { type HotQueryFixture, recordHotPaths } from "./support/hot-queries";
import {
  explainPlan,
  partialIndexNames,
  planProblems,
  type RecordedStatement,
  recordingD1,
  tableAliases,
} from "./support/recording-d1";
import { createFeed, SAMPLE_ARTICLE } from "./support/seed";

/**
 * Ferry's hot paths must cost the same with 100 or 100 000 articles. Their statements are taken from the
 * real db/, services/ and delivery/ functions (run against a recording D1), then explained against the
 * migrated schema; `npm run bench` measures the same paths' rows read at scale.
 */
const NOW_MS = Date.UTC(2026, 10, 1);

function syntheticFixture(): HotQueryFixture {
  return {
    nowMs: NOW_MS,
    feed: { ...buildFeed({ slug: "plans", title: "Plans" }, NOW_MS), rowId: 1 },
    tag: "film",
    cursor: { datePublished: NOW_MS - 86_400_000, rowId: 500 },
    articleId: crypto.randomUUID(),
    tokenHash: "0".repeat(64),
    tokenRowId: 1,
    idempotencyKey: "plans",
    article: SAMPLE_ARTICLE,
    eventId: "msg_plans",
    deliveryRowId: 1,
    endpointRowId: 1,
  };
}

const paths = await recordHotPaths(syntheticFixture());
const cases = paths.flatMap((path) =>
  path.statements.map((statement, i) => ({ name: `${path.name} #${i + 1}`, statement })),
);

describe("hot query plans", () => {
  it("covers every hot path the benchmark measures", () => {
    expect(paths.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        "feed state (validators)",
        "feed page",
        "feed page, with cursor",
        "tag feed page",
        "tag feed page, with cursor",
        "article by public id",
        "publish",
        "fan-out",
        "cron sweep",
      ]),
    );
    for (const path of paths) expect(path.statements.length, path.name).toBeGreaterThan(0);
  });

  it.each(cases)("$name never scans a table or sorts a whole timeline", async ({ statement }) => {
    const plan = await explainPlan(env.DB, statement);
    const problems = planProblems(plan, await partialIndexNames(env.DB), tableAliases(statement.sql));
    expect(problems, `${statement.sql}\n${plan.map((s) => s.detail).join("\n")}`).toEqual([]);
  });
});

describe("event stream query plans", () => {
  it.each(["forward", "backward"] as const)(
    "a %s page of a feed's events reads index ranges only",
    async (direction) => {
      const { db, statements } = recordingD1();
      const selection = { types: ["article.updated" as const], tags: ["film"], authors: ["ada"], limit: 50 };
      await findEventPage(db, 1, direction, 500, selection);
      await readPageEvents(db, {
        items: [{ rowId: 1, publicId: "msg_plans", type: "article.updated", createdAt: 0, payloadBytes: 2 }],
        next: 1,
        more: false,
      });
      expect(statements).toHaveLength(3);
      for (const [i, statement] of statements.entries()) {
        const plan = await explainPlan(env.DB, statement);
        const problems = planProblems(plan, await partialIndexNames(env.DB), tableAliases(statement.sql));
        const details = plan.map((s) => s.detail).join("\n");
        expect(problems, `${statement.sql}\n${details}`).toEqual([]);
        // The window is one feed's range of ids, not every feed's events between two ids.
        if (i < 2)
          expect(details).toMatch(/USING (COVERING )?INDEX events_feed_row_idx \(feed_id=\? AND id[<>]\?/);
      }
    },
  );
});

/** A feed of `count` live articles a second apart, all tagged `deep`, with their terms. */
async function deepFeed(count: number): Promise<{ slug: string; feedRowId: number }> {
  const slug = await createFeed();
  const feed = await findFeedBySlug(env.DB, slug);
  if (!feed) throw new Error("feed not created");
  await env.DB.batch([
    env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?3)
       INSERT INTO articles (public_id, feed_id, title, tags_json, date_published, created_at, updated_at, announced_at)
       SELECT lower(hex(randomblob(16))), ?1, 'Deep ' || i, '["deep"]', ?2 + i * 1000, ?2 + i * 1000, ?2 + i * 1000, ?2 + i * 1000
       FROM seq`,
    ).bind(feed.rowId, NOW_MS - count * 1000 - 60_000, count),
    env.DB.prepare(
      `INSERT INTO article_terms (feed_id, kind, term_key, date_published, article_id)
       SELECT feed_id, 'tag', 'deep', date_published, id FROM articles WHERE feed_id = ?`,
    ).bind(feed.rowId),
  ]);
  return { slug, feedRowId: feed.rowId };
}

async function rowsRead(statement: RecordedStatement): Promise<number> {
  const { meta } = await env.DB.prepare(statement.sql)
    .bind(...statement.params)
    .all();
  return (meta as { rows_read: number }).rows_read;
}

describe("hot query cost", () => {
  it.each([
    ["feed page", "feed page, with cursor"],
    ["tag feed page", "tag feed page, with cursor"],
  ])("a deep %s reads no more rows than the first one", async (firstName, deepName) => {
    const { slug } = await deepFeed(600);
    const feed = await findFeedBySlug(env.DB, slug);
    if (!feed) throw new Error("feed not found");
    const boundary = await env.DB.prepare(
      `SELECT id, date_published FROM articles WHERE feed_id = ? ORDER BY date_published DESC, id DESC LIMIT 1 OFFSET 450`,
    )
      .bind(feed.rowId)
      .first<{ id: number; date_published: number }>();
    if (!boundary) throw new Error("no boundary article");
    const recorded = await recordHotPaths({
      ...syntheticFixture(),
      nowMs: Date.now(),
      feed,
      tag: "deep",
      cursor: { datePublished: boundary.date_published, rowId: boundary.id },
    });
    const statementOf = (name: string) => {
      const statement = recorded.find((p) => p.name === name)?.statements[0];
      if (!statement) throw new Error(`no statement for ${name}`);
      return statement;
    };
    const first = await rowsRead(statementOf(firstName));
    const deep = await rowsRead(statementOf(deepName));
    expect(first).toBeGreaterThan(feed.itemLimit);
    expect(deep, `${deepName} read ${deep} rows, the first page ${first}`).toBeLessThanOrEqual(first + 2);
  });
});

/** `endpoints` endpoints on the feed, each with `versions` filter versions (the last in force now) on tag `deep`. */
async function filteredEndpoints(feedRowId: number, endpoints: number, versions: number): Promise<void> {
  await env.DB.batch([
    env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?2)
       INSERT INTO webhook_endpoints (public_id, feed_id, url, secret, paused, filter_tags_json, created_at, updated_at)
       SELECT 'ep_' || lower(hex(randomblob(12))), ?1, 'https://subscriber.example/' || i, 'whsec_dGVzdA==', 1,
         '["deep"]', ?3, ?3 FROM seq`,
    ).bind(feedRowId, endpoints, NOW_MS - 86_400_000),
    env.DB.prepare(
      `WITH RECURSIVE seq(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM seq WHERE v < ?2)
       INSERT INTO webhook_endpoint_filters (endpoint_id, valid_from, tags_json)
       SELECT e.id, e.created_at + v, CASE WHEN v = ?2 THEN '["deep"]' ELSE '["other"]' END
       FROM webhook_endpoints e, seq WHERE e.feed_id = ?1`,
    ).bind(feedRowId, versions),
  ]);
}

/** Adds `count` article events to the feed and fans out the newest; returns the rows the fan-out read. */
async function fanOutRowsRead(feedRowId: number, count: number): Promise<number> {
  const inserted = await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?2)
     INSERT INTO events (public_id, feed_id, type, article_public_id, term_keys_json, payload, created_at)
     SELECT 'msg_' || lower(hex(randomblob(16))), ?1, 'article.updated', lower(hex(randomblob(16))),
       '{"tags":["deep"],"authors":[]}', '{}', ?3 + i FROM seq
     RETURNING public_id, created_at`,
  )
    .bind(feedRowId, count, NOW_MS)
    .all<{ public_id: string; created_at: number }>();
  const newest = inserted.results.reduce((a, b) => (b.created_at > a.created_at ? b : a));
  const { meta } = await fanOutStatement(env.DB, newest.public_id, NOW_MS).run();
  return meta.rows_read;
}

describe("fan-out cost", () => {
  it("reads rows for the feed's endpoints only, however many events and filter changes there were", async () => {
    const feedRowIdOf = async () => (await findFeedBySlug(env.DB, await createFeed()))?.rowId as number;
    const small = await feedRowIdOf();
    await filteredEndpoints(small, 5, 1);
    const baseline = await fanOutRowsRead(small, 1);
    const big = await feedRowIdOf();
    await filteredEndpoints(big, 5, 40);
    const deep = await fanOutRowsRead(big, 600);
    const delivered = await env.DB.prepare(
      "SELECT count(*) AS n FROM deliveries d JOIN events ev ON ev.id = d.event_id WHERE ev.feed_id IN (?, ?)",
    )
      .bind(small, big)
      .first<{ n: number }>();
    expect(delivered?.n).toBe(10);
    const why = `600 events and 40 filter versions read ${deep} rows, 1 and 1 ${baseline}`;
    expect(deep, why).toBeLessThanOrEqual(baseline);
  });
});

/**
 * Delivery control (FIFO head claims, circuit-breaker and rate-slot claims, the sweep's head check, the
 * log's `waiting`): statements that run per delivery or per endpoint must stay index lookups however many
 * deliveries an endpoint has waiting.
 */
async function recordDeliveryControl(): Promise<RecordedStatement[]> {
  const { db, statements } = recordingD1();
  const claim = { nowMs: NOW_MS, leaseMs: 60_000, dueByMs: NOW_MS + 1000, probe: false };
  await db.batch([claimHeadStatement(db, 1, claim), findHeadStatement(db, 1)]);
  await claimProbe(db, 1, NOW_MS, 60_000);
  await db.batch([
    releaseProbeStatement(db, 1),
    recordAttemptsStatement(
      db,
      1,
      { succeeded: false, failures: 2 },
      { threshold: 5, cooldownMs: 60_000, nowMs: NOW_MS },
    ),
    recordProbeStatement(db, 1, { succeeded: false, reopenForMs: 120_000, nowMs: NOW_MS }),
    closeCircuitStatement(db, 1),
    deferDeliveriesStatement(db, [[1, NOW_MS + 1000]]),
  ]);
  await swapNextSlot(db, 1, null, NOW_MS);
  await listDueDeliveryIds(db, NOW_MS - 60_000, NOW_MS, 1000);
  await listPendingDeliveryIds(db, 1, 1000);
  await listDeliveryLog(db, { endpointRowId: 1 }, { beforeRowId: null, limit: 20, status: null });
  return statements;
}

describe("delivery control query plans", async () => {
  const statements = await recordDeliveryControl();

  it("records every delivery-control statement", () => {
    expect(statements).toHaveLength(13);
  });

  it.each(statements.map((statement) => ({ sql: statement.sql.split("\n")[0], statement })))(
    "$sql uses indexes only",
    async ({ statement }) => {
      const plan = await explainPlan(env.DB, statement);
      const problems = planProblems(plan, await partialIndexNames(env.DB), tableAliases(statement.sql));
      expect(problems, `${statement.sql}\n${plan.map((s) => s.detail).join("\n")}`).toEqual([]);
    },
  );

  it("finds a FIFO head and the leases in flight through their partial indexes", async () => {
    const details = (await explainPlan(env.DB, statements[0] as RecordedStatement)).map((s) => s.detail);
    expect(details.join("\n")).toMatch(/deliveries_endpoint_pending_idx \(endpoint_id=\?\)/);
    expect(details.join("\n")).toMatch(
      /deliveries_endpoint_leased_idx \(endpoint_id=\? AND lease_until>\?\)/,
    );
    expect(details.join("\n")).toMatch(/events_feed_unfanned_idx \(feed_id=\? AND id<\?\)/);
  });
});
