import type { Article } from "../domain/article";
import type { ContentMode } from "../domain/feed-input";
import { formatRfc3339 } from "../domain/rfc3339";
import { escapeHtml } from "../feeds/html-writer";
import { articleExcerpt } from "../feeds/text-excerpt";
import { actorUrls, articleObjectId, tagPageUrl } from "./actor-urls";
import { type ApDocument, PUBLIC_COLLECTION } from "./vocabulary";

/** Which feed an object belongs to and how that feed publishes its articles. */
export interface ObjectScope {
  origin: string;
  slug: string;
  /** `excerpt` feeds publish a summary and a link, never the body: the same holds for their followers. */
  content: ContentMode;
}

/**
 * An article as an ActivityStreams `Article`: title, sanitised HTML (or only the summary for an excerpt feed),
 * summary, link, dates, tags as `Hashtag`s linking to Ferry's tag pages, and image attachments. Public, and
 * copied to the feed's followers.
 */
export function articleObject(article: Article, scope: ObjectScope): ApDocument {
  const urls = actorUrls(scope.origin, scope.slug);
  const summary = article.summary ?? articleExcerpt(article);
  const content = scope.content === "full" ? bodyHtml(article) : null;
  const html = content ?? (summary ? `<p>${escapeHtml(summary)}</p>` : "");
  return {
    id: articleObjectId(scope.origin, scope.slug, article.id),
    type: "Article",
    attributedTo: urls.actor,
    name: article.title,
    content: html,
    ...(article.language ? { contentMap: { [article.language]: html } } : {}),
    mediaType: "text/html",
    ...(summary ? { summary } : {}),
    url: article.url ?? article.externalUrl ?? urls.page,
    published: formatRfc3339(article.datePublished),
    ...(article.updatedAt > article.createdAt ? { updated: formatRfc3339(article.updatedAt) } : {}),
    to: [PUBLIC_COLLECTION],
    cc: [urls.followers],
    sensitive: false,
    tag: distinctTags(article.tags).map((tag) => ({
      type: "Hashtag",
      href: tagPageUrl(scope.origin, scope.slug, tag),
      name: `#${tag.replace(/\s+/g, "")}`,
    })),
    attachment: imagesOf(article),
  };
}

/** What a deleted article's id answers, and what a Delete carries. */
export function tombstone(origin: string, slug: string, articleId: string, deletedAt: number): ApDocument {
  return {
    id: articleObjectId(origin, slug, articleId),
    type: "Tombstone",
    formerType: "Article",
    deleted: formatRfc3339(deletedAt),
  };
}

function bodyHtml(article: Article): string | null {
  if (article.contentHtml) return article.contentHtml;
  if (!article.contentText) return null;
  const paragraphs = article.contentText.split(/\n{2,}/).filter((p) => p.trim() !== "");
  return paragraphs.map((p) => `<p>${escapeHtml(p).replaceAll("\n", "<br>")}</p>`).join("");
}

/** Tags once each, compared as Ferry's tag pages compare them (case-insensitively). */
function distinctTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tag.toLowerCase();
    if (tag.trim() === "" || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function imagesOf(article: Article): ApDocument[] {
  const images: ApDocument[] = [];
  if (article.image) images.push({ type: "Image", url: article.image });
  for (const a of article.attachments) {
    if (!a.mimeType.startsWith("image/")) continue;
    images.push({ type: "Image", mediaType: a.mimeType, url: a.url, ...(a.title ? { name: a.title } : {}) });
  }
  return images;
}
