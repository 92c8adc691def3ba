import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { publish } from "./support/articles";
import { api } from "./support/http";
import { createToken, feedWithToken, ORIGIN } from "./support/seed";

const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const FILES = ["rss.xml", "atom.xml", "feed.json", ""];

async function feedWithArticle() {
  const { slug, token } = await feedWithToken();
  const { id } = await publish(slug, token, { title: "First", date_published: "2020-01-01T00:00:00Z" });
  return { slug, token, id };
}

function get(path: string, headers: Record<string, string> = {}, method = "GET") {
  return api(path, { method, headers });
}

/** The headers a 304 must repeat from the 200 (RFC 9110 §15.4.5), plus the ones Ferry always sends. */
function cacheHeaders(response: Response) {
  const pick = ["etag", "last-modified", "cache-control", "vary", "link", "access-control-allow-origin"];
  return Object.fromEntries(pick.map((name) => [name, response.headers.get(name)]));
}

describe("conditional GET", () => {
  it.each(FILES)(
    "/feeds/:feed/%s carries validators, caching, self link, CORS and a charset",
    async (file) => {
      const { slug } = await feedWithArticle();
      const response = await get(`/feeds/${slug}/${file}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/; charset=utf-8$/);
      expect(response.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      expect(response.headers.get("last-modified")).toMatch(IMF_FIXDATE);
      expect(response.headers.get("cache-control")).toMatch(
        /^public, max-age=60, stale-while-revalidate=\d+/,
      );
      expect(response.headers.get("vary")).toContain("Accept-Encoding");
      // Feeds are WebSub topics and name the hub; the HTML page is not one.
      const hub = file === "" ? "" : `<${ORIGIN}/websub>; rel="hub", `;
      expect(response.headers.get("link")).toBe(`${hub}<${ORIGIN}/feeds/${slug}/${file}>; rel="self"`);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-expose-headers")).toBe("ETag, Last-Modified, Link");
    },
  );

  it.each(FILES)(
    "/feeds/:feed/%s answers 304 to its own ETag, with the same validators and no body",
    async (file) => {
      const { slug } = await feedWithArticle();
      const path = `/feeds/${slug}/${file}`;
      const first = await get(path);
      const etag = first.headers.get("etag") ?? "";
      const again = await get(path, { "if-none-match": etag });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(cacheHeaders(again)).toEqual(cacheHeaders(first));
      expect(again.headers.get("content-type")).toBeNull();
    },
  );

  it("compares If-None-Match weakly, accepts a list and *, and refuses other tags", async () => {
    const { slug } = await feedWithArticle();
    const path = `/feeds/${slug}/rss.xml`;
    const etag = (await get(path)).headers.get("etag") ?? "";
    expect((await get(path, { "if-none-match": `W/${etag}` })).status).toBe(304);
    expect((await get(path, { "if-none-match": `"other", ${etag}` })).status).toBe(304);
    expect((await get(path, { "if-none-match": "*" })).status).toBe(304);
    expect((await get(path, { "if-none-match": '"other"' })).status).toBe(200);
  });

  it("answers If-Modified-Since at or after Last-Modified with 304, and earlier with 200", async () => {
    const { slug } = await feedWithArticle();
    const path = `/feeds/${slug}/atom.xml`;
    const lastModified = (await get(path)).headers.get("last-modified") ?? "";
    const ms = Date.parse(lastModified);
    expect((await get(path, { "if-modified-since": lastModified })).status).toBe(304);
    expect((await get(path, { "if-modified-since": new Date(ms + 60_000).toUTCString() })).status).toBe(304);
    expect((await get(path, { "if-modified-since": new Date(ms - 1_000).toUTCString() })).status).toBe(200);
    expect((await get(path, { "if-modified-since": "not a date" })).status).toBe(200);
  });

  it("lets If-None-Match take precedence over If-Modified-Since", async () => {
    const { slug } = await feedWithArticle();
    const path = `/feeds/${slug}/feed.json`;
    const response = await get(path);
    const future = new Date(Date.now() + 86_400_000).toUTCString();
    expect((await get(path, { "if-none-match": '"stale"', "if-modified-since": future })).status).toBe(200);
    const etag = response.headers.get("etag") ?? "";
    expect(
      (await get(path, { "if-none-match": etag, "if-modified-since": "Thu, 01 Jan 1970 00:00:00 GMT" }))
        .status,
    ).toBe(304);
  });

  it("gives each format, page and filter its own ETag", async () => {
    const { slug } = await feedWithArticle();
    const paths = [
      ...FILES.map((file) => `/feeds/${slug}/${file}`),
      `/feeds/${slug}/rss.xml?before=MTU3NzgzNjgwMDAwMC45OTk`,
      `/feeds/${slug}/tags/film/rss.xml`,
      `/feeds/${slug}/authors/ada/rss.xml`,
    ];
    const etags = await Promise.all(paths.map(async (path) => (await get(path)).headers.get("etag")));
    expect(new Set(etags).size).toBe(paths.length);
  });

  it("answers HEAD with the GET headers and no body, and conditionally with 304", async () => {
    const { slug } = await feedWithArticle();
    const path = `/feeds/${slug}/rss.xml`;
    const full = await get(path);
    const head = await get(path, {}, "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(head.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(cacheHeaders(head)).toEqual(cacheHeaders(full));
    expect((await get(path, { "if-none-match": full.headers.get("etag") ?? "" }, "HEAD")).status).toBe(304);
  });
});

describe("edge caching", () => {
  it("serves a reader with an outdated validator from the cache, under the same ETag", async () => {
    const { slug } = await feedWithArticle();
    const path = `/feeds/${slug}/feed.json`;
    // Straight to the fetch handler, so the test can wait for the store, which runs after the response (waitUntil).
    const ctx = createExecutionContext();
    const first = await worker.fetch(new Request(`${ORIGIN}${path}`), env, ctx);
    const body = await first.text();
    await waitOnExecutionContext(ctx);
    expect(first.headers.get("x-ferry-cache")).toBe("miss");
    // A request without validators reads the page with the feed's version (one round trip), so the cache
    // serves those that must read the version first: readers whose validator no longer matches.
    const again = await get(path, { "if-none-match": '"an-older-rendering"' });
    expect(again.status).toBe(200);
    expect(again.headers.get("x-ferry-cache")).toBe("hit");
    expect(await again.text()).toBe(body);
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
  });

  it("never uses the cache for a request with an Authorization header", async () => {
    const { slug, token } = await feedWithArticle();
    const response = await api(`/feeds/${slug}/rss.xml`, { token });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ferry-cache")).toBeNull();
  });

  type Change = (slug: string, token: string, id: string) => Promise<unknown>;
  const CHANGES: [string, Change, string[]][] = [
    ["a publish", (slug, token) => publish(slug, token, { title: "Second" }), ["Second", "First"]],
    [
      "an edit",
      (slug, token, id) =>
        api(`/v1/feeds/${slug}/articles/${id}`, { method: "PATCH", token, body: { title: "Edited" } }),
      ["Edited"],
    ],
    [
      "a delete",
      (slug, token, id) => api(`/v1/feeds/${slug}/articles/${id}`, { method: "DELETE", token }),
      [],
    ],
  ];

  it.each(CHANGES)("shows %s in the very next request, with a new ETag", async (_name, change, titles) => {
    const { slug, token, id } = await feedWithArticle();
    const oldTags = new Map<string, string>();
    for (const file of FILES) {
      const path = `/feeds/${slug}/${file}`;
      const first = await get(path);
      await first.text();
      await (await get(path)).text(); // a second read, so the old rendering is surely cached too
      oldTags.set(file, first.headers.get("etag") ?? "");
      expect((await get(path, { "if-none-match": oldTags.get(file) ?? "" })).status).toBe(304);
    }
    await change(slug, token, id);
    for (const file of FILES) {
      const response = await get(`/feeds/${slug}/${file}`, { "if-none-match": oldTags.get(file) ?? "" });
      expect(response.status, file).toBe(200);
      expect(response.headers.get("etag")).not.toBe(oldTags.get(file));
      expect(response.headers.get("x-ferry-cache")).toBe("miss");
      const body = await response.text();
      for (const title of ["First", "Second", "Edited"]) {
        expect(body.includes(title), `${file}: ${title}`).toBe(titles.includes(title));
      }
    }
    const json = (await (await get(`/feeds/${slug}/feed.json`)).json()) as { items: { title: string }[] };
    expect(json.items.map((i) => i.title)).toEqual(titles);
  });

  it("changes the feed when a scheduled article goes live, without any write", async () => {
    const { slug, token } = await feedWithArticle();
    const liveAt = Date.now() + 3_600_000;
    await publish(slug, token, { title: "Scheduled", date_published: new Date(liveAt).toISOString() });
    const path = `/feeds/${slug}/feed.json`;
    const before = await get(path);
    const etag = before.headers.get("etag") ?? "";
    expect(((await before.json()) as { items: unknown[] }).items).toHaveLength(1);
    expect((await get(path, { "if-none-match": etag })).status).toBe(304);
    // The clock is the test's: a millisecond before the article's time nothing changed; at its time it is live.
    vi.useFakeTimers({ toFake: ["Date"] });
    let after: Response;
    try {
      vi.setSystemTime(liveAt - 1);
      expect((await get(path, { "if-none-match": etag })).status).toBe(304);
      vi.setSystemTime(liveAt);
      after = await get(path, { "if-none-match": etag });
    } finally {
      vi.useRealTimers();
    }
    expect(after.status).toBe(200);
    expect(((await after.json()) as { items: { title: string }[] }).items[0]?.title).toBe("Scheduled");
    expect(Date.parse(after.headers.get("last-modified") ?? "")).toBe(Math.floor(liveAt / 1000) * 1000);
  });

  it("changes the feed when its settings change", async () => {
    const { slug } = await feedWithArticle();
    const path = `/feeds/${slug}/atom.xml`;
    const etag = (await get(path)).headers.get("etag") ?? "";
    const admin = await createToken({ role: "admin" });
    const patched = await api(`/v1/feeds/${slug}`, {
      method: "PATCH",
      token: admin,
      body: { title: "Renamed" },
    });
    expect(patched.status).toBe(200);
    const after = await get(path, { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Renamed");
  });
});

describe("CORS and methods", () => {
  it("answers a CORS preflight for conditional requests", async () => {
    const { slug } = await feedWithArticle();
    const response = await api(`/feeds/${slug}/feed.json`, {
      method: "OPTIONS",
      headers: { origin: "https://reader.example", "access-control-request-method": "GET" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, HEAD, OPTIONS");
    expect(response.headers.get("access-control-allow-headers")).toContain("If-None-Match");
  });

  it("refuses writes with 405 and Allow", async () => {
    const { slug } = await feedWithArticle();
    const response = await api(`/feeds/${slug}/rss.xml`, { method: "POST", body: {} });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});
