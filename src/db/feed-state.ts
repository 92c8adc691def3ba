import type { FeedState } from "../domain/feed-version";
import { type FeedRow, toFeed } from "./feeds";

interface FeedStateRow extends FeedRow {
  newest_published_at: number | null;
}

/**
 * A feed and the publication time of its newest visible article, in one query run before any
 * rendering: the max is a single seek on the partial index `articles_feed_published_idx`, never a
 * scan, however many articles the feed holds.
 */
export async function findFeedState(db: D1Database, slug: string, nowMs: number): Promise<FeedState | null> {
  const row = await db
    .prepare(
      `SELECT f.*,
         (SELECT max(a.date_published) FROM articles a
           WHERE a.feed_id = f.id AND a.deleted_at IS NULL AND a.date_published <= ?) AS newest_published_at
       FROM feeds f WHERE f.slug = ?`,
    )
    .bind(nowMs, slug)
    .first<FeedStateRow>();
  return row ? { feed: toFeed(row), newestPublishedAt: row.newest_published_at } : null;
}
