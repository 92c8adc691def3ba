import { findFeedState } from "../db/feed-state";
import { findFeedBySlug } from "../db/feeds";
import type { Feed } from "../domain/feed";
import type { FeedState } from "../domain/feed-version";
import { FerryError } from "../domain/problems";
import { grantLease, type Topic } from "../domain/websub";
import { HubRequest, hubFormToObject } from "../domain/websub-request";
import { parseTopic } from "../feeds/websub-topic";
import { checkCallbackUrl, readGuardConfig } from "../outbound/ssrf-guard";
import { requestIntent } from "../services/websub-intents";
import { type PingedTopic, pushPingedTopics } from "../services/websub-publish";
import { Resource } from "./endpoint";
import { publicOrigin } from "./origin";
import { readBodyBytes } from "./read-json";
import { sealHubSecret } from "./secret-sealing";
import { parseOrThrow } from "./validate";

const MAX_FORM_BYTES = 16 * 1024;
const HUB_FORM_TYPE = "application/x-www-form-urlencoded";

/** Ferry's WebSub hub at `/websub`: subscribe, unsubscribe and publish pings for its own feeds. */
const hub = new Resource("/websub");

hub.endpoint(
  {
    method: "post",
    path: "/websub",
    operationId: "websubHub",
    summary:
      "The WebSub hub: hub.mode=subscribe|unsubscribe (hub.topic, hub.callback, hub.lease_seconds, hub.secret) or publish (hub.url)",
    tag: "WebSub",
    role: null,
    noIdempotencyKey: true,
    body: { mediaTypes: [HUB_FORM_TYPE] },
    ok: {
      status: 202,
      description:
        "Accepted: a subscription change is verified with its callback afterwards (WebSub §5.3); a publish ping pushes what changed to the topic's subscribers.",
    },
    problems: [400, 404, 413, 415, 429, 503],
  },
  async (c) => {
    const form = await readForm(c.req.raw);
    const request = parseOrThrow(HubRequest, hubFormToObject(form), "bad_request");
    const origin = publicOrigin(c);
    if (request["hub.mode"] === "publish") {
      const pinged = await resolvePingedTopics(c.env.DB, request.topics, origin);
      await pushPingedTopics(c.env.DB, c.env.DELIVERY_QUEUE, pinged, Date.now());
      // Always 202: whether anything changed since the last push is not the pinger's business.
      return c.body(null, 202);
    }
    const { feed, topic } = await resolveTopic(c.env.DB, request["hub.topic"], origin, "/hub.topic");
    const callback = await checkCallbackUrl(request["hub.callback"], readGuardConfig(c.env));
    if (!callback.ok) {
      throw new FerryError("bad_request", `hub.callback cannot be used: ${callback.reason}.`, {
        errors: [{ pointer: "/hub.callback", detail: callback.reason }],
      });
    }
    await requestIntent(
      c.env.DB,
      c.env.DELIVERY_QUEUE,
      {
        mode: request["hub.mode"],
        feedRowId: feed.rowId,
        topic,
        callbackUrl: callback.url.href,
        secret: await sealHubSecret(c.env, request["hub.secret"] ?? null),
        leaseSeconds: grantLease(request["hub.lease_seconds"] ?? null),
      },
      { callbackHost: callback.url.hostname, clientAddress: c.req.header("cf-connecting-ip") ?? null },
      Date.now(),
    );
    // WebSub §5.1.2: 202 whatever the verification will find; the outcome reaches the callback, not this answer.
    return c.body(null, 202);
  },
);

export const websubHub = hub.routes();
export const HUB_ENDPOINTS = hub.endpoints;

async function readForm(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== HUB_FORM_TYPE) {
    throw new FerryError("unsupported_media_type", "Send hub requests as application/x-www-form-urlencoded.");
  }
  const bytes = await readBodyBytes(request, MAX_FORM_BYTES);
  return new URLSearchParams(new TextDecoder().decode(bytes));
}

/** A topic must be one of this instance's feed documents, of a feed that exists. */
async function resolveTopic(
  db: D1Database,
  raw: string,
  origin: string,
  pointer: string,
): Promise<{ feed: Feed; topic: Topic }> {
  const topic = parseTopicOrThrow(raw, origin, pointer);
  const feed = await findFeedBySlug(db, topic.slug);
  if (!feed) throw unknownFeed(topic.slug, pointer);
  return { feed, topic };
}

/** The distinct topics of a publish ping with their feeds' states: one query per distinct feed, at most 20. */
async function resolvePingedTopics(db: D1Database, raws: string[], origin: string): Promise<PingedTopic[]> {
  const topics = new Map<string, Topic>();
  for (const raw of raws) {
    const topic = parseTopicOrThrow(raw, origin, "/hub.url");
    topics.set(topic.url, topic);
  }
  const nowMs = Date.now();
  const states = new Map<string, FeedState>();
  for (const slug of new Set([...topics.values()].map((t) => t.slug))) {
    const state = await findFeedState(db, slug, nowMs);
    if (!state) throw unknownFeed(slug, "/hub.url");
    states.set(slug, state);
  }
  return [...topics.values()].map((topic) => ({ topic, state: states.get(topic.slug) as FeedState }));
}

function parseTopicOrThrow(raw: string, origin: string, pointer: string): Topic {
  const topic = parseTopic(raw, origin);
  if (topic) return topic;
  throw new FerryError(
    "bad_request",
    `${raw} is not a feed of this hub; topics look like ${origin}/feeds/<feed>/rss.xml.`,
    { errors: [{ pointer, detail: "Must be the URL of one of this instance's RSS, Atom or JSON feeds." }] },
  );
}

function unknownFeed(slug: string, pointer: string): FerryError {
  return new FerryError("not_found", `There is no feed "${slug}".`, {
    errors: [{ pointer, detail: "Unknown feed." }],
  });
}
