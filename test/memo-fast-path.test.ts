import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { Env } from "../src/env";
import { app } from "../src/http/app";
import { clearFeedMemo } from "../src/http/feed-memo";
import { answeringFromFeedMemo } from "../src/http/memo-fast-path";
import worker from "../src/index";
import { expectProblem } from "./support/http";
import { addressesFrom, sendWhenExhausted } from "./support/rate-limits";
import { feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";

// The suite runs with the memo off (FEED_MEMO_TTL_MS = "0"); here it is on.
const memoEnv: Env = { ...env, FEED_MEMO_TTL_MS: "60000" };

/** The fast path in front of the app, recording every request it hands to the app. */
function fastPath() {
  const handedOn: string[] = [];
  const fetch = answeringFromFeedMemo((request, bindings, ctx) => {
    handedOn.push(`${request.method} ${request.url}`);
    return app.fetch(request, bindings, ctx);
  });
  return { fetch, handedOn };
}

async function run(
  handler: (request: Request, bindings: Env, ctx: ExecutionContext) => Response | Promise<Response>,
  path: string,
  init: RequestInit = {},
  bindings: Env = memoEnv,
): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await handler(new Request(`${ORIGIN}${path}`, init), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Every header but the request id, which is fresh per request unless the caller sends one. */
function headersBesidesRequestId(response: Response): [string, string][] {
  return [...response.headers].filter(([name]) => name !== "x-request-id");
}

/** A recording stand-in for a rate-limit binding. */
function recordingLimiter(answer: () => Promise<RateLimitOutcome>) {
  const keys: string[] = [];
  const limiter: RateLimit = {
    limit: ({ key }) => {
      keys.push(key);
      return answer();
    },
  };
  return { limiter, keys };
}

let slug = "";

beforeEach(async () => {
  clearFeedMemo();
  let token: string;
  ({ slug, token } = await feedWithToken());
  const created = await run(app.fetch, `/v1/feeds/${slug}/articles`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ ...SAMPLE_ARTICLE, tags: ["fast"] }),
  });
  expect(created.status).toBe(201);
});

describe("polls answered from the memo before the app", () => {
  const files = (feed: string) => [
    `/feeds/${feed}/rss.xml`,
    `/feeds/${feed}/atom.xml`,
    `/feeds/${feed}/feed.json`,
    `/feeds/${feed}/tags/fast/rss.xml`,
  ];

  it("are the app's own answers, header for header: 304, 200 and HEAD", async () => {
    for (const path of files(slug)) {
      const first = await run(app.fetch, path);
      const body = await first.text();
      const etag = first.headers.get("etag") as string;
      const lastModified = first.headers.get("last-modified") as string;
      const requests: [string, RequestInit][] = [
        ["304 by ETag", { headers: { "if-none-match": etag } }],
        ["304 by date", { headers: { "if-modified-since": lastModified } }],
        ["200", {}],
        ["HEAD", { method: "HEAD" }],
      ];
      for (const [name, init] of requests) {
        const { fetch, handedOn } = fastPath();
        const fast = await run(fetch, path, init);
        const full = await run(app.fetch, path, init);
        expect(handedOn, `${path} ${name}`).toEqual([]);
        expect(full.headers.get("x-ferry-cache"), `${path} ${name}`).toBe("memo");
        expect(fast.status, `${path} ${name}`).toBe(full.status);
        expect(headersBesidesRequestId(fast), `${path} ${name}`).toEqual(headersBesidesRequestId(full));
        expect(fast.headers.get("x-request-id"), `${path} ${name}`).toMatch(/^[\w-]{36}$/);
        const fastBody = await fast.text();
        expect(fastBody, `${path} ${name}`).toBe(await full.text());
        expect(fastBody, `${path} ${name}`).toBe(name === "200" ? body : "");
      }
    }
  });

  it("keep the caller's request id, as the app does", async () => {
    const path = `/feeds/${slug}/rss.xml`;
    await run(app.fetch, path);
    const { fetch, handedOn } = fastPath();
    const answer = await run(fetch, path, { headers: { "x-request-id": "reader-42" } });
    expect(handedOn).toEqual([]);
    expect(answer.headers.get("x-request-id")).toBe("reader-42");
  });

  it("leave pages, negotiated URLs, credentials, other methods and unmemoised URLs to the app", async () => {
    const pages = [`/feeds/${slug}/`, `/feeds/${slug}`];
    for (const path of pages) await run(app.fetch, path);
    await run(app.fetch, `/feeds/${slug}/rss.xml`);
    const { fetch, handedOn } = fastPath();
    for (const path of pages) expect((await run(fetch, path)).headers.get("x-ferry-cache")).toBe("memo");
    const credentials = { headers: { authorization: "Bearer fry_reader" } };
    expect((await run(fetch, `/feeds/${slug}/rss.xml`, credentials)).status).toBe(200);
    expect((await run(fetch, `/feeds/${slug}/rss.xml`, { method: "OPTIONS" })).status).toBe(204);
    expect((await run(fetch, `/feeds/${slug}/atom.xml`)).status).toBe(200);
    expect(handedOn).toEqual([
      `GET ${ORIGIN}/feeds/${slug}/`,
      `GET ${ORIGIN}/feeds/${slug}`,
      `GET ${ORIGIN}/feeds/${slug}/rss.xml`,
      `OPTIONS ${ORIGIN}/feeds/${slug}/rss.xml`,
      `GET ${ORIGIN}/feeds/${slug}/atom.xml`,
    ]);
  });

  it("forget a feed once a write goes through the API", async () => {
    const { slug: other, token } = await feedWithToken();
    const { fetch, handedOn } = fastPath();
    await run(fetch, `/feeds/${other}/rss.xml`);
    const write = await run(fetch, `/v1/feeds/${other}/articles`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...SAMPLE_ARTICLE, title: "Written after the poll" }),
    });
    expect(write.status).toBe(201);
    const next = await run(fetch, `/feeds/${other}/rss.xml`);
    expect(await next.text()).toContain("Written after the poll");
    expect(handedOn).toHaveLength(3);
  });
});

