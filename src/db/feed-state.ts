import type { FeedState } from "../domain/feed-version";
import { type FeedRow, toFeed } from "./feeds";

export interface FeedStateRow extends FeedRow {
  newest_published_at: number | null;
}

/**
 * A feed and the publication time of its newest visible article, in one query run before any
 * rendering: the max is a single seek on the partial index `articles_feed_published_idx`, never a
 * scan, however many articles the feed holds.
 */
export function feedStateStatement(db: D1Database, slug: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT f.*,
         (SELECT max(a.date_published) FROM articles a
           WHERE a.feed_id = f.id AND a.deleted_at IS NULL AND a.date_published <= ?) AS newest_published_at
       FROM feeds f WHERE f.slug = ?`,
    )
    .bind(nowMs, slug);
}

export function toFeedState(row: FeedStateRow): FeedState {
  return { feed: toFeed(row), newestPublishedAt: row.newest_published_at };
}

export async function findFeedState(db: D1Database, slug: string, nowMs: number): Promise<FeedState | null> {
  const row = await feedStateStatement(db, slug, nowMs).first<FeedStateRow>();
  return row ? toFeedState(row) : null;
}
