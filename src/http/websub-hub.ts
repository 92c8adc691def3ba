import { Hono } from "hono";
import { insertEventStatement } from "../db/events";
import { findFeedBySlug } from "../db/feeds";
import { insertIntent } from "../db/websub";
import { readDeliveryConfig } from "../delivery/delivery-config";
import { sendAll } from "../delivery/queue-messages";
import { checkCallbackUrl } from "../delivery/ssrf-guard";
import { buildTopicPublishEvent } from "../domain/events";
import type { Feed } from "../domain/feed";
import { grantLease, type Topic } from "../domain/websub";
import { HubRequest, hubFormToObject } from "../domain/websub-request";
import { parseTopic } from "../domain/websub-topic";
import type { FerryHono } from "./hono-env";
import { methodNotAllowed } from "./method-not-allowed";
import { publicOrigin } from "./origin";
import { FerryError } from "./problem";
import { readBodyBytes } from "./read-json";
import { parseOrThrow } from "./validate";

const MAX_FORM_BYTES = 16 * 1024;

/** Ferry's WebSub hub at `/websub`: subscribe, unsubscribe and publish pings for its own feeds. */
export const websubHub = new Hono<FerryHono>();

websubHub.post("/", async (c) => {
  const form = await readForm(c.req.raw);
  const request = parseOrThrow(HubRequest, hubFormToObject(form), "", "bad_request");
  const origin = publicOrigin(c);
  if (request["hub.mode"] === "publish") {
    const resolved = await Promise.all(
      request.topics.map((raw) => resolveTopic(c.env.DB, raw, origin, "/hub.url")),
    );
    const now = Date.now();
    const events = resolved.map(({ feed, topic }) => ({
      feed,
      event: buildTopicPublishEvent(topic.url, now),
    }));
    await c.env.DB.batch(events.map(({ feed, event }) => insertEventStatement(c.env.DB, feed.rowId, event)));
    await sendAll(
      c.env.DELIVERY_QUEUE,
      events.map(({ event }) => ({ kind: "fanout", eventId: event.id })),
    );
    return c.body(null, 202);
  }
  const { feed, topic } = await resolveTopic(c.env.DB, request["hub.topic"], origin, "/hub.topic");
  const callback = checkCallbackUrl(request["hub.callback"], {
    allowInsecureLocal: readDeliveryConfig(c.env).allowInsecureLocal,
  });
  if (!callback.ok) {
    throw new FerryError("bad_request", `hub.callback cannot be used: ${callback.reason}.`, {
      errors: [{ pointer: "/hub.callback", detail: callback.reason }],
    });
  }
  const intentId = await insertIntent(
    c.env.DB,
    {
      mode: request["hub.mode"],
      feedRowId: feed.rowId,
      topic,
      callbackUrl: callback.url.href,
      secret: request["hub.secret"] ?? null,
      leaseSeconds: grantLease(request["hub.lease_seconds"] ?? null),
    },
    Date.now(),
  );
  await c.env.DELIVERY_QUEUE.send({ kind: "websub-verify", intentId });
  // WebSub §5.1.2: 202 whatever the verification will find; the outcome reaches the callback, not this answer.
  return c.body(null, 202);
});

websubHub.all("/", methodNotAllowed(["POST"]));

async function readForm(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
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
  const topic = parseTopic(raw, origin);
  if (!topic) {
    throw new FerryError(
      "bad_request",
      `${raw} is not a feed of this hub; topics look like ${origin}/feeds/<feed>/rss.xml.`,
      {
        errors: [{ pointer, detail: "Must be the URL of one of this instance's RSS, Atom or JSON feeds." }],
      },
    );
  }
  const feed = await findFeedBySlug(db, topic.slug);
  if (!feed) {
    throw new FerryError("not_found", `There is no feed "${topic.slug}".`, {
      errors: [{ pointer, detail: "Unknown feed." }],
    });
  }
  return { feed, topic };
}
