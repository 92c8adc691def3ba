import type * as v from "valibot";
import type { ArticleInput } from "../domain/article-input";
import type { InvalidField } from "../domain/problems";

/** Why an item cannot be imported: a JSON Pointer into the item as mapped to article fields, and the reason. */
export type ItemProblem = InvalidField;

type ArticleInputFields = v.InferInput<typeof ArticleInput>;

/** An item in the shape of an `ArticleInput` (JSON Feed names), not yet validated; members absent, never null. */
export type ArticleFields = { [K in keyof ArticleInputFields]?: NonNullable<ArticleInputFields[K]> };
export type AuthorFields = NonNullable<ArticleFields["authors"]>[number];
export type AttachmentFields = NonNullable<ArticleFields["attachments"]>[number];
export type EpisodeFields = NonNullable<ArticleFields["podcast"]>;

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
