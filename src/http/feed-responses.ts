import type { Context } from "hono";
import { findFeedState } from "../db/feed-state";
import { type FeedState, feedUpdatedAt, feedVersion } from "../domain/feed-version";
import { FerryError } from "../domain/problems";
import { encodeTimelineCursor } from "../domain/timeline-cursor";
import { hubUrlFor } from "../domain/websub";
import { FEED_FORMATS, RENDER_REVISION } from "../feeds/feed-formats";
import { feedUrls } from "../feeds/feed-urls";
import { loadFeedDocument, loadFeedWithDocument } from "../services/feed-document";
import { entityTag, isNotModified } from "./conditional-get";
import { defaultCache, readCachedBody, storeCachedBody } from "./feed-cache";
import { cacheControlFor, type RepresentationMeta, representationHeaders } from "./feed-headers";
import { feedMemoKey, feedMemoTtl, readFeedMemo, writeFeedMemo } from "./feed-memo";
import type { FeedTarget } from "./feed-target";
import type { FerryHono } from "./hono-env";
import { publicOrigin } from "./origin";

/**
 * WebSub hubs a feed advertises, in its documents and its `Link` header alike: Ferry's own hub, on the
 * first page of every subscribable format (an archive page or the HTML page is not a topic).
 */
export function advertisedHubs(target: FeedTarget, origin: string): string[] {
  return target.format === "html" || target.before !== null ? [] : [hubUrlFor(origin)];
}

/**
 * Answers for one feed representation. One indexed query gives the feed's version, which names the
 * representation (ETag, Last-Modified, cache key) before anything is read or rendered: a conditional
 * request is answered 304 from that alone, and a cached rendering is reused until the feed changes. A request
 * without validators reads the version and the page together, in one round trip.
 */
export async function serveFeed(c: Context<FerryHono>, target: FeedTarget): Promise<Response> {
  const nowMs = Date.now();
  // Like the edge cache, the memo never answers or keeps a request that carries credentials.
  const ttl = c.req.header("authorization") === undefined ? feedMemoTtl(c.env.FEED_MEMO_TTL_MS) : 0;
  const memoKey = feedMemoKey(c.req.url, target.format, target.negotiated);
  const memo = readFeedMemo(memoKey, nowMs, ttl);
  if (
    memo &&
    (memo.body !== null || c.req.method === "HEAD" || isNotModified(c.req.raw.headers, memo.meta))
  ) {
    return answer(c, memo.meta, memo.body, "memo");
  }
  const origin = publicOrigin(c);
  const hubs = advertisedHubs(target, origin);
  const page = { origin, nowMs, filter: target.filter, before: target.before, hubs };
  // A request with credentials is never cached, even though a public feed reads the same for everyone.
  const cache = c.req.header("authorization") === undefined ? defaultCache() : null;
  if (c.req.method === "GET" && !hasValidators(c.req.raw.headers)) {
    // Nothing here can be answered 304, so the feed's state and its page come in one D1 round trip; the
    // cache, which needs the state's version for its key, would only add a second one.
    const loaded = await loadFeedWithDocument(c.env.DB, target.slug, page);
    if (!loaded) throw noSuchFeed(target.slug);
    const meta = await describeRepresentation(loaded.state, target, origin, hubs);
    const body = FEED_FORMATS[target.format].render(loaded.document);
    // Kept for the readers that come back with an outdated validator.
    waitUntil(c, storeCachedBody(cache, cacheKeyOf(c, loaded.state, target, meta), body, meta.contentType));
    return remember(c, memoKey, meta, body, nowMs, ttl, cache ? "miss" : null);
  }

  const state = await findFeedState(c.env.DB, target.slug, nowMs);
  if (!state) throw noSuchFeed(target.slug);
  const meta = await describeRepresentation(state, target, origin, hubs);
  // HEAD is routed to GET handlers and its body thrown away, so neither it nor a 304 is ever rendered.
  if (isNotModified(c.req.raw.headers, meta) || c.req.method === "HEAD") {
    writeFeedMemo(memoKey, { meta, body: null, storedAt: nowMs }, ttl);
    return answer(c, meta, null, null);
  }

  const cacheKey = cacheKeyOf(c, state, target, meta);
  let body = await readCachedBody(cache, cacheKey);
  const cacheStatus = cache ? (body === null ? "miss" : "hit") : null;
  if (body === null) {
    body = FEED_FORMATS[target.format].render(await loadFeedDocument(c.env.DB, state, page));
    waitUntil(c, storeCachedBody(cache, cacheKey, body, meta.contentType));
  }
  return remember(c, memoKey, meta, body, nowMs, ttl, cacheStatus);
}

