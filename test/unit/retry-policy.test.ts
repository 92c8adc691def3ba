import { describe, expect, it } from "vitest";
import {
  classifyResponse,
  type DeliveryOutcome,
  ENDPOINT_DISABLE_AFTER_MS,
  MAX_DELIVERY_ATTEMPTS,
  MAX_QUEUE_DELAY_SECONDS,
  nextAttemptDelaySeconds,
  parseRetryAfter,
  queueDelayFor,
  RETRY_SCHEDULE_SECONDS,
  shouldDisableEndpoint,
} from "../../src/delivery/retry-policy";

const NOW_MS = Date.parse("2026-03-01T12:00:00Z");
const RETRY: DeliveryOutcome = { kind: "retry", reason: "endpoint answered 500" };
const LOWEST = () => 0;
const MIDDLE = () => 0.5;
const HIGHEST = () => 0.999_999_999;

describe("classifyResponse", () => {
  it.each([200, 201, 202, 204, 299])("treats %i as delivered", (status) => {
    expect(classifyResponse({ status, nowMs: NOW_MS })).toEqual({ kind: "success" });
  });

  it("disables the endpoint on 410 Gone", () => {
    expect(classifyResponse({ status: 410, nowMs: NOW_MS })).toMatchObject({ kind: "disable" });
  });

  it.each([300, 301, 302, 303, 304, 307, 308])("retries a %i redirect without following it", (status) => {
    const outcome = classifyResponse({ status, retryAfterHeader: "120", nowMs: NOW_MS });
    expect(outcome).toEqual({ kind: "retry", reason: `redirect (${status}) not followed` });
  });

  it.each([400, 401, 403, 404, 405, 408, 409, 413, 422, 499])("retries a %i client error", (status) => {
    expect(classifyResponse({ status, nowMs: NOW_MS })).toEqual({
      kind: "retry",
      reason: `endpoint answered ${status}`,
    });
  });

  it.each([500, 501, 505, 520, 599])("retries a %i server error and ignores its Retry-After", (status) => {
    const outcome = classifyResponse({ status, retryAfterHeader: "120", nowMs: NOW_MS });
    expect(outcome).toEqual({ kind: "retry", reason: `endpoint answered ${status}` });
  });

  it.each([429, 502, 503, 504])("retries %i and honours its Retry-After", (status) => {
    const outcome = classifyResponse({ status, retryAfterHeader: "120", nowMs: NOW_MS });
    expect(outcome).toEqual({ kind: "retry", reason: `endpoint answered ${status}`, retryAfterSeconds: 120 });
  });

  it("retries 503 without retryAfterSeconds when the header is absent or garbage", () => {
    for (const retryAfterHeader of [undefined, null, "", "soon", "-5"]) {
      const outcome = classifyResponse({ status: 503, retryAfterHeader, nowMs: NOW_MS });
      expect(outcome).toEqual({ kind: "retry", reason: "endpoint answered 503" });
    }
  });

  it.each([100, 101, 199, 600, 999])("retries the unexpected status %i", (status) => {
    expect(classifyResponse({ status, nowMs: NOW_MS })).toMatchObject({ kind: "retry" });
  });

  it("retries timeouts and network errors", () => {
    expect(classifyResponse({ status: null, error: "timeout", nowMs: NOW_MS })).toEqual({
      kind: "retry",
      reason: "timed out",
    });
    expect(classifyResponse({ status: null, error: "network", nowMs: NOW_MS })).toEqual({
      kind: "retry",
      reason: "network error",
    });
    expect(classifyResponse({ status: null, nowMs: NOW_MS })).toMatchObject({ kind: "retry" });
  });

  it("gives up at once on a destination the SSRF guard blocked", () => {
    expect(classifyResponse({ status: null, error: "blocked", nowMs: NOW_MS })).toMatchObject({
      kind: "terminal",
    });
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["120", 120],
    [" 30 ", 30],
    ["0", 1],
    ["86400", 86_400],
    ["86401", 86_400],
    ["99999999999999999999", 86_400],
  ])("reads delta-seconds %j as %i", (header, seconds) => {
    expect(parseRetryAfter(header, NOW_MS)).toBe(seconds);
  });

  it.each([
    ["Sun, 01 Mar 2026 12:05:00 GMT", 300],
    ["Sunday, 01-Mar-26 12:05:00 GMT", 300],
    ["Sun Mar  1 12:05:00 2026", 300],
    ["Sun, 01 Mar 2026 12:00:00 GMT", 1],
    ["Sat, 28 Feb 2026 12:00:00 GMT", 1],
    ["Sun, 01 Mar 2026 12:00:00 GMT".replace("12:00:00", "12:00:01"), 1],
    ["Tue, 03 Mar 2026 12:00:00 GMT", 86_400],
  ])("reads HTTP-date %j as %i seconds from now", (header, seconds) => {
    expect(parseRetryAfter(header, NOW_MS)).toBe(seconds);
  });

  it("rounds a fractional wait up rather than retrying early", () => {
    expect(parseRetryAfter("Sun, 01 Mar 2026 12:00:10 GMT", NOW_MS - 500)).toBe(11);
  });

  it.each([
    null,
    "",
    "soon",
    "-5",
    "1.5",
    "2026-03-01T12:05:00Z",
    "+60",
    "60s",
    "Funday, 99 Foo 2026",
    "0x10",
    "Infinity",
  ])("refuses %j", (header) => {
    expect(parseRetryAfter(header, NOW_MS)).toBeNull();
  });
});

