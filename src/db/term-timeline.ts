import type { FeedFilter } from "../domain/feed-filter";
import {
  type ArticleRecord,
  type ArticleRow,
  SELECT_ARTICLE,
  type TimelineCursor,
  type TimelineSource,
  timelineSourceSql,
  timelineUpperBound,
  toRecord,
} from "./articles";

/**
 * Live, already-published articles of a feed that carry one tag or author, newest first: a range scan
 * of the `article_terms` primary key, paged by (date_published, id) like the whole feed.
 */
export function publishedArticlesByTermStatement(
  db: D1Database,
  source: TimelineSource,
  filter: FeedFilter,
  nowMs: number,
  before: TimelineCursor | null,
): D1PreparedStatement {
  const bound = timelineUpperBound(before, nowMs);
  const sql = timelineSourceSql(source);
  return db
    .prepare(
      `${SELECT_ARTICLE}
       JOIN article_terms t ON t.article_id = a.id
       WHERE t.feed_id = ${sql.feedId} AND t.kind = ? AND t.term_key = ? AND (t.date_published, t.article_id) < (?, ?)
         AND a.deleted_at IS NULL
       ORDER BY t.date_published DESC, t.article_id DESC LIMIT ${sql.limit}`,
    )
    .bind(
      ...sql.feedIdBindings,
      filter.kind,
      filter.key,
      bound.datePublished,
      bound.rowId,
      ...sql.limitBindings,
    );
}

export async function listPublishedArticlesByTerm(
  db: D1Database,
  feedRowId: number,
  filter: FeedFilter,
  nowMs: number,
  before: TimelineCursor | null,
  limit: number,
): Promise<ArticleRecord[]> {
  const statement = publishedArticlesByTermStatement(db, { feedRowId, limit }, filter, nowMs, before);
  const { results } = await statement.all<ArticleRow>();
  return results.map(toRecord);
}
