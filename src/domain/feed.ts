import type { Author } from "./article";

/** The formats feeds are published, subscribed to and imported in: RSS 2.0, Atom 1.0 and JSON Feed 1.1. */
export const SYNDICATION_FORMATS = ["rss", "atom", "json"] as const;
export type SyndicationFormat = (typeof SYNDICATION_FORMATS)[number];

/** A feed's settings as Ferry stores them. */
export interface Feed {
  rowId: number;
  /** Stable UUID: the Atom feed id is `urn:uuid:<publicId>`. */
  publicId: string;
  slug: string;
  title: string;
  description: string | null;
  homePageUrl: string | null;
  language: string | null;
  author: Author | null;
  icon: string | null;
  itemLimit: number;
  /** Epoch ms of the newest article write (create, edit, delete). */
  contentChangedAt: number;
  createdAt: number;
  updatedAt: number;
}
