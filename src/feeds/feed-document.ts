import type { Article, Author } from "../domain/article";
import type { PodcastSettings, SyndicationFormat } from "../domain/feed";
import type { FeedFilter } from "../domain/feed-filter";
import type { ContentMode } from "../domain/feed-input";

/** The representations Ferry publishes every feed in; `html` is the page people read. */
export type FeedFormat = SyndicationFormat | "html";

/** Each syndication format's media type, without parameters. */
export const FEED_MEDIA_TYPES: Readonly<Record<SyndicationFormat, string>> = {
  rss: "application/rss+xml",
  atom: "application/atom+xml",
  json: "application/feed+json",
};

/** Absolute URLs of one feed document in each format, used for `rel="self"` and `rel="alternate"` links. */
export type FeedUrls = Record<FeedFormat, string>;

/**
 * RFC 5005 paging. Pages run newest first: the first page is the subscription document and each
 * page names the next, older one by a cursor, so pages never shift while new articles arrive.
 */
export interface FeedPaging {
  /** The subscription document (the newest page): `rel="first"`, and `rel="current"` from older pages. */
  first: FeedUrls;
  /** The next, older page (`rel="next"` and `rel="prev-archive"`; JSON Feed `next_url`), or null on the last. */
  next: FeedUrls | null;
  /** True on older pages: RFC 5005 archive documents, which only an edit or delete changes. */
  archived: boolean;
}

/** Which feed a document was cut from, for links between Ferry's own HTML pages. */
export interface FeedScope {
  /** Ferry's public origin, e.g. `https://ferry.example`. */
  origin: string;
  slug: string;
  /** The whole feed's title, without any filter suffix. */
  feedTitle: string;
  filter: FeedFilter | null;
}

/** Everything a renderer needs to write one feed document; renderers are pure functions of this. */
export interface FeedDocument {
  /** Stable URI for the feed itself (Atom `id`), e.g. `urn:uuid:…`; the same on every page. */
  id: string;
  title: string;
  description: string | null;
  homePageUrl: string | null;
  language: string | null;
  icon: string | null;
  /** Feed-level authors (the feed's default author), possibly empty. */
  authors: Author[];
  /** Epoch milliseconds of the newest change in the feed; never "now". */
  updated: number;
  /** This very document (this page) in each format. */
  urls: FeedUrls;
  paging: FeedPaging;
  scope: FeedScope;
  /** WebSub hubs to advertise, possibly empty. */
  hubs: string[];
  /** Newest first, already filtered (no deleted or future-dated articles). */
  items: Article[];
  /** `excerpt`: items carry their summary or a text excerpt, never their body (see `publishedItems`). */
  content: ContentMode;
  /** A podcast feed's channel settings, which RSS adds as Apple's and Podcasting 2.0 tags; else null. */
  podcast: PodcastSettings | null;
  /** Generator identification, e.g. `{ name: "Ferry", uri: "…" }`. */
  generator: { name: string; uri: string; version: string };
}

/** The page people should land on for this feed: the publisher's site, else Ferry's page for it. */
export function feedHomePage(doc: FeedDocument): string {
  return doc.homePageUrl ?? doc.paging.first.html;
}