describe("nextAttemptDelaySeconds", () => {
  it("allows eight attempts: the first plus one retry per schedule entry", () => {
    expect(RETRY_SCHEDULE_SECONDS).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
    expect(MAX_DELIVERY_ATTEMPTS).toBe(8);
  });

  it("follows the schedule exactly when the jitter is centred", () => {
    const delays = RETRY_SCHEDULE_SECONDS.map((_, i) => nextAttemptDelaySeconds(i + 1, RETRY, MIDDLE));
    expect(delays).toEqual([...RETRY_SCHEDULE_SECONDS]);
  });

  it.each(RETRY_SCHEDULE_SECONDS.map((base, i) => [i + 1, base]))(
    "keeps the jitter of attempt %i within ±20 %% of %i s",
    (attempt, base) => {
      const low = nextAttemptDelaySeconds(attempt, RETRY, LOWEST);
      const high = nextAttemptDelaySeconds(attempt, RETRY, HIGHEST);
      expect(low).toBe(Math.round(base * 0.8));
      expect(high).toBe(Math.round(base * 1.2));
      for (let i = 0; i < 200; i++) {
        const delay = nextAttemptDelaySeconds(attempt, RETRY, Math.random) ?? Number.NaN;
        expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
        expect(delay).toBeLessThanOrEqual(Math.ceil(base * 1.2));
        expect(Number.isInteger(delay)).toBe(true);
      }
    },
  );

  it("is deterministic for a given random source", () => {
    const fixed = () => 0.73;
    expect(nextAttemptDelaySeconds(3, RETRY, fixed)).toBe(nextAttemptDelaySeconds(3, RETRY, fixed));
    expect(nextAttemptDelaySeconds(3, RETRY, fixed)).toBe(Math.round(1800 * (1 + 0.2 * (2 * 0.73 - 1))));
  });

  it("waits at least as long as the endpoint's Retry-After", () => {
    const throttled: DeliveryOutcome = {
      kind: "retry",
      reason: "endpoint answered 429",
      retryAfterSeconds: 600,
    };
    expect(nextAttemptDelaySeconds(1, throttled, HIGHEST)).toBe(600);
    expect(nextAttemptDelaySeconds(4, throttled, MIDDLE)).toBe(7200);
  });

  it("dead-letters after the eighth attempt, even with a Retry-After", () => {
    expect(nextAttemptDelaySeconds(7, RETRY, MIDDLE)).toBe(36000);
    expect(nextAttemptDelaySeconds(8, RETRY, MIDDLE)).toBeNull();
    expect(nextAttemptDelaySeconds(9, RETRY, MIDDLE)).toBeNull();
    expect(nextAttemptDelaySeconds(8, { ...RETRY, retryAfterSeconds: 5 }, MIDDLE)).toBeNull();
  });

  it.each<DeliveryOutcome>([
    { kind: "success" },
    { kind: "disable", reason: "410" },
    { kind: "terminal", reason: "blocked" },
  ])("never schedules another attempt after $kind", (outcome) => {
    expect(nextAttemptDelaySeconds(1, outcome, MIDDLE)).toBeNull();
  });

  it.each([0, -1, 1.5, Number.NaN])("rejects the attempt number %s", (attempt) => {
    expect(() => nextAttemptDelaySeconds(attempt, RETRY, MIDDLE)).toThrow(RangeError);
  });
});

describe("queueDelayFor", () => {
  it("passes delays up to the Queues cap through and caps longer ones at 12 hours", () => {
    expect(MAX_QUEUE_DELAY_SECONDS).toBe(43_200);
    expect(queueDelayFor(0)).toBe(0);
    expect(queueDelayFor(300)).toBe(300);
    expect(queueDelayFor(43_200)).toBe(43_200);
    expect(queueDelayFor(43_201)).toBe(43_200);
    expect(queueDelayFor(86_400)).toBe(43_200);
  });

  it("fits every jittered schedule delay; only a long Retry-After needs chaining", () => {
    const longest = nextAttemptDelaySeconds(7, RETRY, HIGHEST) ?? 0;
    expect(queueDelayFor(longest)).toBe(longest);
    const throttled = nextAttemptDelaySeconds(7, { ...RETRY, retryAfterSeconds: 86_400 }, MIDDLE) ?? 0;
    expect(throttled).toBe(86_400);
    expect(queueDelayFor(throttled)).toBe(MAX_QUEUE_DELAY_SECONDS);
  });
});

describe("shouldDisableEndpoint", () => {
  it("keeps an endpoint that has not failed", () => {
    expect(shouldDisableEndpoint(null, NOW_MS)).toBe(false);
  });

  it("disables an endpoint after five days of continuous failure, not before", () => {
    expect(ENDPOINT_DISABLE_AFTER_MS).toBe(432_000_000);
    expect(shouldDisableEndpoint(NOW_MS - ENDPOINT_DISABLE_AFTER_MS + 1, NOW_MS)).toBe(false);
    expect(shouldDisableEndpoint(NOW_MS - ENDPOINT_DISABLE_AFTER_MS, NOW_MS)).toBe(true);
    expect(shouldDisableEndpoint(NOW_MS - 6 * 24 * 3600 * 1000, NOW_MS)).toBe(true);
    expect(shouldDisableEndpoint(NOW_MS, NOW_MS)).toBe(false);
  });
});
