import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { findFeedBySlug } from "../src/db/feeds";
import { buildFeed } from "../src/domain/feed-build";
import { type HotQueryFixture, recordHotPaths } from "./support/hot-queries";
import {
  explainPlan,
  partialIndexNames,
  planProblems,
  type RecordedStatement,
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
