import { type Article, type Attachment, type Author, articleGuid } from "../domain/article";
import { enclosureOf } from "../domain/article-podcast";
import { type FeedDocument, feedHomePage } from "./feed-document";
import { MEDIA_RSS_NAMESPACE, mediaRssElements } from "./media-rss";
import { FEED_HISTORY_NAMESPACE, pagingLinks } from "./paging-links";
import {
  ITUNES_NAMESPACE,
  PODCAST_NAMESPACE,
  podcastChannelElements,
  podcastItemElements,
} from "./podcast-rss";
import { publishedItems } from "./published-items";
import { articleExcerpt } from "./text-excerpt";
import {
  element,
  escapeXmlText,
  formatRfc822,
  optionalElement,
  renderXmlDocument,
  rootElement,
  type XmlChild,
  type XmlMarkup,
} from "./xml-writer";

/** The extensions RSS documents may use, by prefix; each is declared only in documents that use it. */
const RSS_NAMESPACES = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  fh: FEED_HISTORY_NAMESPACE,
  media: MEDIA_RSS_NAMESPACE,
  itunes: ITUNES_NAMESPACE,
  podcast: PODCAST_NAMESPACE,
};
const RSS_SPEC_URL = "https://www.rssboard.org/rss-specification";

/**
 * Renders an RSS 2.0 document (with Atom, content, Dublin Core and Media RSS extensions, and Apple's and
 * Podcasting 2.0's podcast tags for a podcast feed).
 */
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
    ...(doc.podcast ? podcastChannelElements(doc, doc.podcast) : []),
    atomLink("self", doc.urls.rss, "application/rss+xml"),
    ...doc.hubs.map((hub) => atomLink("hub", hub)),
    ...pagingLinks(doc.paging, "rss").map((l) => atomLink(l.rel, l.href)),
    // RFC 5005 Appendix B: the archive marker goes in the channel.
    doc.paging.archived ? element("fh:archive") : null,
    ...publishedItems(doc).map((article) => renderItem(article, doc.podcast !== null)),
  ]);
  return renderXmlDocument(rootElement("rss", { version: "2.0" }, RSS_NAMESPACES, [channel]));
}

function renderItem(article: Article, podcast: boolean): XmlMarkup {
  const body = article.contentHtml ?? (article.contentText === null ? null : textToHtml(article.contentText));
  const enclosure = enclosureOf(article);
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
    // RSS allows one enclosure per item (RSS Board profile): the episode's audio or video when there is
    // one. Media RSS carries every attachment.
    enclosure ? renderEnclosure(enclosure) : null,
    ...mediaRssElements(article),
    ...(podcast ? podcastItemElements(article, enclosure) : []),
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

// Plain text becomes HTML paragraphs so its line breaks survive in readers that render content:encoded.
function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .filter((paragraph) => paragraph.trim() !== "")
    .map((paragraph) => `<p>${escapeXmlText(paragraph).replace(/\n/g, "<br>")}</p>`)
    .join("");
}
