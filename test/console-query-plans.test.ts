import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { listArticleListings, searchArticleTitles } from "../src/db/article-listings";
import {
  findLiveConsoleSession,
  purgeConsoleSessionsStatement,
  touchConsoleSessionStatement,
  trimTokenSessionsStatement,
} from "../src/db/console-sessions";
import { tallyAttempts } from "../src/db/delivery-chart";
import { listDeliveryLog } from "../src/db/delivery-log";
import { listFeedOverviews } from "../src/db/feed-overview";
import { listSubscriberPage } from "../src/db/websub-subscriber-page";
import { sessionCutoffs } from "../src/domain/console-session";
import {
  explainPlan,
  partialIndexNames,
  planProblems,
  type RecordedStatement,
  recordingD1,
  tableAliases,
} from "./support/recording-d1";

const NOW_MS = Date.UTC(2026, 10, 1);

/** The statements of every console query, from the real db/ functions run against a recording D1. */
async function consoleStatements(): Promise<[string, RecordedStatement][]> {
  const named: [string, RecordedStatement][] = [];
  const record = async (name: string, run: (db: D1Database) => unknown) => {
    const { db, statements } = recordingD1();
    await run(db);
    for (const [i, statement] of statements.entries()) named.push([`${name} #${i + 1}`, statement]);
  };
  await record("session lookup", (db) => findLiveConsoleSession(db, "0".repeat(64), sessionCutoffs(NOW_MS)));
  await record("session touch", (db) => touchConsoleSessionStatement(db, 1, NOW_MS, 60_000).run());
  await record("sign-in trim", (db) => trimTokenSessionsStatement(db, 1, 20).run());
  await record("session purge", (db) => purgeConsoleSessionsStatement(db, sessionCutoffs(NOW_MS), 500).run());
  await record("article list", (db) => listArticleListings(db, 1, 500, 26));
  await record("title search", (db) => searchArticleTitles(db, 1, "ferry", 500, 1000, 26));
  await record("delivery log, waiting only", (db) =>
    listDeliveryLog(db, { endpointRowId: 1 }, { beforeRowId: 500, limit: 21, status: "waiting" }),
  );
  await record("WebSub subscribers with their latest push", (db) =>
    listSubscriberPage(db, 1, { beforeRowId: 500, limit: 51 }),
  );
  return named;
}

const cases = await consoleStatements();

describe("console query plans", () => {
  it.each(cases)("%s reads index ranges, never a whole table or timeline", async (_name, statement) => {
    const plan = await explainPlan(env.DB, statement);
    const problems = planProblems(plan, await partialIndexNames(env.DB), tableAliases(statement.sql));
    expect(problems, `${statement.sql}\n${plan.map((s) => s.detail).join("\n")}`).toEqual([]);
  });

  it("tallies a chart from one endpoint's recently changed deliveries, capped, grouping only what the cap let in", async () => {
    const { db, statements } = recordingD1();
    await tallyAttempts(db, 1, { sinceMs: NOW_MS - 7 * 86_400_000, slotMs: 3_600_000, cap: 20_000 });
    const [statement] = statements as [RecordedStatement];
    const plan = await explainPlan(env.DB, statement);
    const details = plan.map((step) => step.detail).join("\n");
    expect(details).toMatch(/deliveries_endpoint_id_updated_at_idx \(endpoint_id=\? AND updated_at>\?\)/);
    expect(details).toMatch(/delivery_attempts_delivery_idx \(delivery_id=\?\)/);
    // The derived table `t` is a co-routine that LIMIT caps: scanning it and sorting it for GROUP BY is bounded.
    expect(details).toMatch(/^CO-ROUTINE t$/m);
    const problems = planProblems(plan, await partialIndexNames(env.DB), tableAliases(statement.sql));
    expect(problems, details).toEqual(["SCAN t", "USE TEMP B-TREE FOR GROUP BY"]);
    expect(statement.sql).toMatch(/ORDER BY d\.updated_at DESC LIMIT \?3\) t\s+GROUP BY slot/);
  });

  it.each([
    ["every feed", null],
    ["a scoped token's feeds", 1],
  ])(
    "the overview of %s walks and sorts only the feeds, each feed's figures by index",
    async (_name, token) => {
      const { db, statements } = recordingD1();
      await listFeedOverviews(db, token, NOW_MS, 10_000);
      const [statement] = statements as [RecordedStatement];
      const plan = await explainPlan(env.DB, statement);
      const outer = new Set(plan.filter((step) => step.parent === 0).map((step) => step.detail));
      const problems = planProblems(plan, await partialIndexNames(env.DB), tableAliases(statement.sql));
      const beyondFeeds = problems.filter(
        (detail) => !outer.has(detail) || !/^(SCAN f\b|USE TEMP B-TREE)/.test(detail),
      );
      expect(beyondFeeds, plan.map((s) => s.detail).join("\n")).toEqual([]);
    },
  );
});
