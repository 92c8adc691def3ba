import type { Context } from "hono";
import { findFeedBySlug } from "../db/feeds";
import type { Feed } from "../domain/feed";
import { FerryError } from "../domain/problems";
import { readGuardConfig } from "../outbound/ssrf-guard";
import { receiveActivity } from "../services/activitypub-inbox";
import { ACTIVITY_MEDIA_TYPES } from "./activitypub-responses";
import { Resource } from "./endpoint";
import type { EndpointSpec } from "./endpoint-spec";
import type { FerryHono } from "./hono-env";
import { publicOrigin } from "./origin";
import { readBodyBytes } from "./read-json";
import { asProblem } from "./secret-sealing";

/** An activity is a few KiB; anything larger is refused before it is parsed or its signature checked. */
export const MAX_INBOX_BODY_BYTES = 64 * 1024;
const INBOX_MEDIA_TYPES = new Set([...ACTIVITY_MEDIA_TYPES, "application/json"]);

/** The inboxes: each feed's own, and the shared one servers deliver to once for all their users. */
const inboxes = new Resource("");

function inbox(spec: Pick<EndpointSpec, "path" | "operationId" | "summary">): EndpointSpec {
  return {
    ...spec,
    method: "post",
    description: `Takes only activities signed with HTTP Signatures (draft-cavage, \`rsa-sha256\` or \`hs2019\`) over \`(request-target)\`, \`host\`, \`date\` and \`digest\`, with a \`Date\` within an hour and a \`Digest\` (SHA-256) of the body; anything else is 401 and changes nothing. At most ${MAX_INBOX_BODY_BYTES / 1024} KiB. A Follow is accepted at once (the Accept is sent from the queue); Undo of a Follow, and an actor's Delete of itself, end its following; every other activity is accepted and ignored.`,
    tag: "Fediverse",
    role: null,
    noIdempotencyKey: true,
    body: { mediaTypes: ACTIVITY_MEDIA_TYPES },
    ok: { status: 202, description: "Accepted." },
    problems: [400, 401, 404, 409, 413, 415, 422, 503],
  };
}

inboxes.endpoint(
  inbox({
    path: "/feeds/{feed}/inbox",
    operationId: "postToFeedInbox",
    summary: "Send an activity to a feed",
  }),
  async (c) => {
    const slug = c.req.param("feed") ?? "";
    const feed = await findFeedBySlug(c.env.DB, slug);
    if (!feed) throw new FerryError("not_found", `There is no feed "${slug}".`);
    await receive(c, feed);
    return c.body(null, 202);
  },
);

inboxes.endpoint(
  inbox({
    path: "/inbox",
    operationId: "postToSharedInbox",
    summary: "Send an activity to any of the feeds",
  }),
  async (c) => {
    await receive(c, null);
    return c.body(null, 202);
  },
);

export const activityPubInboxes = inboxes.routes();

/** Whether a path is one of the inboxes, which count against INBOX_RATE_LIMIT_IP rather than the public limit. */
export function isInboxPath(path: string): boolean {
  const segments = path.split("/");
  return path === "/inbox" || (segments.length === 4 && segments[1] === "feeds" && segments[3] === "inbox");
}
export const INBOX_ENDPOINTS = inboxes.endpoints;

async function receive(c: Context<FerryHono>, feed: Feed | null): Promise<void> {
  const type = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!INBOX_MEDIA_TYPES.has(type)) {
    throw new FerryError("unsupported_media_type", "Send activities as application/activity+json.");
  }
  const body = await readBodyBytes(c.req.raw, MAX_INBOX_BODY_BYTES);
  const url = new URL(c.req.url);
  const request = {
    method: c.req.method,
    url,
    target: url.pathname + url.search,
    // The host a client signs is the one it connected to: the request URL's.
    header: (name: string) => (name === "host" ? url.host : (c.req.header(name) ?? null)),
    body,
  };
  const ctx = {
    db: c.env.DB,
    queue: c.env.DELIVERY_QUEUE,
    guard: readGuardConfig(c.env),
    secrets: c.env,
    origin: publicOrigin(c),
    feed,
    nowMs: Date.now(),
  };
  await receiveActivity(request, ctx).catch((error) => {
    throw asProblem(error);
  });
}
