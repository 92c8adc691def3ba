import { decodeHTML } from "entities";

/** The readable text of an HTML fragment, by the sanitiser's depth-bounded parse: linear in its length. */
export { htmlToText } from "../domain/sanitize-html";

/** Longest title Ferry derives from an item's text when the item has none, in code points. */
export const DERIVED_TITLE_MAX_CHARS = 80;
/** Longest summary Ferry derives from an RSS description that is the item's only body, in code points. */
export const DERIVED_SUMMARY_MAX_CHARS = 300;

// A tag's start; whether a `>` follows anywhere is one more search, never a scan from every `<`.
const TAG_START = /<\/?[a-z]/i;
// A character reference left after the XML parser's own decoding. Linear: each quantified class excludes
// both `;` and `&`, so an attempt only ever reads the run after its own `&`.
const CHARACTER_REFERENCE = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/**
 * True when a feed's text field holds HTML rather than plain text (RSS never says which): a tag (`<p`,
 * `</a` with a `>` after it) or a character reference. Linear in the text, whatever its shape.
 */
export function looksLikeHtml(text: string): boolean {
  const tag = TAG_START.exec(text);
  if (tag !== null && text.includes(">", tag.index)) return true;
  return CHARACTER_REFERENCE.test(text);
}

/**
 * A title as RSS writes it: plain text by the spec, but many feeds escape it twice (`&amp;amp;`), so one
 * more round of entity decoding is applied; markup is left alone, since `<b>` may be literal text.
 */
export function decodeTitleEntities(title: string): string {
  return collapse(decodeHTML(title));
}

/** Cuts text to at most `maxChars` code points at a word boundary, marking the cut with "…". */
export function excerpt(text: string, maxChars: number): string {
  const collapsed = collapse(text);
  // A code point is at most two code units, so this head holds every code point the excerpt can use.
  const chars = Array.from(collapsed.slice(0, 2 * maxChars));
  if (chars.length <= maxChars && collapsed.length <= 2 * maxChars) return collapsed;
  const cut = chars.slice(0, maxChars - 1).join("");
  const lastSpace = cut.lastIndexOf(" ");
  // A very long first word is cut mid-word rather than leaving almost nothing.
  const head = lastSpace > cut.length / 2 ? cut.slice(0, lastSpace) : cut;
  return `${head.trimEnd()}…`;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