describe("the per-address limit on polls answered from the memo", () => {
  const freshIp = addressesFrom("192.0.2");
  const ip = freshIp();
  const fromIp = { headers: { "cf-connecting-ip": ip } };

  it("counts each of them once, under the address", async () => {
    const { limiter, keys } = recordingLimiter(async () => ({ success: true }));
    const bindings = { ...memoEnv, PUBLIC_RATE_LIMIT_IP: limiter };
    const { fetch, handedOn } = fastPath();
    await run(fetch, `/feeds/${slug}/rss.xml`, fromIp, bindings);
    const answer = await run(fetch, `/feeds/${slug}/rss.xml`, fromIp, bindings);
    expect(answer.headers.get("x-ferry-cache")).toBe("memo");
    expect(handedOn).toHaveLength(1);
    expect(keys).toEqual([`ip:${ip}`, `ip:${ip}`]);
  });

  it("lets the app refuse an address over its limit, counted once, as it refuses any other request", async () => {
    await run(app.fetch, `/feeds/${slug}/rss.xml`);
    const { limiter, keys } = recordingLimiter(async () => ({ success: false }));
    const bindings = { ...memoEnv, PUBLIC_RATE_LIMIT_IP: limiter };
    const refused = await run(fastPath().fetch, `/feeds/${slug}/rss.xml`, fromIp, bindings);
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.headers.get("x-request-id")).toBeTruthy();
    expect((await expectProblem(refused, 429)).type).toBe("/problems/rate_limited");
    expect(keys).toEqual([`ip:${ip}`]);
  });

  it("serves the memo when the limiter itself fails, as the app does", async () => {
    await run(app.fetch, `/feeds/${slug}/rss.xml`);
    const { limiter, keys } = recordingLimiter(async () => {
      throw new Error("limiter down");
    });
    const bindings = { ...memoEnv, PUBLIC_RATE_LIMIT_IP: limiter };
    const answer = await run(fastPath().fetch, `/feeds/${slug}/rss.xml`, fromIp, bindings);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-ferry-cache")).toBe("memo");
    expect(keys).toEqual([`ip:${ip}`]);
  });

  it("is the Worker's real binding: an exhausted address is refused even for a memoised feed", async () => {
    const exhausted = freshIp();
    const path = `/feeds/${slug}/rss.xml`;
    await run(worker.fetch, path);
    const send = () => run(worker.fetch, path, { headers: { "cf-connecting-ip": exhausted } });
    const refused = await sendWhenExhausted(
      env.PUBLIC_RATE_LIMIT_IP,
      `ip:${exhausted}`,
      send,
      async (answer) => {
        if (answer.status === 429) return true;
        await answer.body?.cancel();
        return false;
      },
    );
    expect(refused.status).toBe(429);
  });
});
