import { authorKey, tagKey } from "./article-terms";

/** The kinds of article term a feed can be filtered by, as stored in `article_terms.kind`. */
export type TermKind = "tag" | "author";

/** A per-tag or per-author view of a feed: only articles with this term key. */
export interface FeedFilter {
  kind: TermKind;
  /** The lookup key (`tagKey` / `authorKey`), lower-cased. */
  key: string;
}

/** The path segment that introduces each kind of filter: `/feeds/news/tags/film/`. */
export const FILTER_SEGMENTS: Readonly<Record<TermKind, string>> = { tag: "tags", author: "authors" };

/** A filter from a percent-decoded URL segment, keyed exactly as article writes key their terms. */
export function parseFeedFilter(segment: string, term: string): FeedFilter | null {
  if (segment === FILTER_SEGMENTS.tag) return { kind: "tag", key: tagKey(term) };
  if (segment === FILTER_SEGMENTS.author) {
    const key = authorKey({ name: term });
    return key ? { kind: "author", key } : null;
  }
  return null;
}

/** A filtered feed's title, e.g. "News — tagged film" or "News — by ada". */
export function filteredFeedTitle(title: string, filter: FeedFilter | null): string {
  if (!filter) return title;
  return filter.kind === "tag" ? `${title} — tagged ${filter.key}` : `${title} — by ${filter.key}`;
}
