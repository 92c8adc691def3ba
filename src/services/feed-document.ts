import {
  type ArticleRecord,
  type ArticleRow,
  listPublishedArticles,
  publishedArticlesStatement,
  type TimelineCursor,
  toRecord,
} from "../db/articles";
import { type FeedStateRow, feedStateStatement, toFeedState } from "../db/feed-state";
import { listPublishedArticlesByTerm, publishedArticlesByTermStatement } from "../db/term-timeline";
import { articleGuidUri } from "../domain/article";
import { type FeedFilter, filteredFeedTitle } from "../domain/feed-filter";
import { type FeedState, feedUpdatedAt } from "../domain/feed-version";
import { pageFromRows } from "../domain/paging";
import { encodeTimelineCursor } from "../domain/timeline-cursor";
import { nameUuid } from "../domain/uuid";
import type { FeedDocument } from "../feeds/feed-document";
import { GENERATOR } from "../feeds/feed-formats";
import { feedUrls } from "../feeds/feed-urls";

/** One page of one feed, optionally narrowed to a tag or an author. */
export interface FeedPageRequest {
  origin: string;
  nowMs: number;
  filter: FeedFilter | null;
  /** Where the page starts: after this article; null for the first (newest) page. */
  before: TimelineCursor | null;
  /** WebSub hubs to advertise in the document. */
  hubs: string[];
}

/** Reads one page of a feed's timeline and describes it for the renderers. */
export async function loadFeedDocument(
  db: D1Database,
  state: FeedState,
  page: FeedPageRequest,
): Promise<FeedDocument> {
  const limit = state.feed.itemLimit;
  return describeFeedDocument(state, page, await listPage(db, state, page, limit + 1));
}

/**
 * The feed's state and its page in one D1 batch, one round trip: for a request that no validator can
 * answer with a 304, reading the state first would only add a round trip. Null when there is no such feed.
 */
export async function loadFeedWithDocument(
  db: D1Database,
  slug: string,
  page: FeedPageRequest,
): Promise<{ state: FeedState; document: FeedDocument } | null> {
  const source = { slug };
  const pageStatement = page.filter
    ? publishedArticlesByTermStatement(db, source, page.filter, page.nowMs, page.before)
    : publishedArticlesStatement(db, source, page.nowMs, page.before);
  const [stateResult, pageResult] = await db.batch([feedStateStatement(db, slug, page.nowMs), pageStatement]);
  const stateRow = stateResult?.results[0] as FeedStateRow | undefined;
  if (!stateRow) return null;
  const state = toFeedState(stateRow);
  const records = ((pageResult?.results ?? []) as ArticleRow[]).map(toRecord);
  return { state, document: describeFeedDocument(state, page, records) };
}

/** The renderers' view of one page, from the page's rows (read with one row more than the page holds). */
function describeFeedDocument(state: FeedState, page: FeedPageRequest, rows: ArticleRecord[]): FeedDocument {
  const { feed } = state;
  const { origin, filter, before } = page;
  const { items, nextCursor } = pageFromRows(rows, feed.itemLimit, (last) =>
    encodeTimelineCursor({ datePublished: last.article.datePublished, rowId: last.rowId }),
  );
  const beforeCursor = before ? encodeTimelineCursor(before) : null;
  return {
    id: feedId(feed.publicId, filter),
    title: filteredFeedTitle(feed.title, filter),
    description: feed.description,
    homePageUrl: feed.homePageUrl,
    language: feed.language,
    icon: feed.icon,
    authors: feed.author ? [feed.author] : [],
    updated: feedUpdatedAt(state),
    urls: feedUrls(origin, feed.slug, filter, beforeCursor),
    paging: {
      first: feedUrls(origin, feed.slug, filter, null),
      next: nextCursor ? feedUrls(origin, feed.slug, filter, nextCursor) : null,
      archived: before !== null,
    },
    scope: { origin, slug: feed.slug, feedTitle: feed.title, filter },
    hubs: page.hubs,
    items: items.map((record) => record.article),
    content: feed.content,
    podcast: feed.podcast,
    generator: { ...GENERATOR, uri: `${origin}/docs` },
  };
}

function listPage(
  db: D1Database,
  state: FeedState,
  page: FeedPageRequest,
  limit: number,
): Promise<ArticleRecord[]> {
  const feedRowId = state.feed.rowId;
  return page.filter
    ? listPublishedArticlesByTerm(db, feedRowId, page.filter, page.nowMs, page.before, limit)
    : listPublishedArticles(db, feedRowId, page.nowMs, page.before, limit);
}

// A filtered feed is a feed of its own: its Atom id is derived from the whole feed's, stable forever.
function feedId(feedPublicId: string, filter: FeedFilter | null): string {
  if (!filter) return articleGuidUri(feedPublicId);
  return articleGuidUri(nameUuid(feedPublicId, `${filter.kind}:${filter.key}`));
}
