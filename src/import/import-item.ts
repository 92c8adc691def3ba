/** The formats Ferry imports, named as the import answer names them. */
export type SourceFormat = "rss" | "atom" | "json";

/** Why an item cannot be imported: a JSON Pointer into the item as mapped to article fields, and the reason. */
export interface ItemProblem {
  pointer: string;
  detail: string;
}

export interface AuthorFields {
  name?: string;
  url?: string;
  email?: string;
  avatar?: string;
}

export interface AttachmentFields {
  url: string;
  mime_type: string;
  title?: string;
  size_in_bytes?: number;
  duration_in_seconds?: number;
}

/** An item in the shape of an `ArticleInput` (JSON Feed names), not yet validated. */
export interface ArticleFields {
  title?: string;
  summary?: string;
  content_html?: string;
  content_text?: string;
  url?: string;
  external_url?: string;
  image?: string;
  banner_image?: string;
  authors?: AuthorFields[];
  tags?: string[];
  language?: string;
  attachments?: AttachmentFields[];
  date_published?: string;
  date_modified?: string;
}

/** One item of a source feed, mapped to article fields. */
export interface ImportCandidate {
  /** Position in the source document, from 0. */
  index: number;
  /** The item's own GUID (RSS guid, Atom id, JSON Feed id), verbatim; null when it has none. */
  sourceGuid: string | null;
  fields: ArticleFields;
  /** What the mapping could not read (an unparseable date); each rejects the item. */
  problems: ItemProblem[];
  /**
   * Base for relative links in the content: an explicit `xml:base`, else null so that the item's own URL
   * serves (as feed readers do), else the feed's address for an item without a URL.
   */
  contentBaseUrl: string | null;
}
