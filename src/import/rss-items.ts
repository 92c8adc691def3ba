import type { RssFeed } from "feedsmith";
import { MAX_SUMMARY_LENGTH } from "../domain/article-input";
import { episodeFields, withEpisodeDuration } from "./episode-fields";
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
import {
  DERIVED_SUMMARY_MAX_CHARS,
  decodeTitleEntities,
  excerpt,
  htmlToText,
  looksLikeHtml,
} from "./html-text";
import type { ArticleFields, ImportCandidate, ItemProblem } from "./import-item";
import { mediaAttachments, mediaImage } from "./media-rss";

type RssItem = RssFeed.Item<string>;

/** The items of an RSS 2.0 channel as article fields; relative links resolved against xml:base or the channel link. */
export function rssCandidates(feed: RssFeed.Feed<string>): ImportCandidate[] {
  const selfLink = feed.atom?.links?.find((link) => link.rel === "self")?.href ?? null;
  const channelLink = resolveBase(feed.link, resolveBase(selfLink, null));
  const channelBase = resolveBase(feed.xml?.base, channelLink);
  return (feed.items ?? []).map((item, index) => {
    const base = resolveBase(item.xml?.base, channelBase);
    const explicitBase = item.xml?.base || feed.xml?.base ? base : null;
    const problems: ItemProblem[] = [];
    const image = mediaImage(item.media, base) ?? resolveUrl(item.itunes?.image, base);
    const fields = compact({
      title: item.title === undefined ? undefined : decodeTitleEntities(item.title),
      ...bodyFields(item),
      url: itemLink(item, base),
      external_url: resolveUrl(item.atom?.links?.find((link) => link.rel === "related")?.href, base),
      image,
      authors: uniqueAuthors([
        ...(item.authors ?? []).map((author) =>
          toAuthorFields({ name: author.name, email: author.email }, base),
        ),
        ...(item.dc?.creators ?? []).map((name) => toAuthorFields({ name }, base)),
      ]),
      tags: toTags((item.categories ?? []).map((category) => category.name)),
      language: toLanguage(item.dc?.languages?.[0]),
      attachments: withEpisodeDuration(
        uniqueAttachments([
          ...(item.enclosures ?? []).map((enclosure) => toAttachmentFields(enclosure, base)),
          ...mediaAttachments(item.media, base, image),
        ]),
        item.itunes?.duration,
      ),
      podcast: episodeFields(item.itunes, item.podcast, base),
      date_published: readDate(
        item.pubDate ?? item.dc?.dates?.[0] ?? item.atom?.published,
        "/date_published",
        problems,
      ),
      date_modified: readDate(item.atom?.updated ?? item.dcterms?.modified?.[0], "/date_modified", problems),
    });
    const contentBaseUrl = contentBase(explicitBase, fields.url, base);
    return { index, sourceGuid: item.guid?.value ?? null, fields, problems, contentBaseUrl };
  });
}

/**
 * `content:encoded` is the body and the description its summary. Without it the description is the body
 * (HTML, or plain text when it holds no markup) and a text excerpt of it the summary.
 */
function bodyFields(item: RssItem): Pick<ArticleFields, "content_html" | "content_text" | "summary"> {
  const encoded = item.content?.encoded?.trim();
  const description = item.description?.trim();
  if (encoded) {
    const summary = description ? htmlToText(description) : "";
    return { content_html: encoded, summary: summary ? excerpt(summary, MAX_SUMMARY_LENGTH) : undefined };
  }
  if (!description) return {};
  if (!looksLikeHtml(description)) return { content_text: description, summary: excerptOf(description) };
  return { content_html: description, summary: excerptOf(htmlToText(description)) };
}

function excerptOf(text: string): string | undefined {
  return text === "" ? undefined : excerpt(text, DERIVED_SUMMARY_MAX_CHARS);
}

// The link, else a GUID that is a permalink (RSS: isPermaLink defaults to true) and an http(s) URL.
function itemLink(item: RssItem, base: string | null): string | undefined {
  const link = resolveUrl(item.link, base);
  if (link) return link;
  const guid = item.guid;
  if (guid?.value && guid.isPermaLink !== false && /^https?:\/\//i.test(guid.value)) return guid.value;
  return undefined;
}
