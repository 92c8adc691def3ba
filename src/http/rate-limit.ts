import { createMiddleware } from "hono/factory";
import { FerryError } from "../domain/problems";
import type { FerryHono } from "./hono-env";

/**
 * What `Retry-After` says. The binding does not tell when its window ends, so this is the longest period a
 * binding may have (60 s): a client that waits this long is never refused again by the same window.
 */
export const RATE_LIMIT_RETRY_AFTER_S = 60;

/**
 * Counts one request against `key`; throws a 429 problem when the binding says it is over its limit. An
 * absent binding means no limit, and a failing one lets the request through: the limiter protects the
 * service and must never be the reason it is down.
 */
export async function enforceRateLimit(
  limiter: RateLimit | undefined,
  key: string,
  subject: string,
): Promise<void> {
  if (!limiter) return;
  let outcome: RateLimitOutcome;
  try {
    outcome = await limiter.limit({ key });
  } catch (error) {
    console.warn(
      JSON.stringify({
        level: "warn",
        message: "rate limiter unavailable; request allowed",
        subject,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    return;
  }
  if (!outcome.success) {
    throw new FerryError(
      "rate_limited",
      `Too many requests from this ${subject}; wait ${RATE_LIMIT_RETRY_AFTER_S} seconds before retrying.`,
      { headers: { "retry-after": String(RATE_LIMIT_RETRY_AFTER_S) } },
    );
  }
}

/** The key a client address is counted under, whichever per-address limit counts it. */
export function addressKey(ip: string): string {
  return `ip:${ip}`;
}

/**
 * Which per-address limit a request counts against: the API, the public hub, the ActivityPub inboxes, or
 * everything else anonymous.
 */
type AddressLimit =
  | "API_RATE_LIMIT_IP"
  | "HUB_RATE_LIMIT_IP"
  | "INBOX_RATE_LIMIT_IP"
  | "PUBLIC_RATE_LIMIT_IP";

/**
 * Per client address, before anything else is looked up, so guessing tokens or hammering a public route costs
 * the sender its quota and not Ferry a D1 query. Cloudflare sets `cf-connecting-ip` on every request from the
 * internet; a request without it (a service binding, the test runtime) has no client address to count.
 */
export function limitByIp(binding: AddressLimit) {
  return createMiddleware<FerryHono>(async (c, next) => {
    const ip = c.req.header("cf-connecting-ip");
    if (ip) await enforceRateLimit(c.env[binding], addressKey(ip), "address");
    await next();
  });
}
