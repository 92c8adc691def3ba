import { decodeHTML } from "entities";
import { Parser } from "htmlparser2";

/** Longest title Ferry derives from an item's text when the item has none, in code points. */
export const DERIVED_TITLE_MAX_CHARS = 80;
/** Longest summary Ferry derives from an RSS description that is the item's only body, in code points. */
export const DERIVED_SUMMARY_MAX_CHARS = 300;

const NON_TEXT_ELEMENTS = new Set(["script", "style", "template"]);
const BLOCK_OR_BREAK = /^(?:p|div|br|li|h[1-6]|blockquote|pre|tr|section|article|figure|figcaption|hr)$/;
// Markup, or a character reference left after the XML parser's own decoding: the text is HTML.
const LOOKS_LIKE_HTML = /<\/?[a-z][^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i;

/** True when a feed's text field holds HTML rather than plain text (RSS never says which). */
export function looksLikeHtml(text: string): boolean {
  return LOOKS_LIKE_HTML.test(text);
}

/** The readable text of an HTML fragment: entities decoded, scripts and styles dropped, whitespace collapsed. */
export function htmlToText(html: string): string {
  const parts: string[] = [];
  let skipDepth = 0;
  const parser = new Parser(
    {
      onopentagname: (name) => {
        if (NON_TEXT_ELEMENTS.has(name)) skipDepth++;
        if (BLOCK_OR_BREAK.test(name)) parts.push(" ");
      },
      onclosetag: (name) => {
        if (NON_TEXT_ELEMENTS.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        if (BLOCK_OR_BREAK.test(name)) parts.push(" ");
      },
      ontext: (text) => {
        if (skipDepth === 0) parts.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return collapse(parts.join(""));
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
  const chars = Array.from(collapse(text));
  if (chars.length <= maxChars) return chars.join("");
  const cut = chars.slice(0, maxChars - 1).join("");
  const lastSpace = cut.lastIndexOf(" ");
  // A very long first word is cut mid-word rather than leaving almost nothing.
  const head = lastSpace > cut.length / 2 ? cut.slice(0, lastSpace) : cut;
  return `${head.trimEnd()}…`;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
