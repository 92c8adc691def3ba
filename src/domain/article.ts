import type { EpisodeType } from "./article-podcast-input";

/** An author as JSON Feed 1.1 describes one; at least one of the fields is set. */
export interface Author {
  name?: string;
  url?: string;
  email?: string;
  avatar?: string;
}

/** A related resource (podcast audio, PDF …), JSON Feed 1.1 `attachments` / RSS `enclosure`. */
export interface Attachment {
  url: string;
  mimeType: string;
  title?: string;
  sizeInBytes?: number;
  durationInSeconds?: number;
}

/** A transcript or captions file of an episode (Podcasting 2.0 `podcast:transcript`). */
export interface Transcript {
  url: string;
  mimeType: string;
  language?: string;
}

/** An article's details as an episode of a podcast feed; only the members that are set. */
export interface Episode {
  episode?: number;
  season?: number;
  episodeType?: EpisodeType;
  explicit?: boolean;
  transcripts?: Transcript[];
  chaptersUrl?: string;
}

/**
 * An article as Ferry stores and syndicates it. Text is already cleaned and HTML already sanitised:
 * renderers may trust it to be free of XML-illegal characters and unsafe markup.
 */
export interface Article {
  /** Stable public id (a UUID): the API id, and the GUID in every feed unless `guid` is set. */
  id: string;
  /**
   * The GUID an imported article had where it came from (RSS guid, Atom id, JSON Feed id), verbatim; feeds
   * carry it instead of `id` so readers never see the item twice. Null for articles created through the API.
   * Set once at import, never changed by an edit.
   */
  guid: string | null;
  feedSlug: string;
  title: string;
  summary: string | null;
  contentHtml: string | null;
  contentText: string | null;
  url: string | null;
  externalUrl: string | null;
  image: string | null;
  bannerImage: string | null;
  authors: Author[];
  tags: string[];
  language: string | null;
  attachments: Attachment[];
  /** Episode details, shown in podcast feeds; null when none were given. */
  podcast: Episode | null;
  /** Epoch milliseconds. */
  datePublished: number;
  dateModified: number | null;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

/** The URI form of a UUID, valid as an Atom `id` (RFC 4287 §4.2.6). */
export function articleGuidUri(id: string): string {
  return `urn:uuid:${id}`;
}

/** The GUID an article carries in RSS and JSON Feed: the one it was imported with, else its own id. */
export function articleGuid(article: Pick<Article, "id" | "guid">): string {
  return article.guid ?? article.id;
}
