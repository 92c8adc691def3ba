import { renderAtom } from "./atom";
import { FEED_MEDIA_TYPES, type FeedDocument, type FeedFormat } from "./feed-document";
import { FORMAT_FILES } from "./feed-urls";
import { renderFeedPage } from "./html-page";
import { HTML_CONTENT_TYPE } from "./html-writer";
import { renderJsonFeed } from "./json-feed";
import { renderRss } from "./rss";

/** Who wrote the documents: named in every feed, and part of every rendering's revision. */
export const GENERATOR = { name: "Ferry", version: "0.1.0" };

/** Each format's media type (always with its charset) and renderer. */
export const FEED_FORMATS: Readonly<
  Record<FeedFormat, { contentType: string; render: (doc: FeedDocument) => string }>
> = {
  rss: { contentType: `${FEED_MEDIA_TYPES.rss}; charset=utf-8`, render: renderRss },
  atom: { contentType: `${FEED_MEDIA_TYPES.atom}; charset=utf-8`, render: renderAtom },
  json: { contentType: `${FEED_MEDIA_TYPES.json}; charset=utf-8`, render: renderJsonFeed },
  html: { contentType: HTML_CONTENT_TYPE, render: renderFeedPage },
};

/**
 * Part of every entity tag and cache key: renderings from another version of Ferry are never reused.
 * Bump the revision when a renderer's output changes without a version change.
 */
export const RENDER_REVISION = `${GENERATOR.version}.3`;

/** The format published under a file name (`rss.xml` → rss), or null. */
export function formatOfFile(file: string): FeedFormat | null {
  const entry = Object.entries(FORMAT_FILES).find(([, name]) => name === file);
  return entry ? (entry[0] as FeedFormat) : null;
}
