import { listPublishedArticles, type TimelineCursor } from "../db/articles";
import { articleGuidUri } from "../domain/article";
import type { Feed } from "../domain/feed";
import { feedPaths } from "../domain/feed-view";
import type { FeedDocument } from "../feeds/feed-document";

export const GENERATOR = { name: "Ferry", version: "0.1.0" };

/** Reads one page of a feed's timeline and describes it for the renderers. */
export async function loadFeedDocument(
  db: D1Database,
  feed: Feed,
  options: { origin: string; nowMs: number; before?: TimelineCursor | null },
): Promise<FeedDocument> {
  const records = await listPublishedArticles(db, feed.rowId, options.nowMs, options.before ?? null, feed.itemLimit);
  const items = records.map((r) => r.article);
  const paths = feedPaths(feed.slug);
  const newestPublished = items.reduce((max, a) => Math.max(max, a.datePublished), 0);
  return {
    id: articleGuidUri(feed.publicId),
    title: feed.title,
    description: feed.description,
    homePageUrl: feed.homePageUrl,
    language: feed.language,
    icon: feed.icon,
    authors: feed.author ? [feed.author] : [],
    // A scheduled article going live changes the feed without any write, so it counts as a change too.
    updated: Math.max(feed.contentChangedAt, newestPublished),
    urls: {
      rss: options.origin + paths.rss,
      atom: options.origin + paths.atom,
      json: options.origin + paths.json,
      html: null,
    },
    hubs: [],
    nextUrl: null,
    items,
    generator: { ...GENERATOR, uri: `${options.origin}/docs` },
  };
}
