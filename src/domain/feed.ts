import type { Author } from "./article";
import type { ContentMode } from "./feed-input";
import type { PodcastType } from "./feed-podcast-input";

/** The formats feeds are published, subscribed to and imported in: RSS 2.0, Atom 1.0 and JSON Feed 1.1. */
export const SYNDICATION_FORMATS = ["rss", "atom", "json"] as const;
export type SyndicationFormat = (typeof SYNDICATION_FORMATS)[number];

/** Who Apple Podcasts and the Podcast Index contact about a show (`itunes:owner`). */
export interface PodcastOwner {
  name?: string;
  email: string;
}

/** A place listeners can support a show (`podcast:funding`). */
export interface PodcastFunding {
  url: string;
  title: string;
}

/** A podcast feed's channel settings; only the optional members that are set are present. */
export interface PodcastSettings {
  author?: string;
  owner?: PodcastOwner;
  /** Show artwork, an https URL. */
  image: string;
  /** Apple Podcasts category names, "Category" or "Category/Subcategory". */
  categories: string[];
  explicit: boolean;
  type?: PodcastType;
  locked?: boolean;
  funding?: PodcastFunding[];
  complete?: boolean;
}

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
  /** Whether items carry their body or only an excerpt. */
  content: ContentMode;
  /** Set for a podcast feed; null for any other. */
  podcast: PodcastSettings | null;
  /** Epoch ms of the newest article write (create, edit, delete). */
  contentChangedAt: number;
  createdAt: number;
  updatedAt: number;
}
