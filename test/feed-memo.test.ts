import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import { clearFeedMemo, feedMemoTtl } from "../src/http/feed-memo";
import worker from "../src/index";
import { publish } from "./support/articles";
import { feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";

// The suite runs with the memo off (FEED_MEMO_TTL_MS = "0"); here the Worker is called with it on.
const memoEnv = { ...env, FEED_MEMO_TTL_MS: "1000" };

async function call(path: string, init: RequestInit = {}, bindings = memoEnv): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${ORIGIN}${path}`, init), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe("the isolate's feed memo", () => {
  it("answers a repeated poll from memory, with the same validators, and a 304 without asking D1", async () => {
    clearFeedMemo();
    const { slug, token } = await feedWithToken();
    await publish(slug, token, { ...SAMPLE_ARTICLE, title: "First" });
    const first = await call(`/feeds/${slug}/feed.json`);
    const again = await call(`/feeds/${slug}/feed.json`);
    expect(again.headers.get("x-ferry-cache")).toBe("memo");
    expect(await again.text()).toBe(await first.text());
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    const etag = first.headers.get("etag") as string;
    // With D1 gone, only the memo can answer.
    const noDatabase = { ...memoEnv, DB: undefined as unknown as D1Database };
    const notModified = await call(
      `/feeds/${slug}/feed.json`,
      { headers: { "if-none-match": etag } },
      noDatabase,
    );
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get("etag")).toBe(etag);
  });

  it("forgets everything after a write through the API, so the next read shows it", async () => {
    clearFeedMemo();
    const { slug, token } = await feedWithToken();
    await publish(slug, token, { ...SAMPLE_ARTICLE, title: "Before" });
    await call(`/feeds/${slug}/rss.xml`);
    await publish(slug, token, { ...SAMPLE_ARTICLE, title: "After" });
    const next = await call(`/feeds/${slug}/rss.xml`);
    expect(next.headers.get("x-ferry-cache")).not.toBe("memo");
    expect(await next.text()).toContain("After");
  });

  it("re-reads D1 once the TTL has passed, and never memoises a request with credentials", async () => {
    clearFeedMemo();
    const { slug, token } = await feedWithToken();
    await publish(slug, token, { ...SAMPLE_ARTICLE, title: "One" });
    const short = { ...env, FEED_MEMO_TTL_MS: "50" };
    const cacheOf = async () =>
      (await call(`/feeds/${slug}/atom.xml`, {}, short)).headers.get("x-ferry-cache");
    // The clock is the test's: the memo entry is 49 ms old, then 50 ms, whatever the machine's speed.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const storedAt = Date.now();
      await cacheOf();
      vi.setSystemTime(storedAt + 49);
      expect(await cacheOf()).toBe("memo");
      vi.setSystemTime(storedAt + 50);
      expect(await cacheOf()).not.toBe("memo");
    } finally {
      vi.useRealTimers();
      // What was stored at the test's times must not answer at the real ones.
      clearFeedMemo();
    }
    const authorised = { headers: { authorization: `Bearer ${token}` } };
    await call(`/feeds/${slug}/atom.xml`, authorised);
    expect((await call(`/feeds/${slug}/atom.xml`, authorised)).headers.get("x-ferry-cache")).not.toBe("memo");
  });

  it("reads its TTL from the environment: default 1 s, 0 turns it off, garbage falls back", () => {
    expect(feedMemoTtl(undefined)).toBe(1000);
    expect(feedMemoTtl("0")).toBe(0);
    expect(feedMemoTtl("250")).toBe(250);
    expect(feedMemoTtl("soon")).toBe(1000);
  });
});
