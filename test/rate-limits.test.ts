import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem } from "./support/http";
import { createToken, ORIGIN } from "./support/seed";
import { issueToken } from "./support/tokens";

/** A documentation address (RFC 5737) of its own per call, so no test shares another's counter. */
let hosts = 0;
function freshIp(): string {
  hosts += 1;
  return `198.51.${100 + Math.floor(hosts / 250)}.${hosts % 250}`;
}

/**
 * Uses up `key`'s quota on the very binding the Worker uses, until the binding refuses, then sends the
 * request: it must be refused too. The binding's window rolls over at most once in a test, so a request
 * let through by a rollover is retried once, which makes the check deterministic.
 */
async function sendWhenExhausted(limiter: RateLimit, key: string, send: () => Promise<Response>) {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    // 200 calls at a time: the binding counts them all the same, and the test does not wait on each.
    for (let calls = 0; ; calls += 200) {
      expect(calls, "the limiter never refused").toBeLessThan(100_000);
      const outcomes = await Promise.all(Array.from({ length: 200 }, () => limiter.limit({ key })));
      if (outcomes.some((outcome) => !outcome.success)) break;
    }
    const response = await send();
    if (response.status === 429) return response;
    await response.body?.cancel();
  }
  throw new Error(`${key} was never limited`);
}

async function expectRateLimited(response: Response) {
  const problem = await expectProblem(response, 429);
  expect(problem.type).toBe("/problems/rate_limited");
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
}

const fromIp = (ip: string, init: Parameters<typeof api>[1] = {}) => ({
  ...init,
  headers: { ...init.headers, "cf-connecting-ip": ip },
});

describe("rate limits on /v1", () => {
  it("refuses a token over its limit with 429 and Retry-After, while other tokens carry on", async () => {
    const admin = await createToken({ role: "admin" });
    const busy = await issueToken(admin, { role: "read" });
    const calm = await issueToken(admin, { role: "read" });
    const limiter = env.API_RATE_LIMIT_TOKEN as RateLimit;
    const refused = await sendWhenExhausted(limiter, `token:${busy.id}`, () =>
      api("/v1/feeds", { token: busy.token }),
    );
    await expectRateLimited(refused);
    expect((await api("/v1/feeds", { token: calm.token })).status).toBe(200);
  });

  it("limits an address before looking at its token, so guessing tokens costs the guesser", async () => {
    const ip = freshIp();
    const limiter = env.API_RATE_LIMIT_IP as RateLimit;
    const guess = () => api("/v1/feeds", fromIp(ip, { token: "fry_guess" }));
    await expectProblem(await guess(), 401);
    await expectRateLimited(await sendWhenExhausted(limiter, `ip:${ip}`, guess));
    const valid = await createToken({ role: "read" });
    await expectRateLimited(await api("/v1/feeds", fromIp(ip, { token: valid })));
    await expectRateLimited(await api("/v1/no-such-route", fromIp(ip)));
    expect((await api("/v1/feeds", fromIp(freshIp(), { token: valid }))).status).toBe(200);
  });

  it("leaves feeds, pages and the health check alone", async () => {
    const ip = freshIp();
    await sendWhenExhausted(env.API_RATE_LIMIT_IP as RateLimit, `ip:${ip}`, () =>
      api("/v1/feeds", fromIp(ip)),
    );
    for (const path of ["/healthz", "/openapi.json", "/docs"]) {
      const response = await SELF.fetch(`${ORIGIN}${path}`, { headers: { "cf-connecting-ip": ip } });
      expect(response.status, path).toBe(200);
      await response.body?.cancel();
    }
  });
});