function noSuchFeed(slug: string): FerryError {
  return new FerryError("not_found", `There is no feed "${slug}".`);
}

/** Does the request carry a validator that a 304 could answer? */
function hasValidators(headers: Headers): boolean {
  return headers.has("if-none-match") || headers.has("if-modified-since");
}

/** The edge-cache key of a rendering: the feed's version is in it, so a change never serves old bytes. */
function cacheKeyOf(c: Context<FerryHono>, state: FeedState, target: FeedTarget, meta: RepresentationMeta) {
  return `${new URL(c.req.url).origin}/_ferry/feed-cache/${state.feed.slug}/${target.format}/${meta.etag.slice(1, -1)}?v=${feedVersion(state)}`;
}

/** Encodes the rendering once, keeps it in the isolate's memo and answers with it. */
function remember(
  c: Context<FerryHono>,
  memoKey: string,
  meta: RepresentationMeta,
  body: string,
  nowMs: number,
  ttl: number,
  cacheStatus: RepresentationMeta["cacheStatus"],
): Response {
  const bytes = UTF8.encode(body) as Uint8Array<ArrayBuffer>;
  writeFeedMemo(memoKey, { meta, body: bytes, storedAt: nowMs }, ttl);
  return answer(c, meta, bytes, cacheStatus);
}

const UTF8 = new TextEncoder();

/** 304 when the request's validators match, a bodiless 200 for HEAD, else the representation. */
function answer(
  c: Context<FerryHono>,
  meta: RepresentationMeta,
  body: Uint8Array<ArrayBuffer> | null,
  cacheStatus: RepresentationMeta["cacheStatus"],
) {
  const described = { ...meta, cacheStatus };
  if (isNotModified(c.req.raw.headers, meta)) return c.body(null, 304, representationHeaders(described, 304));
  if (c.req.method === "HEAD") return c.body(null, 200, representationHeaders(described, 200));
  return c.body(body ?? new Uint8Array(), 200, representationHeaders(described, 200));
}

/** Validators, caching and links of a representation, from the feed's state alone. */
async function describeRepresentation(
  state: FeedState,
  target: FeedTarget,
  origin: string,
  hubs: string[],
): Promise<RepresentationMeta> {
  const before = target.before ? encodeTimelineCursor(target.before) : null;
  const filter = target.filter ? `${target.filter.kind}:${target.filter.key}` : "";
  // Everything the rendered bytes depend on, so that each format, page and filter has its own tag.
  const parts = [RENDER_REVISION, feedVersion(state), target.format, filter, before ?? "", origin, ...hubs];
  return {
    etag: await entityTag(parts),
    lastModifiedMs: feedUpdatedAt(state),
    contentType: FEED_FORMATS[target.format].contentType,
    cacheControl: cacheControlFor(before !== null),
    selfUrl: feedUrls(origin, state.feed.slug, target.filter, before)[target.format],
    hubs,
    negotiated: target.negotiated,
    cacheStatus: null,
  };
}

// Outside a Worker invocation there is no execution context: the store then just runs on its own.
function waitUntil(c: Context<FerryHono>, promise: Promise<void>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    void promise;
  }
}
