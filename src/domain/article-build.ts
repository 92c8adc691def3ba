import type { Article, Attachment, Author } from "./article";
import type { ArticleInput, AttachmentInput, AuthorInput } from "./article-input";
import { toEpisode } from "./article-podcast";
import { sanitizeHtml } from "./sanitize-html";

interface BuildContext {
  id: string;
  feedSlug: string;
  nowMs: number;
  /** The stored article this input replaces, when updating. */
  previous: Article | null;
  /** The source GUID of an imported article; an update keeps the previous article's. */
  guid?: string | null;
  /** Base for relative links in the content instead of `url` (an imported item's xml:base or feed address). */
  contentBaseUrl?: string | null;
}

/**
 * Turns validated input into the article Ferry stores: HTML sanitised (relative links made absolute
 * against the article URL), dates resolved. An update without an explicit `date_modified` is stamped now
 * so readers see that the item changed.
 */
export function buildArticle(input: ArticleInput, ctx: BuildContext): Article {
  const url = input.url ?? null;
  const published = input.date_published ?? null;
  const modified = input.date_modified ?? null;
  return {
    id: ctx.id,
    guid: ctx.previous ? ctx.previous.guid : (ctx.guid ?? null),
    feedSlug: ctx.feedSlug,
    title: input.title,
    summary: emptyToNull(input.summary),
    contentHtml: input.content_html
      ? emptyToNull(sanitizeHtml(input.content_html, ctx.contentBaseUrl ?? url))
      : null,
    contentText: emptyToNull(input.content_text),
    url,
    externalUrl: input.external_url ?? null,
    image: input.image ?? null,
    bannerImage: input.banner_image ?? null,
    authors: (input.authors ?? []).map(toAuthor),
    tags: input.tags ?? [],
    language: input.language ?? null,
    attachments: (input.attachments ?? []).map(toAttachment),
    podcast: toEpisode(input.podcast),
    datePublished: published ?? ctx.previous?.datePublished ?? ctx.nowMs,
    dateModified: modified ?? (ctx.previous ? ctx.nowMs : null),
    createdAt: ctx.previous?.createdAt ?? ctx.nowMs,
    updatedAt: ctx.nowMs,
    deletedAt: null,
  };
}

function emptyToNull(text: string | null | undefined): string | null {
  return text && text.trim() !== "" ? text : null;
}

export function toAuthor(input: AuthorInput): Author {
  const author: Author = {};
  if (input.name) author.name = input.name;
  if (input.url) author.url = input.url;
  if (input.email) author.email = input.email;
  if (input.avatar) author.avatar = input.avatar;
  return author;
}

function toAttachment(input: AttachmentInput): Attachment {
  const attachment: Attachment = { url: input.url, mimeType: input.mime_type };
  if (input.title) attachment.title = input.title;
  if (input.size_in_bytes != null) attachment.sizeInBytes = input.size_in_bytes;
  if (input.duration_in_seconds != null) attachment.durationInSeconds = input.duration_in_seconds;
  return attachment;
}
