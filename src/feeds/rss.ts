import { type Article, type Attachment, type Author, articleGuid } from "../domain/article";
import { type FeedDocument, feedHomePage } from "./feed-document";
import { FEED_HISTORY_NAMESPACE, pagingLinks } from "./paging-links";
import { articleExcerpt } from "./text-excerpt";
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
  "xmlns:fh": FEED_HISTORY_NAMESPACE,
  "xmlns:media": "http://search.yahoo.com/mrss/",
};
const RSS_SPEC_URL = "https://www.rssboard.org/rss-specification";

/** Renders an RSS 2.0 document (with Atom, content, Dublin Core and Media RSS extensions). */
export function renderRss(doc: FeedDocument): string {
  const link = feedHomePage(doc);
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
    // Required in a channel, so the title stands in when the feed has no description.
    element("description", {}, [doc.description || doc.title]),
    optionalElement("language", doc.language),
    ...renderPeople(doc.authors, "managingEditor"),
    element("lastBuildDate", {}, [formatRfc822(doc.updated)]),
    element("generator", {}, [`${doc.generator.name} ${doc.generator.version}`]),
    element("docs", {}, [RSS_SPEC_URL]),
    image,
    atomLink("self", doc.urls.rss, "application/rss+xml"),
    ...doc.hubs.map((hub) => atomLink("hub", hub)),
    ...pagingLinks(doc.paging, "rss").map((l) => atomLink(l.rel, l.href)),
    // RFC 5005 Appendix B: the archive marker goes in the channel.
    doc.paging.archived ? element("fh:archive") : null,
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
    // An imported GUID may happen to be a URL, but Ferry never promises it is the article's permalink.
    element("guid", { isPermaLink: "false" }, [articleGuid(article)]),
    optionalElement("description", article.summary ?? articleExcerpt(article)),
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
