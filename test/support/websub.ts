import { env, SELF } from "cloudflare:test";
import { expect } from "vitest";
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
  await waitForActive(callback.url);
  return callback;
}

export async function waitForActive(callbackUrl: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const row = await env.DB.prepare("SELECT state FROM websub_subscriptions WHERE callback_url = ?")
      .bind(callbackUrl)
      .first("state");
    if (row === "active") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`subscription for ${callbackUrl} never became active`);
}
