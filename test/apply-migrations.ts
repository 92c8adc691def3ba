import { env } from "cloudflare:workers";

// Runs before each test file: every file starts from a fully migrated local D1. This is applyD1Migrations from
// "cloudflare:test" without importing that module, which loads the whole Worker: some 4 s per file that the unit
// tests (half the files) never need.
const { DB, TEST_MIGRATIONS } = env;
await DB.prepare(
  `CREATE TABLE IF NOT EXISTS d1_migrations (
     id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)`,
).run();
const { results } = await DB.prepare("SELECT name FROM d1_migrations").all<{ name: string }>();
const applied = new Set(results.map((row) => row.name));
for (const migration of TEST_MIGRATIONS) {
  if (applied.has(migration.name)) continue;
  await DB.batch([
    ...migration.queries.map((query) => DB.prepare(query)),
    DB.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(migration.name),
  ]);
}
