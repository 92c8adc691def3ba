import { type FeedFilter, FILTER_SEGMENTS } from "../domain/feed-filter";
import type { FeedFormat, FeedUrls } from "./feed-document";
import { stripXmlIllegalChars } from "./xml-writer";

/** The file each format is published under, below a feed's (or a filter's) base path. */
export const FORMAT_FILES: Readonly<Record<FeedFormat, string>> = {
  rss: "rss.xml",
  atom: "atom.xml",
  json: "feed.json",
  html: "",
};

/** A feed's base path, e.g. `/feeds/news/` or `/feeds/news/tags/film/`, with the term percent-encoded. */
export function feedBasePath(slug: string, filter: FeedFilter | null): string {
  const base = `/feeds/${encodeURIComponent(slug)}/`;
  if (!filter) return base;
  // Stored terms are clean already; stripping again means a lone surrogate can never make encoding throw.
  return `${base}${FILTER_SEGMENTS[filter.kind]}/${encodeURIComponent(stripXmlIllegalChars(filter.key))}/`;
}

/** Absolute URLs of one page of a feed in every format; `before` is the page's cursor, null for the first. */
export function feedUrls(
  origin: string,
  slug: string,
  filter: FeedFilter | null,
  before: string | null,
): FeedUrls {
  const base = origin + feedBasePath(slug, filter);
  const query = before === null ? "" : `?before=${encodeURIComponent(before)}`;
  return {
    rss: base + FORMAT_FILES.rss + query,
    atom: base + FORMAT_FILES.atom + query,
    json: base + FORMAT_FILES.json + query,
    html: base + FORMAT_FILES.html + query,
  };
}
