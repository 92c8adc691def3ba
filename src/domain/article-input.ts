import * as v from "valibot";
import { EpisodeInput } from "./article-podcast-input";
import { EmailAddress, HttpUrl, LanguageTag, line, MimeType, text } from "./input-fields";
import { MAX_BODY_BYTES } from "./request-limits";
import { Rfc3339 } from "./rfc3339";

export { HttpUrl, LanguageTag } from "./input-fields";

export const MAX_TITLE_LENGTH = 1000;
export const MAX_SUMMARY_LENGTH = 10_000;
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 100;
export const MAX_AUTHORS = 20;
export const MAX_ATTACHMENTS = 20;
/** The request body is capped at this anyway; the cap names the field when one alone is too long. */
export const MAX_CONTENT_LENGTH = MAX_BODY_BYTES;

export const AuthorInput = v.pipe(
  v.object({
    name: v.nullish(line(200)),
    url: v.nullish(HttpUrl),
    email: v.nullish(EmailAddress),
    avatar: v.nullish(HttpUrl),
  }),
  v.check((a) => Boolean(a.name || a.url || a.email), "An author needs a name, url or email."),
);
export type AuthorInput = v.InferOutput<typeof AuthorInput>;

export const AttachmentInput = v.object({
  url: HttpUrl,
  mime_type: MimeType,
  title: v.nullish(line(500)),
  size_in_bytes: v.nullish(
    v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
  ),
  duration_in_seconds: v.nullish(v.pipe(v.number(), v.minValue(0), v.maxValue(1e9))),
});
export type AttachmentInput = v.InferOutput<typeof AttachmentInput>;

/**
 * An article as a publisher submits it: a JSON Feed 1.1 item. Unknown members (JSON Feed `id`,
 * `_extensions` …) are ignored: Ferry assigns its own stable id.
 */
export const ArticleInput = v.object({
  title: line(MAX_TITLE_LENGTH),
  summary: v.nullish(text(MAX_SUMMARY_LENGTH)),
  content_html: v.nullish(v.pipe(v.string(), v.maxLength(MAX_CONTENT_LENGTH, "Must be at most 1 MiB."))),
  content_text: v.nullish(text(MAX_CONTENT_LENGTH)),
  url: v.nullish(HttpUrl),
  external_url: v.nullish(HttpUrl),
  image: v.nullish(HttpUrl),
  banner_image: v.nullish(HttpUrl),
  authors: v.nullish(
    v.pipe(v.array(AuthorInput), v.maxLength(MAX_AUTHORS, `At most ${MAX_AUTHORS} authors.`)),
  ),
  tags: v.nullish(
    v.pipe(
      v.array(line(MAX_TAG_LENGTH)),
      v.maxLength(MAX_TAGS, `At most ${MAX_TAGS} tags.`),
      v.transform((tags) => [...new Set(tags)]),
    ),
  ),
  language: v.nullish(LanguageTag),
  attachments: v.nullish(
    v.pipe(v.array(AttachmentInput), v.maxLength(MAX_ATTACHMENTS, `At most ${MAX_ATTACHMENTS} attachments.`)),
  ),
  date_published: v.nullish(Rfc3339),
  date_modified: v.nullish(Rfc3339),
  podcast: v.nullish(EpisodeInput),
});
export type ArticleInput = v.InferOutput<typeof ArticleInput>;
