import { type Article, articleGuid } from "../domain/article";
import { toEpisodeView } from "../domain/article-podcast";
import type { Feed } from "../domain/feed";
import { formatRfc3339 } from "../domain/rfc3339";
import { JSON_FEED_VERSION } from "./json-feed";

type JsonObject = { [key: string]: unknown };

/**
 * A whole feed as one JSON Feed 1.1 document, for backup and for moving to another Ferry, written in
 * pieces (`exportHead`, items joined by commas, `EXPORT_TAIL`) so that it can be streamed page by page.
 * Unlike the public feed it keeps every stored field exactly: each item's `id` is its GUID (so a later
 * import keeps it), and Ferry's own `_ferry` extension (JSON Feed allows `_` members) carries the article id,
 * its timestamps, its episode details and, when an author has an email, the full authors; the feed's
 * `_ferry` carries its content mode and podcast settings.
 */
export function exportHead(feed: Feed, feedUrl: string, homePageUrl: string, exportedAtMs: number): string {
  const head = JSON.stringify({
    version: JSON_FEED_VERSION,
    title: feed.title,
    home_page_url: feed.homePageUrl ?? homePageUrl,
    feed_url: feedUrl,
    description: feed.description ?? undefined,
    icon: feed.icon ?? undefined,
    language: feed.language ?? undefined,
    authors: feed.author ? [jsonFeedAuthor(feed.author)] : undefined,
    _ferry: {
      feed: feed.slug,
      exported_at: formatRfc3339(exportedAtMs),
      content: feed.content,
      podcast: feed.podcast ?? undefined,
    },
    items: [],
  });
  // The document is cut open at its empty items array: `…"items":[` + items + `]}`.
  return head.slice(0, -"]}".length);
}

export const EXPORT_TAIL = "]}";

/** One article as an export item: JSON Feed 1.1 members plus `_ferry`. */
export function exportItem(article: Article): string {
  const hasEmail = article.authors.some((author) => author.email);
  const item: JsonObject = {
    id: articleGuid(article),
    url: article.url ?? undefined,
    external_url: article.externalUrl ?? undefined,
    title: article.title,
    content_html: article.contentHtml ?? undefined,
    // JSON Feed requires a body; an empty text is one and reads back as no body at all.
    content_text: article.contentText ?? (article.contentHtml === null ? "" : undefined),
    summary: article.summary ?? undefined,
    image: article.image ?? undefined,
    banner_image: article.bannerImage ?? undefined,
    date_published: formatRfc3339(article.datePublished),
    date_modified: article.dateModified === null ? undefined : formatRfc3339(article.dateModified),
    authors: article.authors.length > 0 ? article.authors.map(jsonFeedAuthor) : undefined,
    tags: article.tags.length > 0 ? article.tags : undefined,
    language: article.language ?? undefined,
    attachments: article.attachments.length > 0 ? article.attachments.map(jsonFeedAttachment) : undefined,
    _ferry: {
      id: article.id,
      created_at: formatRfc3339(article.createdAt),
      updated_at: formatRfc3339(article.updatedAt),
      authors: hasEmail ? article.authors : undefined,
      podcast: article.podcast === null ? undefined : toEpisodeView(article.podcast),
    },
  };
  return JSON.stringify(item);
}

// JSON Feed authors have no email: a mailto: URL stands in when there is no other URL.
function jsonFeedAuthor(author: Article["authors"][number]): JsonObject {
  return {
    name: author.name,
    url: author.url ?? (author.email ? `mailto:${author.email}` : undefined),
    avatar: author.avatar,
  };
}

function jsonFeedAttachment(attachment: Article["attachments"][number]): JsonObject {
  return {
    url: attachment.url,
    mime_type: attachment.mimeType,
    title: attachment.title,
    size_in_bytes: attachment.sizeInBytes,
    duration_in_seconds: attachment.durationInSeconds,
  };
}
