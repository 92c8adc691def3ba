import { SYNDICATION_FORMATS, type SyndicationFormat } from "../domain/feed";
import { type FeedFilter, parseFeedFilter } from "../domain/feed-filter";
import type { Topic } from "../domain/websub";
import { FORMAT_FILES, feedUrls } from "./feed-urls";

const FILES = new Map<string, SyndicationFormat>(
  SYNDICATION_FORMATS.map((format) => [FORMAT_FILES[format], format]),
);
const TOPIC_PATH = /^\/feeds\/([^/]+)\/(?:(tags|authors)\/([^/]+)\/)?(rss\.xml|atom\.xml|feed\.json)$/;

/** The canonical URL of a topic: the same string whatever case or encoding the subscriber used. */
export function topicUrl(
  origin: string,
  slug: string,
  filter: FeedFilter | null,
  format: SyndicationFormat,
): string {
  return feedUrls(origin, slug, filter, null)[format];
}

/**
 * Reads `hub.topic` / `hub.url`: one of this instance's feed documents (first page, any format, whole
 * feed or tag/author view), or null. Whether the feed exists is for the caller to check.
 */
export function parseTopic(raw: string, origin: string): Topic | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.search !== "" || url.hash !== "") return null;
  const match = TOPIC_PATH.exec(url.pathname);
  if (!match) return null;
  const [, rawSlug = "", kind, rawTerm, file = ""] = match;
  const slug = safeDecode(rawSlug);
  const term = rawTerm === undefined ? null : safeDecode(rawTerm);
  if (slug === null || (rawTerm !== undefined && !term)) return null;
  const filter = kind && term ? parseFeedFilter(kind, term) : null;
  if (kind && !filter) return null;
  const format = FILES.get(file) as SyndicationFormat;
  return { url: topicUrl(origin, slug, filter, format), slug, filter, format };
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
