import { renderAtom } from "../feeds/atom";
import type { FeedDocument, FeedFormat } from "../feeds/feed-document";
import { FORMAT_FILES } from "../feeds/feed-urls";
import { renderFeedPage } from "../feeds/html-page";
import { renderJsonFeed } from "../feeds/json-feed";
import { renderRss } from "../feeds/rss";
import { GENERATOR } from "../services/feed-document";

/** Each format's media type (always with its charset) and renderer. */
export const FEED_FORMATS: Readonly<
  Record<FeedFormat, { contentType: string; render: (doc: FeedDocument) => string }>
> = {
  rss: { contentType: "application/rss+xml; charset=utf-8", render: renderRss },
  atom: { contentType: "application/atom+xml; charset=utf-8", render: renderAtom },
  json: { contentType: "application/feed+json; charset=utf-8", render: renderJsonFeed },
  html: { contentType: "text/html; charset=utf-8", render: renderFeedPage },
};

/**
 * Part of every entity tag and cache key: renderings from another version of Ferry are never reused.
 * Bump the revision when a renderer's output changes without a version change.
 */
export const RENDER_REVISION = `${GENERATOR.version}.1`;

/** The format published under a file name (`rss.xml` → rss), or null. */
export function formatOfFile(file: string): FeedFormat | null {
  const entry = Object.entries(FORMAT_FILES).find(([, name]) => name === file);
  return entry ? (entry[0] as FeedFormat) : null;
}
