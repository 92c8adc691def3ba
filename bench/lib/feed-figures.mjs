// Feed reads: cached (304 and 200, from Ferry's isolate memo or the Cache API) and uncached (every cache
// bypassed) throughput against the constant Worker and against a Hono + D1 + `feed` Worker reading the same
// database, and uncached latency at 100 000 articles against 100.
import { measureAlternating, measureLoad, round } from "./load.mjs";

/**
 * How an uncached request is made (see src/http/feed-responses.ts): an `Authorization` header makes Ferry
 * skip the Cache API (public feeds ignore the header otherwise), and a query parameter unique to each
 * request (autocannon's `[<id>]`) misses the isolate memo, which is keyed by the request URL. Both are
 * checked before the figures (`inspectFeed`), so a change to either cache shows up as an error.
 */
export const BYPASS_HEADERS = { authorization: "Bearer bench-cache-bypass" };
export const bypassUrl = (url) => `${url}?bench-nocache=[<id>]`;

/** Checks the cache behaves as the figures assume, and returns the validators and body size. */
export async function inspectFeed(url) {
  const first = await fetch(url);
  const body = await first.text();
  if (first.status !== 200) throw new Error(`${url}: ${first.status} ${body.slice(0, 300)}`);
  const etag = first.headers.get("etag");
  await new Promise((resolve) => setTimeout(resolve, 200)); // the cache is filled in waitUntil
  const second = await fetch(url);
  await second.text();
  const bypass = () => fetch(`${url}?bench-nocache=${crypto.randomUUID()}`, { headers: BYPASS_HEADERS });
  await (await bypass()).text();
  const bypassed = await bypass();
  await bypassed.text();
  const conditional = await fetch(url, { headers: { "if-none-match": etag } });
  await conditional.text();
  const cached = second.headers.get("x-ferry-cache");
  if (bypassed.headers.get("x-ferry-cache") !== null || (cached !== "memo" && cached !== "hit")) {
    throw new Error(
      `${url}: caching is not what the figures assume (cached: ${cached}, bypassed: ${bypassed.headers.get("x-ferry-cache")})`,
    );
  }
  return {
    bytes: Buffer.byteLength(body),
    items: countItems(body),
    etag,
    cacheOnFirst: first.headers.get("x-ferry-cache"),
    cacheOnSecond: second.headers.get("x-ferry-cache"),
    cacheWhenBypassed: bypassed.headers.get("x-ferry-cache"),
    conditionalStatus: conditional.status,
  };
}

const countItems = (rss) => rss.split("<item>").length - 1;

/** Checks the Hono + D1 + `feed` baseline serves the same page as Ferry: as many items, from the same feed. */
export async function inspectHonoFeed(url, ferryItems) {
  const response = await fetch(url);
  const body = await response.text();
  if (response.status !== 200 || countItems(body) !== ferryItems) {
    throw new Error(`${url}: ${response.status}, ${countItems(body)} items where Ferry has ${ferryItems}`);
  }
  return { bytes: Buffer.byteLength(body), items: countItems(body) };
}

/**
 * Each Ferry figure next to its baseline, in `rounds` rounds (B, F, B, F, …), so that a change in the
 * machine's load between figures shows as spread in the rounds rather than as a ratio.
 */
export async function measureFeedThroughput({ urls, big, small, honoFeed, load }) {
  const { connections, durationS, warmupS, rounds } = load;
  await storeInConstantWorker(urls.constant, big);
  const figures = {
    constantFeed: { url: `${urls.constant}/?stored` },
    cached200: { url: big.url },
    constantEmpty: { url: `${urls.constant}/?bytes=0` },
    cached304: { url: big.url, headers: { "if-none-match": big.inspect.etag }, expectStatus: 304 },
    honoFeed: { url: honoFeed.url },
    uncachedBig: { url: bypassUrl(big.url), headers: BYPASS_HEADERS, idReplacement: true },
    uncachedSmall: { url: bypassUrl(small.url), headers: BYPASS_HEADERS, idReplacement: true },
  };
  const runs = Object.fromEntries(Object.keys(figures).map((name) => [name, []]));
  for (let pass = 0; pass < rounds; pass += 1) {
    for (const [name, figure] of Object.entries(figures)) {
      runs[name].push(await measureLoad({ connections, durationS, warmupS, ...figure }));
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [
      name,
      {
        rps: round(list.reduce((sum, r) => sum + r.rps, 0) / list.length, 1),
        roundsRps: list.map((r) => r.rps),
        bytesPerResponse: list[0].bytesPerResponse,
        latencyMs: list.at(-1).latencyMs,
        url: list[0].url,
      },
    ]),
  );
}

/** Gives the constant Worker Ferry's own feed to send: the same bytes cost the load generator the same. */
async function storeInConstantWorker(constantUrl, feed) {
  const body = await (await fetch(feed.url)).arrayBuffer();
  const put = await fetch(constantUrl, { method: "PUT", body });
  const echoed = await (await fetch(`${constantUrl}/?stored`)).arrayBuffer();
  if (put.status !== 204 || echoed.byteLength !== feed.inspect.bytes) {
    throw new Error(
      `constant Worker: ${put.status}, ${echoed.byteLength} bytes stored of ${feed.inspect.bytes}`,
    );
  }
}

/** One connection alternating request by request between the two feeds: the latency of each. */
export async function measureFeedLatency({ baseUrl, big, small, load }) {
  const request = (feed) => ({ path: bypassUrl(new URL(feed.url).pathname), headers: BYPASS_HEADERS });
  const [smallSamples, bigSamples] = await measureAlternating({
    url: baseUrl,
    requests: [request(small), request(big)],
    durationS: load.latencyDurationS,
    warmupS: load.warmupS,
  });
  return { samples: { small: smallSamples, big: bigSamples } };
}
