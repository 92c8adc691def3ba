import type { Author } from "../domain/article";
import type { Feed, PodcastSettings } from "../domain/feed";
import type { ContentMode } from "../domain/feed-input";

export interface FeedRow {
  id: number;
  public_id: string;
  slug: string;
  title: string;
  description: string | null;
  home_page_url: string | null;
  language: string | null;
  default_author_json: string | null;
  icon_url: string | null;
  item_limit: number;
  content_mode: ContentMode;
  podcast_json: string | null;
  content_changed_at: number;
  created_at: number;
  updated_at: number;
}

export function toFeed(row: FeedRow): Feed {
  return {
    rowId: row.id,
    publicId: row.public_id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    homePageUrl: row.home_page_url,
    language: row.language,
    author: row.default_author_json ? (JSON.parse(row.default_author_json) as Author) : null,
    icon: row.icon_url,
    itemLimit: row.item_limit,
    content: row.content_mode,
    podcast: row.podcast_json ? (JSON.parse(row.podcast_json) as PodcastSettings) : null,
    contentChangedAt: row.content_changed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findFeedBySlug(db: D1Database, slug: string): Promise<Feed | null> {
  const row = await db.prepare("SELECT * FROM feeds WHERE slug = ?").bind(slug).first<FeedRow>();
  return row ? toFeed(row) : null;
}

/** Feeds visible to a token: every feed, or only those it is scoped to. */
export async function listFeeds(db: D1Database, onlyTokenId: number | null): Promise<Feed[]> {
  const statement =
    onlyTokenId === null
      ? db.prepare("SELECT * FROM feeds ORDER BY slug")
      : db
          .prepare(
            "SELECT f.* FROM feeds f JOIN api_token_feeds t ON t.feed_id = f.id WHERE t.token_id = ? ORDER BY f.slug",
          )
          .bind(onlyTokenId);
  const { results } = await statement.all<FeedRow>();
  return results.map(toFeed);
}

export function insertFeedStatement(db: D1Database, feed: Omit<Feed, "rowId">): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO feeds (public_id, slug, title, description, home_page_url, language, default_author_json,
         icon_url, item_limit, content_mode, podcast_json, content_changed_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      feed.publicId,
      feed.slug,
      feed.title,
      feed.description,
      feed.homePageUrl,
      feed.language,
      feed.author ? JSON.stringify(feed.author) : null,
      feed.icon,
      feed.itemLimit,
      feed.content,
      feed.podcast ? JSON.stringify(feed.podcast) : null,
      feed.contentChangedAt,
      feed.createdAt,
      feed.updatedAt,
    );
}

export function updateFeedStatement(db: D1Database, feed: Feed): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE feeds SET title = ?, description = ?, home_page_url = ?, language = ?, default_author_json = ?,
         icon_url = ?, item_limit = ?, content_mode = ?, podcast_json = ?, content_changed_at = ?, updated_at = ?
       WHERE id = ?`,
    )
    .bind(
      feed.title,
      feed.description,
      feed.homePageUrl,
      feed.language,
      feed.author ? JSON.stringify(feed.author) : null,
      feed.icon,
      feed.itemLimit,
      feed.content,
      feed.podcast ? JSON.stringify(feed.podcast) : null,
      feed.contentChangedAt,
      feed.updatedAt,
      feed.rowId,
    );
}

/**
 * Marks the feed as changed; goes into the same batch as the article write that changed it. The stamp
 * strictly increases, so two writes in one millisecond still give feed caches and ETags a new version.
 */
export function touchFeedStatement(db: D1Database, feedRowId: number, nowMs: number): D1PreparedStatement {
  return db
    .prepare("UPDATE feeds SET content_changed_at = max(content_changed_at + 1, ?) WHERE id = ?")
    .bind(nowMs, feedRowId);
}
