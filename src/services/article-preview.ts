import type { Article } from "../domain/article";
import { buildArticle } from "../domain/article-build";
import type { ArticleInput } from "../domain/article-input";
import type { Feed } from "../domain/feed";
import { publishedItems } from "../feeds/published-items";

/** An article as the feeds would carry it, without storing anything. */
export interface ArticlePreview {
  /** The article as stored: its HTML sanitised, relative links absolute. */
  stored: Article;
  /** The item as this feed publishes it: for an excerpt feed, the summary or excerpt and no body. */
  carried: Article;
}

/**
 * Builds the article exactly as a write would (the same sanitiser and dates) and the item the feed would carry, so
 * that what an editor previews is what readers get.
 */
export function previewArticle(
  feed: Pick<Feed, "slug" | "content">,
  input: ArticleInput,
  previous: Article | null,
  nowMs: number,
): ArticlePreview {
  const stored = buildArticle(input, { id: previous?.id ?? "preview", feedSlug: feed.slug, nowMs, previous });
  return carriedBy(feed, stored);
}

/** A stored article and the item the feed carries for it. */
export function carriedBy(feed: Pick<Feed, "content">, stored: Article): ArticlePreview {
  const [carried = stored] = publishedItems({ content: feed.content, items: [stored] });
  return { stored, carried };
}
