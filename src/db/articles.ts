import type { Article, Attachment, Author, Episode } from "../domain/article";

export interface ArticleRow {
  id: number;
  public_id: string;
  feed_slug: string;
  feed_id: number;
  title: string;
  summary: string | null;
  content_html: string | null;
  content_text: string | null;
  url: string | null;
  external_url: string | null;
  image: string | null;
  banner_image: string | null;
  authors_json: string;
  tags_json: string;
  attachments_json: string;
  podcast_json: string | null;
  language: string | null;
  date_published: number;
  date_modified: number | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
  announced_at: number | null;
  guid: string | null;
}

/** An article with its internal row id, which orders API pages and never leaves Ferry unencoded. */
export interface ArticleRecord {
  rowId: number;
  article: Article;
  /** When subscribers were told the article is published; null until it is live and announced. */
  announcedAt: number | null;
}

/** Every article column plus its feed's slug; callers add their own WHERE and ORDER BY. */
export const SELECT_ARTICLE =
  "SELECT a.*, f.slug AS feed_slug FROM articles a JOIN feeds f ON f.id = a.feed_id";

export function toRecord(row: ArticleRow): ArticleRecord {
  return {
    rowId: row.id,
    announcedAt: row.announced_at,
    article: {
      id: row.public_id,
      guid: row.guid ?? null,
      feedSlug: row.feed_slug,
      title: row.title,
      summary: row.summary,
      contentHtml: row.content_html,
      contentText: row.content_text,
      url: row.url,
      externalUrl: row.external_url,
      image: row.image,
      bannerImage: row.banner_image,
      authors: JSON.parse(row.authors_json) as Author[],
      tags: JSON.parse(row.tags_json) as string[],
      attachments: JSON.parse(row.attachments_json) as Attachment[],
      podcast: row.podcast_json ? (JSON.parse(row.podcast_json) as Episode) : null,
      language: row.language,
      datePublished: row.date_published,
      dateModified: row.date_modified,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      deletedAt: row.deleted_at,
    },
  };
}

/** One article of one feed, tombstones included (the caller answers 410 for those). */
export async function findArticle(
  db: D1Database,
  feedRowId: number,
  publicId: string,
): Promise<ArticleRecord | null> {
  const row = await db
    .prepare(`${SELECT_ARTICLE} WHERE a.public_id = ? AND a.feed_id = ?`)
    .bind(publicId, feedRowId)
    .first<ArticleRow>();
  return row ? toRecord(row) : null;
}

/** Live articles of a feed for the publisher API, newest created first, after the cursor's row id. */
export async function listArticlesForApi(
  db: D1Database,
  feedRowId: number,
  beforeRowId: number | null,
  limit: number,
): Promise<ArticleRecord[]> {
  const { results } = await db
    .prepare(
      `${SELECT_ARTICLE} WHERE a.feed_id = ? AND a.deleted_at IS NULL AND a.id < ? ORDER BY a.id DESC LIMIT ?`,
    )
    .bind(feedRowId, beforeRowId ?? Number.MAX_SAFE_INTEGER, limit)
    .all<ArticleRow>();
  return results.map(toRecord);
}

/** Position in a feed's timeline: articles strictly older than this come next. */
export interface TimelineCursor {
  datePublished: number;
  rowId: number;
}

/**
 * Where a timeline page starts: just before the cursor, but never after "now", so a forged cursor cannot
 * reveal scheduled articles. One (date_published, id) bound lets SQLite seek the index straight to it.
 */
export function timelineUpperBound(before: TimelineCursor | null, nowMs: number): TimelineCursor {
  const latest = { datePublished: nowMs, rowId: Number.MAX_SAFE_INTEGER };
  if (!before || before.datePublished > nowMs) return latest;
  return before;
}

/**
 * Which feed a timeline page reads and how many rows: a feed already loaded (its row id, an explicit
 * limit), or one named by slug whose row is read in the same D1 batch, taking one row more than its
 * `item_limit` (the row that tells a next page exists) — so an unconditional feed request costs one round trip.
 */
export type TimelineSource = { feedRowId: number; limit: number } | { slug: string };

/** SQL for the source's feed row id and row limit, with their bindings. */
export function timelineSourceSql(source: TimelineSource): {
  feedId: string;
  limit: string;
  feedIdBindings: unknown[];
  limitBindings: unknown[];
} {
  if ("slug" in source) {
    return {
      feedId: "(SELECT id FROM feeds WHERE slug = ?)",
      limit: "coalesce((SELECT item_limit + 1 FROM feeds WHERE slug = ?), 0)",
      feedIdBindings: [source.slug],
      limitBindings: [source.slug],
    };
  }
  return { feedId: "?", limit: "?", feedIdBindings: [source.feedRowId], limitBindings: [source.limit] };
}

