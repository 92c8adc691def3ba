import type { AtomFeed } from "feedsmith";
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
import { htmlToText } from "./html-text";
import type { ArticleFields, ImportCandidate, ItemProblem } from "./import-item";
import { mediaImage } from "./media-rss";

type Entry = AtomFeed.Entry<string>;
type Link = AtomFeed.Link<string>;
type Person = AtomFeed.Person;

/**
 * The entries of an Atom feed (RFC 4287) as article fields. Relative links resolve against xml:base, else
 * the feed's self link; an entry without authors takes the feed's (§4.2.1).
 */
export function atomCandidates(feed: AtomFeed.Feed<string>): ImportCandidate[] {
  const links = feed.links ?? [];
  const documentUrl = resolveBase(
    links.find((l) => l.rel === "self")?.href ?? alternateLink(links)?.href,
    null,
  );
  const feedBase = resolveBase(feed.xml?.base, documentUrl);
  return (feed.entries ?? []).map((entry, index) => {
    const base = resolveBase(entry.xml?.base, feedBase);
    const explicitBase = entry.xml?.base || feed.xml?.base ? base : null;
    const problems: ItemProblem[] = [];
    const entryLinks = entry.links ?? [];
    const published = entry.published ?? entry.updated;
    const fields = compact({
      title: textOf(entry.title),
      summary: textOf(entry.summary),
      ...contentFields(entry),
      url: resolveUrl(alternateLink(entryLinks)?.href, base),
      external_url: resolveUrl(entryLinks.find((l) => l.rel === "related")?.href, base),
      image: mediaImage(entry.media, base),
      authors: uniqueAuthors(
        (entry.authors?.length ? entry.authors : (feed.authors ?? [])).map((p) => personFields(p, base)),
      ),
      tags: toTags((entry.categories ?? []).map((category) => category.term)),
      language: toLanguage(entry.xml?.lang),
      attachments: uniqueAttachments(
        entryLinks
          .filter((l) => l.rel === "enclosure")
          .map((l) => toAttachmentFields(linkAttachment(l), base)),
      ),
      date_published: readDate(published, "/date_published", problems),
      // `updated` only says more than `published` when the entry has both and they differ.
      date_modified:
        entry.published && entry.updated && entry.updated !== entry.published
          ? readDate(entry.updated, "/date_modified", problems)
          : undefined,
    });
    const contentBaseUrl = contentBase(explicitBase, fields.url, base);
    return { index, sourceGuid: entry.id?.trim() || null, fields, problems, contentBaseUrl };
  });
}

// rel="alternate" is the default; an HTML alternate is preferred over, say, a PDF one.
function alternateLink(links: Link[]): Link | undefined {
  const alternates = links.filter((l) => (l.rel ?? "alternate") === "alternate");
  return alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0];
}

/** An Atom text construct as plain text: `html` and `xhtml` are reduced to their text. */
function textOf(text: AtomFeed.Text | undefined): string | undefined {
  if (!text?.value) return undefined;
  return text.type === "html" || text.type === "xhtml" ? htmlToText(text.value) : text.value.trim();
}

// RFC 4287 §4.1.3: text, html, xhtml or a MIME type; out-of-line content (src) and binary types carry no body.
function contentFields(entry: Entry): Pick<ArticleFields, "content_html" | "content_text"> {
  const content = entry.content;
  if (!content?.value?.trim() || content.src) return {};
  const type = (content.type ?? "text").toLowerCase();
  if (type === "html" || type === "xhtml" || type === "text/html" || type === "application/xhtml+xml") {
    return { content_html: content.value };
  }
  if (type === "text" || type.startsWith("text/")) return { content_text: content.value.trim() };
  return {};
}

function personFields(person: Person, base: string | null) {
  return toAuthorFields({ name: person.name, url: person.uri, email: person.email }, base);
}

function linkAttachment(link: Link) {
  return { url: link.href, type: link.type, length: link.length, title: link.title };
}
