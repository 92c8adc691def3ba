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

/**
 * An article as Ferry stores and syndicates it. Text is already cleaned and HTML already sanitised:
 * renderers may trust it to be free of XML-illegal characters and unsafe markup.
 */
export interface Article {
  /** Stable public id (a UUID): the GUID in every feed, never changes across edits. */
  id: string;
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
  /** Epoch milliseconds. */
  datePublished: number;
  dateModified: number | null;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

/** The URI form of an article's GUID, valid as an Atom `id` (RFC 4287 §4.2.6). */
export function articleGuidUri(id: string): string {
  return `urn:uuid:${id}`;
}
