import type { Article, Attachment, Author } from "../domain/article";
import { atomEntryId } from "../domain/guid-uri";
import { formatRfc3339 } from "../domain/rfc3339";
import { type FeedDocument, feedHomePage } from "./feed-document";
import { MEDIA_RSS_NAMESPACE, mediaRssElements } from "./media-rss";
import { FEED_HISTORY_NAMESPACE, pagingLinks } from "./paging-links";
import { publishedItems } from "./published-items";
import {
  element,
  optionalElement,
  renderXmlDocument,
  rootElement,
  type XmlChild,
  type XmlMarkup,
} from "./xml-writer";

const ATOM_NAMESPACE = "http://www.w3.org/2005/Atom";
/** The extensions Atom documents may use, by prefix; each is declared only in documents that use it. */
const ATOM_EXTENSIONS = { fh: FEED_HISTORY_NAMESPACE, media: MEDIA_RSS_NAMESPACE };
/** Name of a person whose only known detail is an avatar: Atom requires a name. */
export const UNKNOWN_AUTHOR_NAME = "unknown";

/** Renders an Atom 1.0 (RFC 4287) document. */
export function renderAtom(doc: FeedDocument): string {
  const excerpts = doc.content === "excerpt";
  const attrs = { xmlns: ATOM_NAMESPACE, "xml:lang": doc.language || null };
  const feed = rootElement("feed", attrs, ATOM_EXTENSIONS, [
    element("id", {}, [doc.id]),
    element("title", { type: "text" }, [doc.title]),
    optionalElement("subtitle", doc.description, { type: "text" }),
    element("updated", {}, [formatRfc3339(doc.updated)]),
    ...feedAuthors(doc).map(renderPerson),
    element("link", { rel: "self", type: "application/atom+xml", href: doc.urls.atom }),
    link("alternate", feedHomePage(doc), "text/html"),
    ...doc.hubs.map((hub) => link("hub", hub)),
    ...pagingLinks(doc.paging, "atom").map((l) => link(l.rel, l.href)),
    doc.paging.archived ? element("fh:archive") : null,
    optionalElement("icon", doc.icon),
    element("generator", { uri: doc.generator.uri, version: doc.generator.version }, [doc.generator.name]),
    ...publishedItems(doc).map((article) => renderEntry(article, excerpts)),
  ]);
  return renderXmlDocument(feed);
}

// Every entry needs an author, its own or the feed's: when some entry has none and the feed has none
// either, the feed itself (by title) stands in as author.
function feedAuthors(doc: FeedDocument): Author[] {
  if (doc.authors.length > 0 || doc.items.every((item) => item.authors.length > 0)) return doc.authors;
  return [{ name: doc.title || UNKNOWN_AUTHOR_NAME }];
}

function renderEntry(article: Article, excerpt: boolean): XmlMarkup {
  return element("entry", { "xml:lang": article.language || null }, [
    element("id", {}, [atomEntryId(article)]),
    element("title", { type: "text" }, [article.title]),
    link("alternate", article.url),
    link("related", article.externalUrl),
    element("published", {}, [formatRfc3339(article.datePublished)]),
    element("updated", {}, [formatRfc3339(article.dateModified ?? article.datePublished)]),
    ...article.authors.map(renderPerson),
    ...article.tags.map((tag) => (tag === "" ? null : element("category", { term: tag }))),
    optionalElement("summary", article.summary, { type: "text" }),
    // An excerpt entry sends readers to its alternate link; RFC 4287 needs content only in an entry without one.
    excerpt && article.url ? null : renderContent(article),
    ...article.attachments.map(renderEnclosure),
    // The picture is not an enclosure (podcatchers would download it): Media RSS carries it.
    ...mediaRssElements(article),
  ]);
}

// A full feed always has content (as in JSON Feed): without it RFC 4287 would demand an alternate link,
// which not every article has.
function renderContent(article: Article): XmlMarkup {
  if (article.contentHtml !== null) return element("content", { type: "html" }, [article.contentHtml]);
  return element("content", { type: "text" }, [article.contentText ?? article.summary ?? article.title]);
}

function renderPerson(author: Author): XmlMarkup {
  return element("author", {}, [
    element("name", {}, [author.name || author.email || author.url || UNKNOWN_AUTHOR_NAME]),
    optionalElement("uri", author.url),
    optionalElement("email", author.email),
  ]);
}

function renderEnclosure(attachment: Attachment): XmlMarkup {
  return element("link", {
    rel: "enclosure",
    href: attachment.url,
    type: attachment.mimeType,
    length: attachment.sizeInBytes,
    title: attachment.title,
  });
}

function link(rel: string, href: string | null, type?: string): XmlChild {
  return href ? element("link", { rel, href, type }) : null;
}
