import { type ArticleRecord, listPublishedArticles, type TimelineCursor } from "../db/articles";
import { listPublishedArticlesByTerm } from "../db/term-timeline";
import { articleGuidUri } from "../domain/article";
import { type FeedFilter, filteredFeedTitle } from "../domain/feed-filter";
import { type FeedState, feedUpdatedAt } from "../domain/feed-version";
import { readPage } from "../domain/paging";
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
  const { feed } = state;
  const { origin, filter, before } = page;
  const { items, nextCursor } = await readPage(
    feed.itemLimit,
    (rows) => listPage(db, state, page, rows),
    (last) => encodeTimelineCursor({ datePublished: last.article.datePublished, rowId: last.rowId }),
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
