// Load generation: autocannon for throughput and latency, plain sequential fetches for publishing.
// Latencies come from autocannon's per-response event (fractional milliseconds, every status code),
// because its own histogram keeps whole milliseconds of 2xx responses only.
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const autocannon = require("autocannon");

/** Sorted-sample percentile (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length)),
  };
}

export function round(x, digits = 3) {
  return x === null || x === undefined ? null : Number(x.toFixed(digits));
}

function runAutocannon(options) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon(options, (error, result) =>
      error ? reject(error) : resolve({ result, latencies }),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/**
 * Requests per second and latency at `connections` concurrent connections for `durationS` seconds,
 * after an unmeasured warm-up of `warmupS`. Every response must have the `expectStatus` status.
 */
export async function measureLoad({
  url,
  headers = {},
  connections,
  durationS,
  warmupS = 1,
  expectStatus = 200,
  keepSamples = false,
  idReplacement = false,
}) {
  const options = { url, headers, connections, idReplacement };
  if (warmupS > 0) await runAutocannon({ ...options, duration: warmupS });
  const { result, latencies } = await runAutocannon({ ...options, duration: durationS });
  const total = result.requests.total;
  const wrong = total - (result.statusCodeStats[expectStatus]?.count ?? 0);
  if (total === 0 || wrong > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `load on ${url}: ${total} responses, ${wrong} not ${expectStatus} (${JSON.stringify(result.statusCodeStats)}), ` +
        `${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    url,
    connections,
    durationS,
    requests: total,
    rps: round(total / ((result.finish - result.start) / 1000), 1),
    bytesPerResponse: Math.round(result.throughput.total / total),
    latencyMs: summarize(latencies),
    ...(keepSamples ? { samples: latencies } : {}),
  };
}

/**
 * One connection cycling through `requests` (paths on `url`) for `durationS` seconds: request i, i + n, …
 * alternate strictly, so whatever else the machine is doing falls on every kind alike. `[<id>]` in a path
 * becomes a fresh id per request. Returns the latencies of each kind.
 */
export async function measureAlternating({ url, requests, durationS, warmupS = 1 }) {
  const options = { url, requests, connections: 1, idReplacement: true };
  if (warmupS > 0) await runAutocannon({ ...options, duration: warmupS });
  const { result, latencies } = await runAutocannon({ ...options, duration: durationS });
  const total = result.requests.total;
  const ok = result.statusCodeStats[200]?.count ?? 0;
  if (total === 0 || ok !== total || result.errors > 0) {
    throw new Error(
      `alternating load on ${url}: ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors`,
    );
  }
  return requests.map((_, kind) => latencies.filter((_, i) => i % requests.length === kind));
}

/**
 * `count` publishes one after another, each a new article with a unique title and its own
 * Idempotency-Key, as a careful publisher sends them; returns the client-side latency of each POST.
 */
export async function publishSequentially({ baseUrl, feed, token, article, count, label }) {
  const latencies = [];
  const ids = [];
  for (let i = 0; i < count; i += 1) {
    const body = JSON.stringify({
      ...article,
      title: `${article.title} (${label} ${i})`,
      date_published: undefined,
    });
    const started = performance.now();
    const response = await fetch(`${baseUrl}/v1/feeds/${feed}/articles`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "idempotency-key": `bench-${label}-${i}-${started}`,
      },
      body,
    });
    const text = await response.text();
    latencies.push(performance.now() - started);
    if (response.status !== 201)
      throw new Error(`publish ${label} ${i}: ${response.status} ${text.slice(0, 300)}`);
    ids.push(JSON.parse(text).id);
  }
  return { latencies, ids };
}
