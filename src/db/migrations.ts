/**
 * The newest migration applied to this database. Wrangler (`d1 migrations apply`) and the test runtime
 * record each applied file by name in `d1_migrations`; names are zero-padded, so the highest is the newest.
 * Also serves as the health check's trivial query: it fails when D1 does.
 */
export async function findLatestMigration(db: D1Database): Promise<string | null> {
  const row = await db
    .prepare("SELECT max(name) AS name FROM d1_migrations")
    .first<{ name: string | null }>();
  return row?.name ?? null;
}
