import type { Article } from "../domain/article";
import type { FeedDocument } from "./feed-document";
import { articleExcerpt } from "./text-excerpt";

/**
 * The items as the feed publishes them. An excerpt feed carries each article's summary, or a text excerpt of
 * its body when it has none, and never the body itself, so that readers click through to the article.
 */
export function publishedItems(doc: Pick<FeedDocument, "content" | "items">): Article[] {
  if (doc.content === "full") return doc.items;
  return doc.items.map((article) => ({
    ...article,
    summary: article.summary ?? articleExcerpt(article),
    contentHtml: null,
    contentText: null,
  }));
}
