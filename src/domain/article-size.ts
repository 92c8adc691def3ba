import type { Article } from "./article";
import { toArticleView } from "./article-view";

/**
 * Most bytes one stored article may take as JSON. D1 refuses any string or row over 2 000 000 bytes, and
 * the article's JSON is stored whole in its outbox event and its idempotency record; sanitising can grow
 * content (`&` becomes `&amp;`), so the limit is checked on what will be stored, not on what was sent.
 */
export const MAX_STORED_ARTICLE_BYTES = 1_500_000;

export function storedArticleBytes(article: Article): number {
  return new TextEncoder().encode(JSON.stringify(toArticleView(article))).byteLength;
}

/** Why an article is too large to store, or null when it fits. */
export function oversizeReason(article: Article): string | null {
  const bytes = storedArticleBytes(article);
  return bytes > MAX_STORED_ARTICLE_BYTES
    ? `Once sanitised the article takes ${bytes} bytes; Ferry stores at most ${MAX_STORED_ARTICLE_BYTES}.`
    : null;
}
