import type { Article, Author } from "../domain/article";

/** Absolute URLs of one feed in each format, used for `rel="self"` and `rel="alternate"` links. */
export interface FeedUrls {
  rss: string;
  atom: string;
  json: string;
  /** The feed's HTML page, when it has one. */
  html: string | null;
}

/** Everything a renderer needs to write one feed document; renderers are pure functions of this. */
export interface FeedDocument {
  /** Stable URI for the feed itself (Atom `id`), e.g. `urn:uuid:…`. */
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
  urls: FeedUrls;
  /** WebSub hubs to advertise, possibly empty. */
  hubs: string[];
  /** RFC 5005 / JSON Feed paging: absolute URL of the next (older) page, if any. */
  nextUrl: string | null;
  /** Newest first, already filtered (no deleted or future-dated articles). */
  items: Article[];
  /** Generator identification, e.g. `{ name: "Ferry", uri: "…" }`. */
  generator: { name: string; uri: string; version: string };
}
