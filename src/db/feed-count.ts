/** How many feeds this Ferry serves: NodeInfo's user count. Feeds are made by admins, so the table stays small. */
export async function countFeeds(db: D1Database): Promise<number> {
  const row = await db.prepare("SELECT count(*) AS n FROM feeds").first<{ n: number }>();
  return row?.n ?? 0;
}
