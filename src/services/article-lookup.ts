import { type ArticleRecord, findArticle } from "../db/articles";
import type { Feed } from "../domain/feed";
import { FerryError } from "../domain/problems";

/**
 * The article `id` of `feed`, as every read or write of one article starts (the API and the console alike): a 404
 * when the feed has no such article, a 410 when it was deleted unless the caller handles tombstones itself.
 */
export async function loadArticle(
  db: D1Database,
  feed: Feed,
  id: string,
  options: { allowDeleted: boolean },
): Promise<ArticleRecord> {
  const record = await findArticle(db, feed.rowId, id);
  if (!record) throw new FerryError("not_found", `There is no article ${id} in the feed "${feed.slug}".`);
  if (record.article.deletedAt !== null && !options.allowDeleted) {
    throw new FerryError("gone", `The article ${id} was deleted.`);
  }
  return record;
}
