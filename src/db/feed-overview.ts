import type { Feed } from "../domain/feed";
import { type FeedRow, toFeed } from "./feeds";

/** A feed with what an editor looks for first: how much it holds, when it last published, who listens. */
export interface FeedOverview {
  feed: Feed;
  /** Live articles, counted up to `countCap`: a count of `countCap` means "at least that many". */
  articleCount: number;
  scheduledCount: number;
  lastPublishedAt: number | null;
  webhookCount: number;
  websubCount: number;
}

interface OverviewRow extends FeedRow {
  article_count: number;
  scheduled_count: number;
  last_published_at: number | null;
  webhook_count: number;
  websub_count: number;
}

/**
 * The feeds a token may see (every feed, or those it is scoped to), by slug, with their figures. Each figure is one
 * index range per feed; the article counts stop at `countCap`, so a feed of a million articles costs no more than
 * one of `countCap`. Webhooks and WebSub subscriptions are capped per feed already (2 000 and 10 000).
 */
export async function listFeedOverviews(
  db: D1Database,
  onlyTokenId: number | null,
  nowMs: number,
  countCap: number,
): Promise<FeedOverview[]> {
  const scope = onlyTokenId === null ? "" : "JOIN api_token_feeds g ON g.feed_id = f.id AND g.token_id = ?";
  const { results } = await db
    .prepare(
      `SELECT f.*,
         (SELECT count(*) FROM (SELECT 1 FROM articles a WHERE a.feed_id = f.id AND a.deleted_at IS NULL LIMIT ?))
           AS article_count,
         (SELECT count(*) FROM (SELECT 1 FROM articles a WHERE a.feed_id = f.id AND a.deleted_at IS NULL
           AND a.date_published > ? LIMIT ?)) AS scheduled_count,
         (SELECT a.date_published FROM articles a WHERE a.feed_id = f.id AND a.deleted_at IS NULL
           AND a.date_published <= ? ORDER BY a.date_published DESC LIMIT 1) AS last_published_at,
         (SELECT count(*) FROM webhook_endpoints w WHERE w.feed_id = f.id AND w.deleted_at IS NULL) AS webhook_count,
         (SELECT count(*) FROM websub_subscriptions s WHERE s.feed_id = f.id AND s.state = 'active'
           AND s.expires_at > ?) AS websub_count
       FROM feeds f ${scope} ORDER BY f.slug`,
    )
    .bind(countCap, nowMs, countCap, nowMs, nowMs, ...(onlyTokenId === null ? [] : [onlyTokenId]))
    .all<OverviewRow>();
  return results.map((row) => ({
    feed: toFeed(row),
    articleCount: row.article_count,
    scheduledCount: row.scheduled_count,
    lastPublishedAt: row.last_published_at,
    webhookCount: row.webhook_count,
    websubCount: row.websub_count,
  }));
}
