import type { Article, Author } from "./article";

/** The key a tag is looked up by in per-tag feeds: case-insensitive, so `Film` and `film` are one tag. */
export function tagKey(tag: string): string {
  return tag.toLowerCase();
}

/** The key an author is looked up by: their name, else email, else URL, case-insensitive. */
export function authorKey(author: Author): string | null {
  const key = author.name ?? author.email ?? author.url;
  return key ? key.toLowerCase() : null;
}

/** Distinct tag and author keys of an article, as stored for per-tag and per-author feeds. */
export function articleTermKeys(article: Article): { tags: string[]; authors: string[] } {
  const authors = article.authors.map(authorKey).filter((k): k is string => k !== null);
  return { tags: [...new Set(article.tags.map(tagKey))], authors: [...new Set(authors)] };
}

/** Keys in either set, each once: what an update touches (the terms it left and the ones it joined). */
export function unionTermKeys(
  a: { tags: string[]; authors: string[] },
  b: { tags: string[]; authors: string[] },
): { tags: string[]; authors: string[] } {
  return { tags: [...new Set([...a.tags, ...b.tags])], authors: [...new Set([...a.authors, ...b.authors])] };
}
