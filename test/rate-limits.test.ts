import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem } from "./support/http";
import { addressesFrom, sendWhenExhausted } from "./support/rate-limits";
import { createToken, ORIGIN } from "./support/seed";
import { issueToken } from "./support/tokens";

/** A documentation address (RFC 5737) of its own per call. */
const freshIp = addressesFrom("198.51.100");

/** Exhausts `key` on `limiter`, then sends until the answer is a 429 (one let through is not read). */
const refusedWhenExhausted = (limiter: RateLimit, key: string, send: () => Promise<Response>) =>
  sendWhenExhausted(limiter, key, send, async (response) => {
    if (response.status === 429) return true;
    await response.body?.cancel();
    return false;
  });

async function expectRateLimited(response: Response) {
  const problem = await expectProblem(response, 429);
  expect(problem.type).toBe("/problems/rate_limited");
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
}

const fromIp = (ip: string, init: Parameters<typeof api>[1] = {}) => ({
  ...init,
  headers: { ...init.headers, "cf-connecting-ip": ip },
});

// Each test counts against keys of its own, so they run side by side.
describe.concurrent("rate limits on /v1", () => {
  it("refuses a token over its limit with 429 and Retry-After, while other tokens carry on", async () => {
    const admin = await createToken({ role: "admin" });
    const busy = await issueToken(admin, { role: "read" });
    const calm = await issueToken(admin, { role: "read" });
    const limiter = env.API_RATE_LIMIT_TOKEN as RateLimit;
    const refused = await refusedWhenExhausted(limiter, `token:${busy.id}`, () =>
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
    await expectRateLimited(await refusedWhenExhausted(limiter, `ip:${ip}`, guess));
    const valid = await createToken({ role: "read" });
    await expectRateLimited(await api("/v1/feeds", fromIp(ip, { token: valid })));
    await expectRateLimited(await api("/v1/no-such-route", fromIp(ip)));
    expect((await api("/v1/feeds", fromIp(freshIp(), { token: valid }))).status).toBe(200);
  });

  it("leaves feeds, pages and the health check alone", async () => {
    const ip = freshIp();
    await refusedWhenExhausted(env.API_RATE_LIMIT_IP as RateLimit, `ip:${ip}`, () =>
      api("/v1/feeds", fromIp(ip)),
    );
    for (const path of ["/healthz", "/openapi.json", "/docs"]) {
      const response = await SELF.fetch(`${ORIGIN}${path}`, { headers: { "cf-connecting-ip": ip } });
      expect(response.status, path).toBe(200);
      await response.body?.cancel();
    }
  });
});
