import type { JsonFeed } from "feedsmith";
import {
  compact,
  contentBase,
  readDate,
  resolveBase,
  resolveUrl,
  toAttachmentFields,
  toAuthorFields,
  toLanguage,
  toTags,
  uniqueAttachments,
  uniqueAuthors,
} from "./field-readers";
import type { AuthorFields, EpisodeFields, ImportCandidate, ItemProblem } from "./import-item";

/**
 * The items of a JSON Feed (1.0 or 1.1; feedsmith reads 1.0's `author` as `authors`) as article fields.
 * `raw` is the document as parsed JSON, read only for Ferry's own `_ferry` extension: the full authors,
 * emails included, that a Ferry export carries beside the JSON Feed ones (which have no email), and the
 * episode details of a podcast's articles.
 */
export function jsonFeedCandidates(feed: JsonFeed.Feed<string>, raw: unknown): ImportCandidate[] {
  const base = resolveBase(feed.home_page_url, resolveBase(feed.feed_url, null));
  const ferry = ferryExtensionsById(raw);
  return (feed.items ?? []).map((item, index) => {
    const problems: ItemProblem[] = [];
    const id = typeof item.id === "string" && item.id.trim() !== "" ? item.id : null;
    const extension = id !== null ? ferry.get(id) : undefined;
    const authors = extension?.authors ?? item.authors ?? feed.authors ?? [];
    const fields = compact({
      title: item.title?.trim() || undefined,
      summary: item.summary,
      content_html: item.content_html,
      content_text: item.content_text,
      url: resolveUrl(item.url, base),
      external_url: resolveUrl(item.external_url, base),
      image: resolveUrl(item.image, base),
      banner_image: resolveUrl(item.banner_image, base),
      authors: uniqueAuthors(authors.map((author) => toAuthorFields(author, base))),
      tags: toTags(item.tags ?? []),
      language: toLanguage(item.language),
      attachments: uniqueAttachments(
        (item.attachments ?? []).map((a) =>
          toAttachmentFields(
            {
              url: a.url,
              type: a.mime_type,
              title: a.title,
              length: a.size_in_bytes,
              duration: a.duration_in_seconds,
            },
            base,
          ),
        ),
      ),
      date_published: readDate(item.date_published ?? item.date_modified, "/date_published", problems),
      date_modified: item.date_published
        ? readDate(item.date_modified, "/date_modified", problems)
        : undefined,
      podcast: extension?.podcast,
    });
    return { index, sourceGuid: id, fields, problems, contentBaseUrl: contentBase(null, fields.url, base) };
  });
}

interface FerryItemExtension {
  authors?: AuthorFields[];
  /** As exported; validated with the rest of the item. */
  podcast?: EpisodeFields;
}

/** `_ferry.authors` and `_ferry.podcast` of each item of a Ferry export, by item id; anything else is ignored. */
function ferryExtensionsById(raw: unknown): Map<string, FerryItemExtension> {
  const byId = new Map<string, FerryItemExtension>();
  const items = isObject(raw) && Array.isArray(raw.items) ? raw.items : [];
  for (const item of items) {
    if (!isObject(item) || typeof item.id !== "string" || !isObject(item._ferry)) continue;
    const { authors, podcast } = item._ferry;
    const extension: FerryItemExtension = {};
    if (Array.isArray(authors) && authors.every(isObject)) extension.authors = authors.map(toStringFields);
    if (isObject(podcast)) extension.podcast = podcast as EpisodeFields;
    byId.set(item.id, extension);
  }
  return byId;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function toStringFields(author: Record<string, unknown>): AuthorFields {
  const text = (key: string) => (typeof author[key] === "string" ? (author[key] as string) : undefined);
  return { name: text("name"), url: text("url"), email: text("email"), avatar: text("avatar") };
}
