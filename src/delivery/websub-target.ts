import { findFeedState } from "../db/feed-state";
import { endSubscriptionStatement } from "../db/websub";
import { openSecret, type SecretKey } from "../domain/secret-box";
import type { Subscription } from "../domain/websub";
import { hubSignature, hubUrlFor } from "../domain/websub";
import { FEED_FORMATS } from "../feeds/feed-formats";
import { loadFeedDocument } from "../services/feed-document";
import type { DeliveryOutcome } from "./retry-policy";
import type { OutboundRequest } from "./send-attempt";

/** A subscription that ended or whose lease ran out gets nothing more. */
export function websubReadiness(subscription: Subscription, nowMs: number): "ready" | "cancel" {
  return subscription.state === "active" && subscription.expiresAt > nowMs ? "ready" : "cancel";
}

/**
 * The fat ping (WebSub §7): the topic's current document with its exact Content-Type, `Link` headers
 * naming the hub and the topic, and `X-Hub-Signature` when the subscriber gave a secret (opened with `keys`
 * only for this signature; SecretKeyError when it does not open). Null when the feed no longer exists.
 */
export async function websubRequest(
  db: D1Database,
  subscription: Subscription,
  keys: readonly SecretKey[],
  nowMs: number,
): Promise<OutboundRequest | null> {
  const { topic } = subscription;
  const state = await findFeedState(db, topic.slug, nowMs);
  if (!state) return null;
  const origin = new URL(topic.url).origin;
  const hubUrl = hubUrlFor(origin);
  const doc = await loadFeedDocument(db, state, {
    origin,
    nowMs,
    filter: topic.filter,
    before: null,
    hubs: [hubUrl],
  });
  const format = FEED_FORMATS[topic.format];
  const body = format.render(doc);
  const headers: Record<string, string> = {
    "content-type": format.contentType,
    link: `<${hubUrl}>; rel="hub", <${topic.url}>; rel="self"`,
  };
  if (subscription.secret) {
    const secret = await openSecret(keys, "websub-secret", subscription.secret);
    headers["x-hub-signature"] = await hubSignature(secret, body);
  }
  return { url: subscription.callbackUrl, headers, body };
}

/** A 410 from the callback ends the subscription (WebSub: the subscriber is gone). */
export function websubAfterAttempt(
  db: D1Database,
  subscription: Subscription,
  outcome: DeliveryOutcome,
  nowMs: number,
) {
  return outcome.kind === "disable"
    ? [endSubscriptionStatement(db, { rowId: subscription.rowId }, "gone", nowMs)]
    : [];
}
