import type { StreamEvent } from "../domain/event-window";
import { formatRfc3339 } from "../domain/rfc3339";
import { nameUuid } from "../domain/uuid";
import type { EventFeedDocument } from "./event-feed-document";
import { GENERATOR, RENDER_REVISION } from "./feed-formats";
import { FEED_HISTORY_NAMESPACE, type PagingLink } from "./paging-links";
import { element, renderXmlDocument, type XmlChild, type XmlMarkup } from "./xml-writer";

/**
 * Namespace of event entry ids (a fixed random UUID): an entry's id is the name-based UUID of the event's
 * `msg_…` id, so it never changes and is an Atom id (an IRI) however the event id is spelled.
 */
const EVENT_ENTRY_NAMESPACE = "0f6a3c1e-8d5b-4e27-b9a4-52c7e1d08f36";

/** The Atom id of one event, stable forever: `urn:uuid:` and the name-based UUID of its `msg_…` id. */
export function eventEntryId(eventId: string): string {
  return `urn:uuid:${nameUuid(EVENT_ENTRY_NAMESPACE, eventId)}`;
}

/** Part of the entity tag of every event feed rendering: another renderer never shares one. */
export const EVENT_ATOM_REVISION = `${RENDER_REVISION}.events.1`;

/** Renders an Atom 1.0 (RFC 4287) document of events, with RFC 5005 paging links. */
export function renderEventAtom(doc: EventFeedDocument): string {
  const feed = element("feed", { xmlns: "http://www.w3.org/2005/Atom", "xmlns:fh": FEED_HISTORY_NAMESPACE }, [
    element("id", {}, [doc.id]),
    element("title", { type: "text" }, [doc.title]),
    element("updated", {}, [formatRfc3339(doc.updated)]),
    element("author", {}, [element("name", {}, [doc.authorName])]),
    element("link", { rel: "self", type: "application/atom+xml", href: doc.urls.self }),
    ...eventPagingLinks(doc).map((l) =>
      element("link", { rel: l.rel, type: "application/atom+xml", href: l.href }),
    ),
    doc.archived ? element("fh:archive") : null,
    element("generator", { uri: doc.generatorUri, version: GENERATOR.version }, [GENERATOR.name]),
    ...doc.events.map(renderEventEntry),
  ]);
  return renderXmlDocument(feed);
}

/** As the article feeds page (see paging-links.ts): none when the first page is the whole stream. */
function eventPagingLinks(doc: EventFeedDocument): PagingLink[] {
  const { first, next } = doc.urls;
  if (!doc.archived && next === null) return [];
  const links: PagingLink[] = [{ rel: "first", href: first }];
  if (doc.archived) links.push({ rel: "current", href: first });
  if (next) {
    links.push({ rel: "next", href: next });
    links.push({ rel: "prev-archive", href: next });
  }
  return links;
}

function renderEventEntry(event: StreamEvent): XmlMarkup {
  const article = articleOf(event.payload);
  return element("entry", {}, [
    element("id", {}, [eventEntryId(event.publicId)]),
    element("title", { type: "text" }, [article.title ? `${event.type}: ${article.title}` : event.type]),
    alternateLink(article.url),
    element("updated", {}, [formatRfc3339(event.createdAt)]),
    element("content", { type: "text" }, [event.payload]),
  ]);
}

function alternateLink(url: string | null): XmlChild {
  return url ? element("link", { rel: "alternate", href: url }) : null;
}

/** The title and public URL of the article an event body carries (`data`), where it has them. */
function articleOf(payload: string): { title: string | null; url: string | null } {
  let data: unknown;
  try {
    data = (JSON.parse(payload) as { data?: unknown }).data;
  } catch {
    data = null;
  }
  const field = (name: string) => {
    const value = typeof data === "object" && data !== null ? (data as Record<string, unknown>)[name] : null;
    return typeof value === "string" && value !== "" ? value : null;
  };
  return { title: field("title"), url: field("url") };
}
