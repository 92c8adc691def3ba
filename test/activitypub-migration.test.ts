import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * 0015 rebuilds `deliveries` to add a third target (an ActivityPub inbox), since SQLite cannot alter a CHECK. This
 * file's database is put back to the table 0003 made, with the indexes 0003, 0005 and 0011 gave it, filled with
 * deliveries and attempts, and 0015's rebuild is run over it as `wrangler d1 migrations apply` would.
 */

const migration = (prefix: string) => {
  const found = env.TEST_MIGRATIONS.find((m) => m.name.startsWith(prefix));
  if (!found) throw new Error(`no migration ${prefix}`);
  return found.queries;
};

const DELIVERY_COLUMNS =
  "id, public_id, event_id, endpoint_id, subscription_id, status, attempts, next_attempt_at, lease_until, last_error, created_at, updated_at";

async function indexesOfDeliveries(): Promise<string[]> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries' AND sql IS NOT NULL ORDER BY name",
  ).all<{ name: string }>();
  return results.map((r) => r.name);
}

let before: Record<string, unknown>[] = [];
let attemptsBefore: Record<string, unknown>[] = [];
let indexesBefore: string[] = [];

const allAttempts = async () =>
  (await env.DB.prepare("SELECT * FROM delivery_attempts ORDER BY id").all()).results;

beforeAll(async () => {
  const oldTable = migration("0003").filter((q) => q.includes("CREATE TABLE deliveries"));
  const oldIndexes = ["0003", "0005", "0011"].flatMap((m) =>
    migration(m).filter((q) => /CREATE INDEX deliveries_\w+ ON deliveries \(/.test(q)),
  );
  await env.DB.batch(
    ["PRAGMA defer_foreign_keys = true", "DROP TABLE deliveries", ...oldTable, ...oldIndexes].map((q) =>
      env.DB.prepare(q),
    ),
  );
  indexesBefore = await indexesOfDeliveries();
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO feeds (id, public_id, slug, title, item_limit, content_changed_at, created_at, updated_at)
       VALUES (900, 'f-900', 'migrated', 'Migrated', 20, ?1, ?1, ?1)`,
    ).bind(now),
    env.DB.prepare(
      `INSERT INTO webhook_endpoints (id, public_id, feed_id, url, secret, created_at, updated_at)
       VALUES (901, 'ep_901', 900, 'https://example.com/hook', 'whsec_x', ?1, ?1)`,
    ).bind(now),
    env.DB.prepare(
      `INSERT INTO events (id, public_id, feed_id, type, payload, created_at) VALUES
       (902, 'msg_902', 900, 'article.published', '{}', ?1), (903, 'msg_903', 900, 'article.updated', '{}', ?1)`,
    ).bind(now),
    env.DB.prepare(
      `INSERT INTO deliveries (${DELIVERY_COLUMNS}) VALUES
       (904, 'dlv_904', 902, 901, NULL, 'succeeded', 1, ?1, NULL, NULL, ?1, ?1),
       (905, 'dlv_905', 903, 901, NULL, 'pending', 2, ?1, ?2, 'HTTP 500', ?1, ?1),
       (906, 'dlv_906', 902, NULL, 77, 'dead', 8, ?1, NULL, 'gone', ?1, ?1)`,
    ).bind(now, now + 60_000),
    env.DB.prepare(
      `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, duration_ms, response_status, created_at)
       VALUES (904, 1, ?1, 5, 200, ?1), (905, 1, ?1, 5, 500, ?1), (905, 2, ?1, 5, 500, ?1)`,
    ).bind(now),
  ]);
  before = (await env.DB.prepare(`SELECT ${DELIVERY_COLUMNS} FROM deliveries ORDER BY id`).all()).results;
  attemptsBefore = await allAttempts();
  const rebuild = migration("0015");
  const from = rebuild.findIndex((q) => q.includes("PRAGMA defer_foreign_keys"));
  await env.DB.batch(rebuild.slice(from).map((q) => env.DB.prepare(q)));
});

describe("0015 on a database with deliveries", () => {
  it("keeps every delivery and every attempt as they were, ids and all", async () => {
    const after = await env.DB.prepare(
      `SELECT ${DELIVERY_COLUMNS}, inbox_id FROM deliveries ORDER BY id`,
    ).all();
    expect(before).toHaveLength(3);
    expect(after.results).toEqual(before.map((row) => ({ ...row, inbox_id: null })));
    expect((await env.DB.prepare("PRAGMA foreign_key_check").all()).results).toEqual([]);
    expect(attemptsBefore).toHaveLength(3);
    expect(await allAttempts()).toEqual(attemptsBefore);
    const attemptIndexes = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'delivery_attempts' ORDER BY name",
    ).all<{ name: string }>();
    expect(attemptIndexes.results.map((r) => r.name)).toEqual([
      "delivery_attempts_created_at_idx",
      "delivery_attempts_delivery_idx",
    ]);
    const tables = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE name LIKE '%_aside' OR name LIKE '%_rebuilt'",
    ).all();
    expect(tables.results).toEqual([]);
  });

  it("keeps every index of deliveries from 0003, 0005 and 0011, and adds the inbox's", async () => {
    expect(indexesBefore).toHaveLength(6);
    expect(await indexesOfDeliveries()).toEqual([...indexesBefore, "deliveries_inbox_id_idx"].sort());
  });

  it("takes exactly one target per delivery, an inbox now among them, once per event", async () => {
    const insert = (id: number, event: number, targets: string) =>
      env.DB.prepare(
        `INSERT INTO deliveries (id, public_id, event_id, endpoint_id, subscription_id, inbox_id, status, next_attempt_at,
           created_at, updated_at) VALUES (?, ?, ?, ${targets}, 'pending', 0, 0, 0)`,
      )
        .bind(id, `dlv_${id}`, event)
        .run();
    await insert(910, 903, "NULL, NULL, 5");
    await expect(insert(911, 903, "NULL, NULL, 5")).rejects.toThrow(/UNIQUE/);
    await expect(insert(912, 903, "901, NULL, 6")).rejects.toThrow(/CHECK/);
    await expect(insert(913, 903, "NULL, NULL, NULL")).rejects.toThrow(/CHECK/);
  });
});
