import { env, SELF } from "cloudflare:test";
import { expect } from "vitest";
import { eventually } from "./eventually";
import type { ReceivedRequest } from "./received-request";
import { receiverUrl, waitForRequests } from "./receiver";
import { ORIGIN } from "./seed";

/** A form-encoded request to the hub, from `clientAddress` when given (as Cloudflare would say it). */
export function hub(params: Record<string, string> | URLSearchParams, clientAddress?: string) {
  return SELF.fetch(`${ORIGIN}/websub`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(clientAddress ? { "cf-connecting-ip": clientAddress } : {}),
    },
    body: new URLSearchParams(params).toString(),
  });
}

export const topicOf = (slug: string, file = "rss.xml") => `${ORIGIN}/feeds/${slug}/${file}`;
export const posts = (requests: ReceivedRequest[]) => requests.filter((r) => r.method === "POST");
export const verifications = (requests: ReceivedRequest[]) => requests.filter((r) => r.method === "GET");

/** Subscribes a fresh callback and waits until the hub has verified it. */
export async function subscribed(
  slug: string,
  extra: Record<string, string> = {},
  behaviour = "ok",
  topic = topicOf(slug),
) {
  const callback = receiverUrl(behaviour);
  const response = await hub({
    "hub.mode": "subscribe",
    "hub.topic": topic,
    "hub.callback": callback.url,
    ...extra,
  });
  expect(response.status).toBe(202);
  await waitForRequests(callback.id, (r) => verifications(r).length >= 1);
  await waitForSubscription(callback.url, (row) => row?.state === "active");
  return callback;
}

/** A stored subscription: its state and the lease it was granted. */
export interface SubscriptionRow {
  state: string;
  lease_seconds: number;
}

/** Polls the subscription of `callbackUrl` (null while there is none) until `done` holds. */
export function waitForSubscription(
  callbackUrl: string,
  done: (row: SubscriptionRow | null) => boolean,
): Promise<SubscriptionRow | null> {
  return eventually(
    `subscription of ${callbackUrl}`,
    () =>
      env.DB.prepare("SELECT state, lease_seconds FROM websub_subscriptions WHERE callback_url = ?")
        .bind(callbackUrl)
        .first<SubscriptionRow>(),
    done,
    10_000,
  );
}

/** The `X-Hub-Signature` value (without `sha256=`): hex HMAC-SHA256 of the body with the subscriber's secret. */
export async function hmacHex(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}
