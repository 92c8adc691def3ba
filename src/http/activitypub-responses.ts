import type { Context } from "hono";
import { ACTIVITY_JSON, type ApDocument, LD_JSON_ACTIVITY } from "../activitypub/vocabulary";
import type { FerryHono } from "./hono-env";

/** The media types an ActivityPub document is served as; the second carries the ActivityStreams profile. */
export const ACTIVITY_MEDIA_TYPES = [ACTIVITY_JSON, "application/ld+json"] as const;

/** A response with a document here stays fresh this long for caches and servers that fetch it. */
const MAX_AGE_S = 60;
const ACCEPT_CHARS = 1024;

/**
 * Whether a request at an ActivityPub URL comes from a browser: it asks for HTML and for neither ActivityPub
 * media type. Servers fetching the document ask for one of those (or send no Accept at all).
 */
export function wantsHtml(accept: string | undefined): boolean {
  const text = (accept ?? "").slice(0, ACCEPT_CHARS).toLowerCase();
  return text.includes("text/html") && !text.includes("activity+json") && !text.includes("ld+json");
}

/** A document as `application/activity+json`, or as JSON-LD with the ActivityStreams profile when that was asked for. */
export function activityResponse(
  c: Context<FerryHono>,
  document: ApDocument,
  status: 200 | 410 = 200,
): Response {
  const accept = (c.req.header("accept") ?? "").slice(0, ACCEPT_CHARS).toLowerCase();
  const type =
    accept.includes("ld+json") && !accept.includes("activity+json") ? LD_JSON_ACTIVITY : ACTIVITY_JSON;
  return c.body(JSON.stringify(document), status, {
    "content-type": type,
    "cache-control": `public, max-age=${MAX_AGE_S}`,
    vary: "Accept",
    "access-control-allow-origin": "*",
  });
}
