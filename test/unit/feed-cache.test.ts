import { describe, expect, it, vi } from "vitest";
import { type CacheLike, readCachedBody, storeCachedBody } from "../../src/http/feed-cache";

const KEY = "https://ferry.test/_ferry/feed-cache/news/rss/abc?v=1.2.3";

function memoryCache(): CacheLike & { store: Map<string, Response> } {
  const store = new Map<string, Response>();
  return {
    store,
    match: async (key) => store.get(String(key))?.clone(),
    put: async (key, response) => void store.set(String(key), response),
  } as CacheLike & { store: Map<string, Response> };
}

describe("the feed cache wrapper", () => {
  it("stores and reads back a rendering under its key", async () => {
    const cache = memoryCache();
    expect(await readCachedBody(cache, KEY)).toBeNull();
    await storeCachedBody(cache, KEY, "<rss/>", "application/rss+xml; charset=utf-8");
    expect(await readCachedBody(cache, KEY)).toBe("<rss/>");
    expect(cache.store.get(KEY)?.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
  });

  it("is a miss, never an error, when there is no cache", async () => {
    expect(await readCachedBody(null, KEY)).toBeNull();
    await expect(storeCachedBody(null, KEY, "x", "text/plain")).resolves.toBeUndefined();
  });

  it("falls through when the cache throws or rejects, logging once per failure", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const broken = {
      match: () => Promise.reject(new Error("cache down")),
      put: () => {
        throw new Error("cache down");
      },
    } as unknown as CacheLike;
    expect(await readCachedBody(broken, KEY)).toBeNull();
    await expect(storeCachedBody(broken, KEY, "x", "text/plain")).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(JSON.parse(String(warn.mock.calls[0]?.[0]))).toMatchObject({ level: "warn", key: KEY });
    warn.mockRestore();
  });
});
