import type { FeedPaging } from "./feed-document";

/** RFC 5005 namespace for `fh:archive`, the marker of an archive document. */
export const FEED_HISTORY_NAMESPACE = "http://purl.org/syndication/history/1.0";

export interface PagingLink {
  rel: "first" | "current" | "next" | "prev-archive";
  href: string;
}

/**
 * RFC 5005 links for one XML format. A feed that fits on one page gets none (it is complete as it is).
 * Older pages are archive documents: their content only changes when an article in them is edited or
 * deleted, so `next` doubles as `prev-archive` and `current` leads back to the subscription document.
 */
export function pagingLinks(paging: FeedPaging, format: "rss" | "atom"): PagingLink[] {
  if (!paging.archived && paging.next === null) return [];
  const links: PagingLink[] = [{ rel: "first", href: paging.first[format] }];
  if (paging.archived) links.push({ rel: "current", href: paging.first[format] });
  if (paging.next) {
    links.push({ rel: "next", href: paging.next[format] });
    links.push({ rel: "prev-archive", href: paging.next[format] });
  }
  return links;
}
