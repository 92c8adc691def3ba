/** Pure decisions about one webhook delivery attempt: what its result means and when to try again. */

/** Wait before retry n (index n − 1); the first attempt plus these retries make 8 attempts in all. */
export const RETRY_SCHEDULE_SECONDS: readonly number[] = [5, 300, 1800, 7200, 18000, 36000, 36000];
export const MAX_DELIVERY_ATTEMPTS = RETRY_SCHEDULE_SECONDS.length + 1;
/** Cloudflare Queues refuses longer delays; longer waits are chained or swept from D1 by the caller. */
export const MAX_QUEUE_DELAY_SECONDS = 43_200;
/** An endpoint failing without a single success for this long is disabled. */
export const ENDPOINT_DISABLE_AFTER_MS = 5 * 24 * 3600 * 1000;
const JITTER_RATIO = 0.2;
const RETRY_AFTER_MIN_SECONDS = 1;
const RETRY_AFTER_MAX_SECONDS = 86_400;
// Statuses whose Retry-After is a load-shedding hint (RFC 9110 §10.2.3, RFC 6585 §4).
const RETRY_AFTER_STATUSES = new Set([429, 502, 503, 504]);

export type DeliveryOutcome =
  | { kind: "success" }
  | { kind: "disable"; reason: string }
  | { kind: "terminal"; reason: string }
  | { kind: "retry"; reason: string; retryAfterSeconds?: number };

export interface DeliveryResult {
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  error?: "timeout" | "network" | "blocked";
  retryAfterHeader?: string | null;
  nowMs: number;
}

export function classifyResponse(input: DeliveryResult): DeliveryOutcome {
  if (input.error === "blocked") return { kind: "terminal", reason: "destination blocked by SSRF guard" };
  if (input.error === "timeout") return { kind: "retry", reason: "timed out" };
  if (input.error === "network" || input.status === null) return { kind: "retry", reason: "network error" };
  const status = input.status;
  if (status >= 200 && status < 300) return { kind: "success" };
  if (status === 410) return { kind: "disable", reason: "endpoint answered 410 Gone" };
  // Redirects are never followed: the new location has not passed the SSRF guard.
  if (status >= 300 && status < 400) return { kind: "retry", reason: `redirect (${status}) not followed` };
  const reason = `endpoint answered ${status}`;
  if (!RETRY_AFTER_STATUSES.has(status)) return { kind: "retry", reason };
  const retryAfterSeconds = parseRetryAfter(input.retryAfterHeader ?? null, input.nowMs);
  return retryAfterSeconds === null
    ? { kind: "retry", reason }
    : { kind: "retry", reason, retryAfterSeconds };
}

/** Retry-After as delta-seconds or HTTP-date (RFC 9110 §10.2.3), clamped to [1 s, 1 day]; null if unusable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  const value = header?.trim() ?? "";
  let seconds: number;
  if (/^\d+$/.test(value)) {
    seconds = Number(value);
  } else if (/^[A-Za-z]{3,9},? /.test(value) && Number.isFinite(Date.parse(value))) {
    // All three HTTP-date forms start with a day name; this keeps Date.parse's leniency in check.
    seconds = Math.ceil((Date.parse(value) - nowMs) / 1000);
  } else {
    return null;
  }
  return Math.min(Math.max(seconds, RETRY_AFTER_MIN_SECONDS), RETRY_AFTER_MAX_SECONDS);
}

/**
 * Seconds to wait after attempt `attemptNumber` (1-based) failed, or null when there is nothing more to
 * try: the outcome is not a retry, or that was the last attempt (dead-letter).
 * `random` returns [0, 1) like Math.random and fixes the ±20 % jitter; `schedule` is replaceable for tests.
 */
export function nextAttemptDelaySeconds(
  attemptNumber: number,
  outcome: DeliveryOutcome,
  random: () => number,
  schedule: readonly number[] = RETRY_SCHEDULE_SECONDS,
): number | null {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1) {
    throw new RangeError(`attemptNumber must be a positive integer, got ${attemptNumber}`);
  }
  if (outcome.kind !== "retry") return null;
  const base = schedule[attemptNumber - 1];
  if (base === undefined) return null;
  const jittered = Math.max(1, Math.round(base * (1 + JITTER_RATIO * (2 * random() - 1))));
  return Math.max(jittered, outcome.retryAfterSeconds ?? 0);
}

/** The delay to hand to Cloudflare Queues; the remainder is the caller's to chain. */
export function queueDelayFor(delaySeconds: number): number {
  return Math.min(Math.max(0, delaySeconds), MAX_QUEUE_DELAY_SECONDS);
}

/** True once an endpoint has failed continuously for ENDPOINT_DISABLE_AFTER_MS. */
export function shouldDisableEndpoint(firstFailureAtMs: number | null, nowMs: number): boolean {
  return firstFailureAtMs !== null && nowMs - firstFailureAtMs >= ENDPOINT_DISABLE_AFTER_MS;
}
