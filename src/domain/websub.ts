import type { WebsubSubscriptionOutput } from "./delivery-schemas";
import type { SyndicationFormat } from "./feed";
import type { FeedFilter } from "./feed-filter";
import { newPrefixedId } from "./uuid";

export const DEFAULT_LEASE_SECONDS = 10 * 24 * 3600;
export const MIN_LEASE_SECONDS = 3600;
export const MAX_LEASE_SECONDS = 30 * 24 * 3600;
/** WebSub §5.1: hub.secret MUST be less than 200 bytes. */
export const MAX_SECRET_BYTES = 199;
export const MAX_SUBSCRIPTIONS_PER_FEED = 10_000;

/** Ferry's own hub endpoint on an origin, advertised by every feed. */
export function hubUrlFor(origin: string): string {
  return `${origin}/websub`;
}

/** A feed document that can be subscribed to: a whole feed, or a tag or author view of it, in one format. */
export interface Topic {
  url: string;
  slug: string;
  filter: FeedFilter | null;
  format: SyndicationFormat;
}

/** A subscribe or unsubscribe request waiting for the subscriber to confirm it. */
export interface Intent {
  rowId: number;
  mode: "subscribe" | "unsubscribe";
  feedRowId: number;
  topic: Topic;
  callbackUrl: string;
  /** hub.secret as stored: sealed (`enc:v1:…`, see secret-box.ts), or in clear for rows not yet re-encrypted. */
  secret: string | null;
  leaseSeconds: number;
  attempts: number;
}

/** A subscription is active until it is unsubscribed, its callback is gone or its lease expires. */
export const SUBSCRIPTION_STATES = ["active", "unsubscribed", "gone", "expired"] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

/** An active (or ended) subscription. */
export interface Subscription {
  rowId: number;
  id: string;
  feedRowId: number;
  topic: Topic;
  callbackUrl: string;
  /** hub.secret as stored: sealed (`enc:v1:…`, see secret-box.ts), or in clear for rows not yet re-encrypted. */
  secret: string | null;
  leaseSeconds: number;
  expiresAt: number;
  state: SubscriptionState;
}

/** The lease Ferry grants: the requested one within bounds, or the default (WebSub §5.1 lets the hub choose). */
export function grantLease(requested: number | null): number {
  if (requested === null) return DEFAULT_LEASE_SECONDS;
  return Math.min(Math.max(requested, MIN_LEASE_SECONDS), MAX_LEASE_SECONDS);
}

export function newSubscriptionId(): string {
  return newPrefixedId("sub_", 24);
}

/** A challenge the callback must echo to prove it asked for the subscription. */
export function newChallenge(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The verification URL: the callback with the hub.* parameters added to any query it already has. */
export function verificationUrl(callbackUrl: string, params: Record<string, string>): string {
  const url = new URL(callbackUrl);
  for (const [key, value] of Object.entries(params)) url.searchParams.append(key, value);
  return url.href;
}

/** `X-Hub-Signature: sha256=<hex HMAC of the body>` (WebSub §7, the recommended algorithm). */
export async function hubSignature(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  return `sha256=${Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** A subscription as the publisher API shows it; the secret itself never leaves Ferry. */
export function toSubscriptionView(subscription: Subscription): WebsubSubscriptionOutput {
  return {
    id: subscription.id,
    topic: subscription.topic.url,
    callback: subscription.callbackUrl,
    state: subscription.state,
    signed: subscription.secret !== null,
    lease_seconds: subscription.leaseSeconds,
    expires_at: new Date(subscription.expiresAt).toISOString(),
  };
}
