import { findFeedState } from "../../../src/db/feed-state";
import { type FeedState, feedVersion } from "../../../src/domain/feed-version";
import type { Env } from "../../../src/env";
import type { FeedDocument } from "../../../src/feeds/feed-document";
import { FEED_FORMATS, RENDER_REVISION } from "../../../src/feeds/feed-formats";
import { app } from "../../../src/http/app";
import { entityTag } from "../../../src/http/conditional-get";
import { loadFeedDocument } from "../../../src/services/feed-document";

/**
 * The steps of an uncached RSS request, cumulatively, with Ferry's own functions and without Hono, so
 * the benchmark can load each prefix and see where the time goes. Every step answers 200.
 */
export const BREAKDOWN_STEPS = [
  "d1-round-trip",
  "feed-state",
  "feed-state+etag",
  "feed-state+page",
  "feed-state+page+render",
  "whole-app",
  "whole-app-memo",
  "render-only",
  "render-x50",
  "cache-read",
  "log-line",
] as const;
export type BreakdownStep = (typeof BREAKDOWN_STEPS)[number];

const CACHE_KEY = "https://bench.ferry.invalid/_bench/cached-feed";
let renderedOnce: { doc: FeedDocument; body: string } | null = null;
let wholeAppRequests = 0;

export async function runBreakdownStep(
  db: D1Database,
  step: BreakdownStep,
  url: URL,
  ctx: ExecutionContext,
): Promise<Response> {
  const slug = url.searchParams.get("feed") ?? "";
  const nowMs = Date.now();
  if (step === "whole-app-memo") {
    // The same URL every time, without credentials: answered from Ferry's isolate memo (D1 once a second).
    return app.fetch(new Request(`${url.origin}/feeds/${slug}/rss.xml`), { DB: db } as Env, ctx);
  }
  if (step === "whole-app") {
    // Ferry's Hono app called in-process: the whole uncached request without the HTTP hop to its Worker.
    wholeAppRequests += 1;
    // A fresh query each time misses Ferry's isolate memo; the Authorization header skips the Cache API.
    const request = new Request(`${url.origin}/feeds/${slug}/rss.xml?bench-nocache=${wholeAppRequests}`, {
      headers: { authorization: "Bearer bench" },
    });
    return app.fetch(request, { DB: db } as Env, ctx);
  }
  if (step === "d1-round-trip") {
    await db.prepare("SELECT 1 AS one").first();
    return new Response("");
  }
  if (step === "log-line") {
    console.log(
      JSON.stringify({ level: "info", message: "request", method: "GET", path: url.pathname, status: 200 }),
    );
    return new Response("");
  }
  if (step === "render-only" || step === "render-x50" || step === "cache-read") {
    renderedOnce ??= await renderOnce(db, slug, url.origin, nowMs);
    const once = renderedOnce;
    if (step === "render-only") return new Response(FEED_FORMATS.rss.render(once.doc));
    if (step === "render-x50") return new Response(String(renderTimes(once.doc, 50)));
    const hit = await caches.default.match(CACHE_KEY);
    if (hit) return new Response(await hit.text());
    await caches.default.put(
      CACHE_KEY,
      new Response(once.body, { headers: { "cache-control": "public, max-age=3600" } }),
    );
    return new Response(once.body);
  }
  const state = await loadState(db, slug, nowMs);
  if (step === "feed-state") return new Response("");
  if (step === "feed-state+etag") {
    return new Response(await entityTag([RENDER_REVISION, feedVersion(state), "rss", "", "", url.origin]));
  }
  const doc = await loadFeedDocument(db, state, {
    origin: url.origin,
    nowMs,
    filter: null,
    before: null,
    hubs: [],
  });
  if (step === "feed-state+page") return new Response("");
  return new Response(FEED_FORMATS.rss.render(doc));
}

/** Renders the page `times` times and returns a checksum, so rendering CPU can be timed without I/O. */
function renderTimes(doc: FeedDocument, times: number): number {
  let length = 0;
  for (let i = 0; i < times; i += 1) length += FEED_FORMATS.rss.render(doc).length;
  return length;
}

async function loadState(db: D1Database, slug: string, nowMs: number): Promise<FeedState> {
  const state = await findFeedState(db, slug, nowMs);
  if (!state) throw new Error(`breakdown: no feed ${slug}`);
  return state;
}

async function renderOnce(db: D1Database, slug: string, origin: string, nowMs: number) {
  const state = await loadState(db, slug, nowMs);
  const doc = await loadFeedDocument(db, state, { origin, nowMs, filter: null, before: null, hubs: [] });
  return { doc, body: FEED_FORMATS.rss.render(doc) };
}
