/** A statement Ferry's db/ code prepared: its SQL and the values bound to it. */
export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

const EMPTY_RESULT = { results: [], success: true, meta: { rows_read: 0, rows_written: 0, changes: 0 } };

/**
 * A stand-in for D1 that records every statement Ferry's db/ functions prepare, in order, and answers
 * every read with no rows. It never touches a database: it shows the real SQL a code path would run.
 */
export function recordingD1(): { db: D1Database; statements: RecordedStatement[] } {
  const statements: RecordedStatement[] = [];
  const statement = (sql: string, params: unknown[] | null) => {
    // A statement is recorded when bound, or when run without binding.
    const recordUnbound = () => {
      if (params === null) statements.push({ sql, params: [] });
    };
    const answer = async <T>(value: T): Promise<T> => {
      recordUnbound();
      return value;
    };
    return {
      bind: (...values: unknown[]) => {
        statements.push({ sql, params: values });
        return statement(sql, values);
      },
      first: () => answer(null),
      all: () => answer(EMPTY_RESULT),
      run: () => answer(EMPTY_RESULT),
      raw: () => answer([]),
      recordUnbound,
    };
  };
  const db = {
    prepare: (sql: string) => statement(sql, null),
    batch: async (batch: { recordUnbound: () => void }[]) =>
      batch.map((s) => {
        s.recordUnbound();
        return EMPTY_RESULT;
      }),
  };
  return { db: db as unknown as D1Database, statements };
}

/** One line of `EXPLAIN QUERY PLAN` output. */
export interface PlanStep {
  id: number;
  parent: number;
  detail: string;
}

export async function explainPlan(db: D1Database, statement: RecordedStatement): Promise<PlanStep[]> {
  const { results } = await db
    .prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
    .bind(...statement.params)
    .all<PlanStep>();
  return results;
}

/** Tables whose size grows with content; a plan may never walk them whole, not even through an index. */
export const TIMELINE_TABLES = ["articles", "article_terms"];

/**
 * What makes a plan's cost grow with the size of a table: a scan of a table or of a whole index, or a sort
 * of every matching row before LIMIT (`USE TEMP B-TREE FOR ORDER BY`). Two scans are bounded all the same:
 * json_each (one bound value) and a partial index of pending work (`partialIndexes`), except on the
 * timeline tables. Plans name tables by their alias, so `aliases` maps those back (e.g. `a` → `articles`).
 */
export function planProblems(
  plan: readonly PlanStep[],
  partialIndexes: ReadonlySet<string> = new Set(),
  aliases: ReadonlyMap<string, string> = new Map(),
): string[] {
  return plan
    .map((step) => step.detail)
    .filter((detail) => {
      if (/USE TEMP B-TREE FOR (ORDER|GROUP) BY/.test(detail)) return true;
      const scan = /^SCAN (\S+)(?: USING (?:COVERING )?INDEX (\S+))?/.exec(detail);
      if (!scan || / VIRTUAL TABLE\b/.test(detail) || detail === "SCAN CONSTANT ROW") return false;
      // A derived table (`FROM (SELECT … LIMIT n)`) is read as SQLite built it, not a table scan.
      if (/^SCAN \(subquery-\d+\)$/.test(detail)) return false;
      const [, name = "", index] = scan;
      const table = aliases.get(name) ?? name;
      return TIMELINE_TABLES.includes(table) || index === undefined || !partialIndexes.has(index);
    });
}

/** Names of the partial indexes (`CREATE INDEX … WHERE …`) in the database. */
export async function partialIndexNames(db: D1Database): Promise<Set<string>> {
  const { results } = await db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'")
    .all<{ name: string }>();
  return new Set(results.map((r) => r.name));
}

/** `FROM articles a JOIN feeds f …` → a → articles, f → feeds. */
export function tableAliases(sql: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const match of sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    const [, table = "", alias] = match;
    if (alias && !/^(ON|WHERE|JOIN|LEFT|INNER|CROSS|USING|ORDER|GROUP|LIMIT|SET)$/i.test(alias))
      aliases.set(alias, table);
  }
  return aliases;
}
