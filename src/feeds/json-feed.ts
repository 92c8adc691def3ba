import { type Article, type Attachment, type Author, articleGuid } from "../domain/article";
import { formatRfc3339 } from "../domain/rfc3339";
import { type FeedDocument, feedHomePage } from "./feed-document";
import { publishedItems } from "./published-items";
import { stripXmlIllegalChars } from "./xml-writer";

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

type JsonObject = { [key: string]: unknown };

/** Renders a JSON Feed 1.1 document. Absent optional fields are left out, never written as null. */
export function renderJsonFeed(doc: FeedDocument): string {
  const feed = {
    version: JSON_FEED_VERSION,
    title: doc.title,
    home_page_url: feedHomePage(doc),
    feed_url: doc.urls.json,
    description: present(doc.description),
    icon: present(doc.icon),
    language: present(doc.language),
    authors: renderAuthors(doc.authors),
    hubs: nonEmpty(doc.hubs.map((url) => ({ type: "WebSub", url }))),
    next_url: doc.paging.next?.json,
    items: publishedItems(doc).map(renderItem),
  };
  // JSON.stringify drops undefined keys; the same characters as in XML are dropped so that every
  // format carries the same text (and no lone surrogate reaches a strict UTF-8 decoder).
  return JSON.stringify(feed, (_key, value: unknown) =>
    typeof value === "string" ? stripXmlIllegalChars(value) : value,
  );
}

function renderItem(article: Article): JsonObject {
  const hasContent = article.contentHtml !== null || article.contentText !== null;
  return {
    id: articleGuid(article),
    url: present(article.url),
    external_url: present(article.externalUrl),
    title: present(article.title),
    content_html: article.contentHtml ?? undefined,
    // JSON Feed requires content_html or content_text on every item.
    content_text: hasContent ? (article.contentText ?? undefined) : article.summary || article.title,
    summary: present(article.summary),
    image: present(article.image),
    banner_image: present(article.bannerImage),
    date_published: formatRfc3339(article.datePublished),
    date_modified: article.dateModified === null ? undefined : formatRfc3339(article.dateModified),
    authors: renderAuthors(article.authors),
    tags: nonEmpty(article.tags.filter((tag) => tag !== "")),
    language: present(article.language),
    attachments: nonEmpty(article.attachments.map(renderAttachment)),
  };
}

// JSON Feed authors have no email; a mailto: URL keeps the contact (as JSON Feed 1.0 suggested).
function renderAuthors(authors: readonly Author[]): JsonObject[] | undefined {
  const rendered = authors.map((author) => ({
    name: present(author.name),
    url: present(author.url) ?? (author.email ? `mailto:${author.email}` : undefined),
    avatar: present(author.avatar),
  }));
  // An author object must hold at least one field.
  return nonEmpty(rendered.filter((author) => Object.values(author).some((value) => value !== undefined)));
}

function renderAttachment(attachment: Attachment): JsonObject {
  return {
    url: attachment.url,
    mime_type: attachment.mimeType,
    title: present(attachment.title),
    size_in_bytes: attachment.sizeInBytes,
    duration_in_seconds: attachment.durationInSeconds,
  };
}

function present(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === "" ? undefined : value;
}

function nonEmpty<T>(values: T[]): T[] | undefined {
  return values.length > 0 ? values : undefined;
}
