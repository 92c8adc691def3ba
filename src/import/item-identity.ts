import { cleanSingleLine, cleanText } from "../domain/clean-text";
import { nameUuid } from "../domain/uuid";
import { DERIVED_TITLE_MAX_CHARS, excerpt, htmlToText } from "./html-text";
import type { ArticleFields, ImportCandidate, ItemProblem } from "./import-item";

/** Longest GUID Ferry keeps; longer ones are almost always a whole URL with tracking junk, or a mistake. */
export const MAX_GUID_LENGTH = 2048;

/** Namespace of the GUIDs Ferry makes for items that have neither a GUID nor a link (a fixed random UUID). */
export const DERIVED_GUID_NAMESPACE = "9e0f3b8a-6c1d-4e27-8f55-2a4b7c9d1e60";

/** An item ready to validate: its GUID settled and a title it can be listed under. */
export interface IdentifiedItem {
  index: number;
  guid: string;
  fields: ArticleFields;
  problems: ItemProblem[];
  contentBaseUrl: string | null;
}

/**
 * Gives an item its GUID and title. The GUID is the item's own, else its link, else a name-based UUID of
 * its title and date, so re-importing the same document finds the same GUID. An item without a title takes
 * the first words of its text (Ferry's feeds require one; microblog posts have none); an item with neither
 * title nor text is reported as a problem.
 */
export function identifyItem(candidate: ImportCandidate): IdentifiedItem {
  const problems = [...candidate.problems];
  const fields = { ...candidate.fields };
  if (!fields.title || cleanSingleLine(fields.title) === "") {
    const text = bodyText(fields);
    if (text) fields.title = excerpt(text, DERIVED_TITLE_MAX_CHARS);
    else problems.push({ pointer: "/title", detail: "The item has no title and no text to take one from." });
  }
  const guid = cleanText(candidate.sourceGuid || fields.url || derivedGuid(fields)).trim();
  if (guid.length > MAX_GUID_LENGTH) {
    problems.push({ pointer: "/guid", detail: `The GUID is longer than ${MAX_GUID_LENGTH} characters.` });
  }
  return { index: candidate.index, guid, fields, problems, contentBaseUrl: candidate.contentBaseUrl };
}

function bodyText(fields: ArticleFields): string {
  const html = fields.content_html ? htmlToText(fields.content_html) : "";
  return cleanSingleLine(fields.content_text || html || fields.summary || "");
}

function derivedGuid(fields: ArticleFields): string {
  return `urn:uuid:${nameUuid(DERIVED_GUID_NAMESPACE, `${fields.title ?? ""}\n${fields.date_published ?? ""}`)}`;
}
