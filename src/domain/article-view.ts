import type { ArticleOutput, AttachmentOutput } from "./api-schemas";
import type { Article, Attachment } from "./article";
import { toEpisodeView } from "./article-podcast";
import { formatRfc3339 } from "./rfc3339";

/** An article in its public API shape (also the `data` of webhook events): JSON Feed 1.1 item names. */
export function toArticleView(article: Article): ArticleOutput {
  return omitNulls({
    id: article.id,
    guid: article.guid,
    feed: article.feedSlug,
    title: article.title,
    summary: article.summary,
    content_html: article.contentHtml,
    content_text: article.contentText,
    url: article.url,
    external_url: article.externalUrl,
    image: article.image,
    banner_image: article.bannerImage,
    authors: article.authors,
    tags: article.tags,
    language: article.language,
    attachments: article.attachments.map(toAttachmentView),
    podcast: article.podcast === null ? null : toEpisodeView(article.podcast),
    date_published: formatRfc3339(article.datePublished),
    date_modified: article.dateModified === null ? null : formatRfc3339(article.dateModified),
    created_at: formatRfc3339(article.createdAt),
    updated_at: formatRfc3339(article.updatedAt),
    deleted_at: article.deletedAt === null ? null : formatRfc3339(article.deletedAt),
  });
}

function toAttachmentView(a: Attachment): AttachmentOutput {
  return omitNulls({
    url: a.url,
    mime_type: a.mimeType,
    title: a.title,
    size_in_bytes: a.sizeInBytes,
    duration_in_seconds: a.durationInSeconds,
  });
}

/** The submittable part of the view: what PATCH merges into before validating again. */
export function toArticleInputShape(article: Article): Record<string, unknown> {
  const { id, guid, feed, created_at, updated_at, deleted_at, ...input } = toArticleView(article);
  return input;
}

type WithoutNulls<T> = { [K in keyof T]: Exclude<T[K], null> };

/** JSON Feed omits absent members instead of writing null; so does Ferry's API. */
function omitNulls<T extends object>(record: T): WithoutNulls<T> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== null && value !== undefined),
  ) as WithoutNulls<T>;
}
