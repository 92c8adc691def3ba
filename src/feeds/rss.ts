import { Parser } from "htmlparser2";
import type { Article, Attachment, Author } from "../domain/article";
import type { FeedDocument } from "./feed-document";
import {
  element,
  escapeXmlText,
  formatRfc822,
  optionalElement,
  renderXmlDocument,
  type XmlChild,
  type XmlMarkup,
} from "./xml-writer";

const RSS_NAMESPACES = {
  "xmlns:atom": "http://www.w3.org/2005/Atom",
  "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
  "xmlns:dc": "http://purl.org/dc/elements/1.1/",
  "xmlns:media": "http://search.yahoo.com/mrss/",
};
const RSS_SPEC_URL = "https://www.rssboard.org/rss-specification";
/** Longest `description` excerpt generated from the body when an article has no summary, in code points. */
export const DESCRIPTION_EXCERPT_MAX_CHARS = 300;
const NON_TEXT_ELEMENTS = new Set(["script", "style", "template"]);

/** Renders an RSS 2.0 document (with Atom, content, Dublin Core and Media RSS extensions). */
export function renderRss(doc: FeedDocument): string {
  // `link` and `description` are required in a channel, so both always have a fallback.
  const link = doc.homePageUrl ?? doc.urls.html ?? doc.urls.rss;
  const image = doc.icon
    ? element("image", {}, [
        element("url", {}, [doc.icon]),
        element("title", {}, [doc.title]),
        element("link", {}, [link]),
      ])
    : null;
  const channel = element("channel", {}, [
    element("title", {}, [doc.title]),
    element("link", {}, [link]),
    element("description", {}, [doc.description || doc.title]),
    optionalElement("language", doc.language),
    ...renderPeople(doc.authors, "managingEditor"),
    element("lastBuildDate", {}, [formatRfc822(doc.updated)]),
    element("generator", {}, [`${doc.generator.name} ${doc.generator.version}`]),
    element("docs", {}, [RSS_SPEC_URL]),
    image,
    atomLink("self", doc.urls.rss, "application/rss+xml"),
    ...doc.hubs.map((hub) => atomLink("hub", hub)),
    doc.nextUrl ? atomLink("next", doc.nextUrl) : null,
    ...doc.items.map(renderItem),
  ]);
  return renderXmlDocument(element("rss", { version: "2.0", ...RSS_NAMESPACES }, [channel]));
}

function renderItem(article: Article): XmlMarkup {
  const body = article.contentHtml ?? (article.contentText === null ? null : textToHtml(article.contentText));
  const firstAttachment = article.attachments[0];
  return element("item", {}, [
    element("title", {}, [article.title]),
    optionalElement("link", article.url ?? article.externalUrl),
    article.url && article.externalUrl ? atomLink("related", article.externalUrl) : null,
    element("guid", { isPermaLink: "false" }, [article.id]),
    optionalElement("description", article.summary ?? excerpt(article)),
    optionalElement("content:encoded", body),
    ...renderPeople(article.authors, "author"),
    ...article.tags.map((tag) => optionalElement("category", tag)),
    optionalElement("dc:language", article.language),
    element("pubDate", {}, [formatRfc822(article.datePublished)]),
    // RSS allows one enclosure per item (RSS Board profile); Media RSS carries all of them.
    firstAttachment ? renderEnclosure(firstAttachment) : null,
    article.image ? element("media:content", { url: article.image, medium: "image" }) : null,
    ...article.attachments.map(renderMediaContent),
  ]);
}

function atomLink(rel: string, href: string, type?: string): XmlMarkup {
  return element("atom:link", { rel, href, type });
}

// `author`/`managingEditor` must be an email and may appear once, so the first author with an email
// goes there and every other author becomes a `dc:creator`.
function renderPeople(authors: readonly Author[], emailElement: "author" | "managingEditor"): XmlChild[] {
  const withEmail = authors.find((author) => author.email);
  return authors.map((author) =>
    author === withEmail && author.email
      ? element(emailElement, {}, [author.name ? `${author.email} (${author.name})` : author.email])
      : optionalElement("dc:creator", author.name || author.email || author.url),
  );
}

function renderEnclosure(attachment: Attachment): XmlMarkup {
  // `length` is required; 0 is the RSS Board's convention for "unknown".
  return element("enclosure", {
    url: attachment.url,
    length: attachment.sizeInBytes ?? 0,
    type: attachment.mimeType,
  });
}

function renderMediaContent(attachment: Attachment): XmlMarkup {
  return element("media:content", {
    url: attachment.url,
    type: attachment.mimeType,
    fileSize: attachment.sizeInBytes,
    duration: attachment.durationInSeconds,
  });
}

// Plain text becomes HTML paragraphs so its line breaks survive in readers that render content:encoded.
function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.trim() !== "")
    .map((paragraph) => `<p>${escapeXmlText(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("");
}

/** A plain-text excerpt of the body, for `description` when the article has no summary. */
function excerpt(article: Article): string | null {
  const text = (article.contentText ?? (article.contentHtml === null ? "" : htmlToText(article.contentHtml)))
    .replace(/\s+/g, " ")
    .trim();
  const chars = Array.from(text);
  if (chars.length <= DESCRIPTION_EXCERPT_MAX_CHARS) return text || null;
  return `${chars
    .slice(0, DESCRIPTION_EXCERPT_MAX_CHARS - 1)
    .join("")
    .trimEnd()}…`;
}

function htmlToText(html: string): string {
  const parts: string[] = [];
  let skipDepth = 0;
  const parser = new Parser({
    onopentagname: (name) => {
      if (NON_TEXT_ELEMENTS.has(name)) skipDepth++;
      parts.push(" "); // tags separate words: "<p>a</p><p>b</p>" reads "a b"
    },
    onclosetag: (name) => {
      if (NON_TEXT_ELEMENTS.has(name)) skipDepth = Math.max(0, skipDepth - 1);
      parts.push(" ");
    },
    ontext: (text) => {
      if (skipDepth === 0) parts.push(text);
    },
  });
  parser.end(html);
  return parts.join("");
}