/** Live, already-published articles of a feed, newest first: what feed readers see. */
export function publishedArticlesStatement(
  db: D1Database,
  source: TimelineSource,
  nowMs: number,
  before: TimelineCursor | null,
): D1PreparedStatement {
  const bound = timelineUpperBound(before, nowMs);
  const sql = timelineSourceSql(source);
  return db
    .prepare(
      `${SELECT_ARTICLE}
       WHERE a.feed_id = ${sql.feedId} AND a.deleted_at IS NULL AND (a.date_published, a.id) < (?, ?)
       ORDER BY a.date_published DESC, a.id DESC LIMIT ${sql.limit}`,
    )
    .bind(...sql.feedIdBindings, bound.datePublished, bound.rowId, ...sql.limitBindings);
}

export async function listPublishedArticles(
  db: D1Database,
  feedRowId: number,
  nowMs: number,
  before: TimelineCursor | null,
  limit: number,
): Promise<ArticleRecord[]> {
  const { results } = await publishedArticlesStatement(
    db,
    { feedRowId, limit },
    nowMs,
    before,
  ).all<ArticleRow>();
  return results.map(toRecord);
}

function contentBindings(article: Article): unknown[] {
  return [
    article.title,
    article.summary,
    article.contentHtml,
    article.contentText,
    article.url,
    article.externalUrl,
    article.image,
    article.bannerImage,
    JSON.stringify(article.authors),
    JSON.stringify(article.tags),
    JSON.stringify(article.attachments),
    article.language,
    article.datePublished,
    article.dateModified,
    article.podcast === null ? null : JSON.stringify(article.podcast),
  ];
}

/**
 * Inserts an article. An imported one carries its source GUID; when a concurrent import already stored the
 * same GUID in the feed, that one wins and this insert changes nothing (`meta.changes` 0), which the caller
 * counts as skipped. A native article has no GUID, so the conflict clause never applies to it.
 */
export function insertArticleStatement(
  db: D1Database,
  feedRowId: number,
  article: Article,
  announcedAt: number | null,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO articles (title, summary, content_html, content_text, url, external_url, image, banner_image,
         authors_json, tags_json, attachments_json, language, date_published, date_modified, podcast_json,
         public_id, feed_id, created_at, updated_at, announced_at, guid)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (feed_id, guid) WHERE guid IS NOT NULL DO NOTHING`,
    )
    .bind(
      ...contentBindings(article),
      article.id,
      feedRowId,
      article.createdAt,
      article.updatedAt,
      announcedAt,
      article.guid,
    );
}

/**
 * Which of `guids` a feed already holds, deleted articles included, mapped to their article ids. An article
 * created through the API has no stored GUID but its id is its GUID, so it matches by id: re-importing a
 * feed's own export creates nothing.
 */
export async function findArticleIdsByGuid(
  db: D1Database,
  feedRowId: number,
  guids: readonly string[],
): Promise<Map<string, string>> {
  const { results } = await db
    .prepare(
      `SELECT a.guid AS guid, a.public_id AS public_id FROM articles a
       WHERE a.feed_id = ? AND a.guid IN (SELECT value FROM json_each(?))
       UNION ALL
       SELECT a.public_id AS guid, a.public_id AS public_id FROM articles a
       WHERE a.feed_id = ? AND a.guid IS NULL AND a.public_id IN (SELECT value FROM json_each(?))`,
    )
    .bind(feedRowId, JSON.stringify(guids), feedRowId, JSON.stringify(guids))
    .all<{ guid: string; public_id: string }>();
  return new Map(results.map((row) => [row.guid, row.public_id]));
}

/** Live articles whose publication time has come but that subscribers have not yet been told about. */
export async function listDueUnannouncedArticles(db: D1Database, nowMs: number, limit: number) {
  const { results } = await db
    .prepare(
      `${SELECT_ARTICLE} WHERE a.announced_at IS NULL AND a.deleted_at IS NULL AND a.date_published <= ?
       ORDER BY a.date_published LIMIT ?`,
    )
    .bind(nowMs, limit)
    .all<ArticleRow>();
  return results.map((row) => ({ ...toRecord(row), feedRowId: row.feed_id }));
}

/** Replaces a live article's content; the `deleted_at IS NULL` guard makes a racing delete win. */
export function updateArticleStatement(db: D1Database, rowId: number, article: Article): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE articles SET title = ?, summary = ?, content_html = ?, content_text = ?, url = ?, external_url = ?,
         image = ?, banner_image = ?, authors_json = ?, tags_json = ?, attachments_json = ?, language = ?,
         date_published = ?, date_modified = ?, podcast_json = ?, updated_at = ?
       WHERE id = ? AND deleted_at IS NULL`,
    )
    .bind(...contentBindings(article), article.updatedAt, rowId);
}

/** Tombstones an article: the id stays reserved forever, the content is erased. */
export function deleteArticleStatement(db: D1Database, rowId: number, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE articles SET deleted_at = ?, updated_at = ?, summary = NULL, content_html = NULL, content_text = NULL,
         image = NULL, banner_image = NULL, attachments_json = '[]', podcast_json = NULL
       WHERE id = ? AND deleted_at IS NULL`,
    )
    .bind(nowMs, nowMs, rowId);
}
