import { renderEventStreamPage } from "../domain/event-page-view";
import {
  decodeEventCursor,
  EventFeedQuery,
  EventStreamQuery,
  encodeEventCursor,
  eventSelection,
  filterParameters,
  selectionParameters,
} from "../domain/event-selection";
import { EVENT_SCAN_ROWS } from "../domain/event-window";
import { EVENT_ATOM_REVISION, renderEventAtom } from "../feeds/event-atom";
import { describeEventFeed, eventFeedUrls } from "../feeds/event-feed-document";
import { findEventPage, readPageEvents } from "../services/event-stream";
import { JSON_HEADERS } from "../services/write-plan";
import { tokenAuth } from "./auth";
import { entityTag, isNotModified } from "./conditional-get";
import { type EndpointHandler, Resource } from "./endpoint";
import type { EndpointSpec } from "./endpoint-spec";
import { publicOrigin } from "./origin";

const FEED = "/v1/feeds/{feed}";
/** Where a newest-first page starts without `before`: beyond every row id. */
const NEWEST = Number.MAX_SAFE_INTEGER;
const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";
/** Readers keep a copy but ask again each time; the ETag makes asking cheap. Never in a shared cache. */
const ATOM_CACHE_CONTROL = "private, no-cache";

const FILTERS_DESCRIPTION = `\`types\`, \`tags\` and \`authors\` are comma-separated lists: an event matches when it matches every list given, and any value within a list (tags and authors case-insensitively; an update matches the tags and authors the article had before it as well as after). A published or updated event of an article deleted since is left out: its \`article.deleted\` event stands for it. One request examines at most ${EVENT_SCAN_ROWS} events, so a page may hold fewer than \`limit\` even when more match further on.`;

/** The article events of one feed, for consumers that poll instead of receiving webhooks. */
const stream = new Resource(FEED);

/** A GET endpoint behind the token check its spec asks for: Bearer, and HTTP Basic where it opts in. */
function authenticatedGet<const S extends EndpointSpec & { method: "get" }>(
  spec: S,
  handler: EndpointHandler<S>,
): void {
  stream.app.get(spec.path.slice(FEED.length), tokenAuth({ basic: spec.basicAuth === true }));
  stream.endpoint(spec, handler);
}

const EVENTS_SPEC = {
  method: "get",
  path: `${FEED}/events`,
  operationId: "listFeedEvents",
  summary: "Poll the feed's article events, oldest first, from a stored cursor",
  tag: "Webhooks",
  role: "read",
  description: `Each event appears once, in the order it happened, with the \`msg_…\` id and the exact body its webhook deliveries carry. Omit \`after\` to start at the oldest event Ferry still keeps. ${FILTERS_DESCRIPTION}`,
  query: EventStreamQuery,
  ok: {
    status: 200,
    description: "A page of events, the cursor to store, and whether more are waiting.",
    schema: "EventStreamPage",
  },
  problems: [400, 401, 403, 404],
} as const satisfies EndpointSpec;

authenticatedGet(EVENTS_SPEC, async (c, { feed, query }) => {
  const request = query();
  const after = request.after === undefined ? 0 : decodeEventCursor(request.after, "after");
  const page = await findEventPage(c.env.DB, feed.rowId, "forward", after, eventSelection(request));
  const events = await readPageEvents(c.env.DB, page);
  return new Response(renderEventStreamPage(events, page), { headers: JSON_HEADERS });
});

const ATOM_SPEC = {
  method: "get",
  path: `${FEED}/events.atom`,
  operationId: "feedEventsAtom",
  summary: "The feed's latest article events as an Atom feed, for feed readers",
  tag: "Webhooks",
  role: "read",
  basicAuth: true,
  description: `Newest first, \`limit\` entries a page; RFC 5005 \`next\` (and \`prev-archive\`) links lead to older pages by \`before\`. Each entry's id is a \`urn:uuid\` derived from the event's \`msg_…\` id, its title \`<type>: <article title>\`, its link the article's \`url\`, and its text content the exact webhook body. Takes the token as a Bearer token or as the password of HTTP Basic credentials (any user name). Answers \`If-None-Match\` with 304. ${FILTERS_DESCRIPTION}`,
  query: EventFeedQuery,
  ok: {
    status: 200,
    description: "An Atom 1.0 document.",
    mediaTypes: ["application/atom+xml"],
    headers: ["RepresentationETag"],
  },
  problems: [400, 401, 403, 404],
} as const satisfies EndpointSpec;

authenticatedGet(ATOM_SPEC, async (c, { feed, query }) => {
  const request = query();
  const selection = eventSelection(request);
  const before = request.before === undefined ? null : decodeEventCursor(request.before, "before");
  const page = await findEventPage(c.env.DB, feed.rowId, "backward", before ?? NEWEST, selection);
  const origin = publicOrigin(c);
  const urls = eventFeedUrls(
    origin,
    feed.slug,
    selectionParameters(selection),
    request.before ?? null,
    page.more ? encodeEventCursor(page.next) : null,
  );
  // Event bodies never change, so the page's event ids, its links and the feed's settings name its bytes.
  const etag = await entityTag([
    EVENT_ATOM_REVISION,
    String(feed.updatedAt),
    urls.self,
    urls.next ?? "",
    ...page.items.map((item) => item.publicId),
  ]);
  const headers = { etag, "cache-control": ATOM_CACHE_CONTROL };
  if (isNotModified(c.req.raw.headers, { etag, lastModifiedMs: null })) return c.body(null, 304, headers);
  const events = await readPageEvents(c.env.DB, page);
  const xml = renderEventAtom(describeEventFeed(origin, feed, filterParameters(selection), urls, events));
  return c.body(xml, 200, { ...headers, "content-type": ATOM_CONTENT_TYPE });
});

export const eventStreamApi = stream.routes();
export const EVENT_STREAM_ENDPOINTS = stream.endpoints;
