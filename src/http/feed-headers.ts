import type { Handler } from "hono";
import { FerryError } from "../domain/problems";
import { formatHttpDate, type Validators } from "./conditional-get";
import type { FerryHono } from "./hono-env";

/** How long readers and shared caches may reuse the newest page of a feed, in seconds. */
export const FEED_MAX_AGE_S = 60;
export const FEED_STALE_WHILE_REVALIDATE_S = 300;
/** Older pages change only when an article on them is edited or deleted, so they may be kept far longer. */
export const ARCHIVE_MAX_AGE_S = 3_600;
export const ARCHIVE_STALE_WHILE_REVALIDATE_S = 86_400;
export const STALE_IF_ERROR_S = 86_400;
/** How long a browser may reuse a CORS preflight answer, in seconds. */
export const PREFLIGHT_MAX_AGE_S = 86_400;

const READ_METHODS = "GET, HEAD, OPTIONS";

export function cacheControlFor(archived: boolean): string {
  const [maxAge, swr] = archived
    ? [ARCHIVE_MAX_AGE_S, ARCHIVE_STALE_WHILE_REVALIDATE_S]
    : [FEED_MAX_AGE_S, FEED_STALE_WHILE_REVALIDATE_S];
  return `public, max-age=${maxAge}, stale-while-revalidate=${swr}, stale-if-error=${STALE_IF_ERROR_S}`;
}

/** Everything a public representation's headers are made of, known before it is rendered. */
export interface RepresentationMeta extends Validators {
  /** With its charset, e.g. `application/rss+xml; charset=utf-8`. */
  contentType: string;
  cacheControl: string;
  /** This representation's own URL, advertised as `Link: <…>; rel="self"`. */
  selfUrl: string;
  /** WebSub hubs, advertised as `Link: <…>; rel="hub"` next to self. */
  hubs: readonly string[];
  /** Chosen from `Accept` at a URL that serves several formats. */
  negotiated: boolean;
  /** Whether the body came from the edge cache or this isolate's memo; null when neither was consulted. */
  cacheStatus: "hit" | "miss" | "memo" | null;
}

/**
 * The one place every public feed, page and list response gets its headers, for 200 and 304 alike
 * (a 304 carries the same validators, caching and Vary; only the body's media type is left out).
 */
export function representationHeaders(meta: RepresentationMeta, status: 200 | 304): Record<string, string> {
  const headers: Record<string, string> = {
    etag: meta.etag,
    "cache-control": meta.cacheControl,
    vary: meta.negotiated ? "Accept, Accept-Encoding" : "Accept-Encoding",
    link: [...meta.hubs.map((hub) => `<${hub}>; rel="hub"`), `<${meta.selfUrl}>; rel="self"`].join(", "),
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "ETag, Last-Modified, Link",
    "x-content-type-options": "nosniff",
  };
  if (meta.lastModifiedMs !== null) headers["last-modified"] = formatHttpDate(meta.lastModifiedMs);
  if (meta.negotiated) headers["content-location"] = meta.selfUrl;
  if (meta.cacheStatus) headers["x-ferry-cache"] = meta.cacheStatus;
  if (status === 200) headers["content-type"] = meta.contentType;
  return headers;
}

/**
 * For every other method on a public read-only path: the CORS preflight answer for `OPTIONS`
 * (conditional requests from browsers need it), else 405 with `Allow`.
 */
export const readOnlyFallback: Handler<FerryHono> = (c) => {
  if (c.req.method === "OPTIONS") {
    return c.body(null, 204, {
      allow: READ_METHODS,
      "access-control-allow-origin": "*",
      "access-control-allow-methods": READ_METHODS,
      "access-control-allow-headers": "Accept, If-None-Match, If-Modified-Since, Cache-Control",
      "access-control-max-age": String(PREFLIGHT_MAX_AGE_S),
    });
  }
  throw new FerryError("method_not_allowed", `${c.req.method} is not allowed here; use ${READ_METHODS}.`, {
    headers: { allow: READ_METHODS },
  });
};
