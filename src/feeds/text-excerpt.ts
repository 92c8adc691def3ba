import { Parser } from "htmlparser2";
import type { Article } from "../domain/article";

/** Longest excerpt generated from the body when an article has no summary, in code points. */
export const DESCRIPTION_EXCERPT_MAX_CHARS = 300;
const NON_TEXT_ELEMENTS = new Set(["script", "style", "template"]);

/** A plain-text excerpt of the body, for an RSS `description` or an HTML page when there is no summary. */
export function articleExcerpt(article: Article): string | null {
  const text = (article.contentText ?? (article.contentHtml === null ? "" : htmlToText(article.contentHtml)))
    .replace(/\s+/g, " ")
    .trim();
  const chars = Array.from(text);
  if (chars.length <= DESCRIPTION_EXCERPT_MAX_CHARS) return text || null;
  return `${chars
    .slice(0, DESCRIPTION_EXCERPT_MAX_CHARS - 1)
    .join("")
    .trimEnd()}…`;
}

function htmlToText(html: string): string {
  const parts: string[] = [];
  let skipDepth = 0;
  const parser = new Parser({
    onopentagname: (name) => {
      if (NON_TEXT_ELEMENTS.has(name)) skipDepth++;
      parts.push(" "); // tags separate words: "<p>a</p><p>b</p>" reads "a b"
    },
    onclosetag: (name) => {
      if (NON_TEXT_ELEMENTS.has(name)) skipDepth = Math.max(0, skipDepth - 1);
      parts.push(" ");
    },
    ontext: (text) => {
      if (skipDepth === 0) parts.push(text);
    },
  });
  parser.end(html);
  return parts.join("");
}
