// Strict ordering: N events delivered to one FIFO endpoint, one at a time in event order, against the
// fetch-loop Worker sending N requests one after another (concurrency 1) to the same receiver. The events
// and their pending deliveries are written straight into D1 while the endpoint is paused, so the figure
// times delivery alone; resuming the endpoint through the API starts the clock.
import { performance } from "node:perf_hooks";
import { round } from "./load.mjs";

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** One FIFO endpoint on the feed, paused, pointing at the receiver. Returns its row id and public id. */
export async function createFifoEndpoint(db, { feedRowId, url, nowMs }) {
  const publicId = `ep_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
  const secret = `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64")}`;
  await db
    .prepare(
      `INSERT INTO webhook_endpoints (public_id, feed_id, url, secret, paused, ordering, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, 1, 'fifo', ?5, ?5)`,
    )
    .bind(publicId, feedRowId, `${url}/fifo`, secret, nowMs)
    .run();
  const rowId = await db
    .prepare("SELECT id FROM webhook_endpoints WHERE public_id = ?")
    .bind(publicId)
    .first("id");
  await db
    .prepare("INSERT INTO webhook_endpoint_filters (endpoint_id, valid_from) VALUES (?, 0)")
    .bind(rowId)
    .run();
  return { rowId, publicId };
}

/**
 * `count` events of the feed, in order, each with a pending delivery to the endpoint. Every payload names
 * the run (the receiver counts arrivals by `data.id`) and its place in it (`data.sequence`).
 */
async function seedBacklog(db, { feedRowId, endpointRowId, runKey, count, paddingBytes }) {
  const nowMs = Date.now();
  const padding = "x".repeat(paddingBytes);
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `msg_${crypto.randomUUID().replace(/-/g, "")}`,
    payload: JSON.stringify({
      type: "article.updated",
      timestamp: new Date(nowMs).toISOString(),
      data: { id: runKey, sequence: i, padding },
    }),
  }));
  await db
    .prepare(
      `INSERT INTO events (public_id, feed_id, type, article_public_id, payload, created_at, fanned_out_at)
       SELECT j.value ->> '$.id', ?1, 'article.updated', ?2, j.value ->> '$.payload', ?3, ?3 FROM json_each(?4) j`,
    )
    .bind(feedRowId, runKey, nowMs - 1000, JSON.stringify(rows))
    .run();
  await db
    .prepare(
      `INSERT INTO deliveries (public_id, event_id, endpoint_id, status, attempts, next_attempt_at, created_at, updated_at)
       SELECT 'dlv_' || lower(hex(randomblob(12))), ev.id, ?1, 'pending', 0, ?2, ?2, ?2
       FROM events ev WHERE ev.feed_id = ?3 AND ev.article_public_id = ?4 ORDER BY ev.id`,
    )
    .bind(endpointRowId, nowMs - 1000, feedRowId, runKey)
    .run();
}

async function setPaused(ctx, paused) {
  const response = await fetch(`${ctx.baseUrl}/v1/feeds/${ctx.feed}/webhooks/${ctx.endpoint.publicId}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${ctx.token}`, "content-type": "application/json" },
    body: JSON.stringify({ paused }),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`FIFO endpoint paused=${paused}: ${response.status} ${text.slice(0, 300)}`);
}

async function ferryRun(ctx, runKey) {
  await setPaused(ctx, true);
  await seedBacklog(ctx.db, { ...ctx.seed, runKey, count: ctx.count, paddingBytes: ctx.paddingBytes });
  const started = performance.now();
  await setPaused(ctx, false);
  const arrival = await ctx.receiver.waitFor(runKey, ctx.count, ctx.timeoutMs);
  if (!arrival.inOrder) throw new Error(`FIFO run ${runKey}: deliveries arrived out of order`);
  return {
    totalMs: round(arrival.lastAt - started, 1),
    firstDeliveryMs: round(arrival.firstAt - started, 1),
    connections: arrival.connections,
    payloadBytes: arrival.bytes,
  };
}

async function loopRun(ctx, label, payloadBytes) {
  const started = performance.now();
  const query = `count=${ctx.count}&concurrency=1&bytes=${payloadBytes}&run=${label}`;
  const answer = await (await fetch(`${ctx.fetchLoopUrl}/?${query}`)).json();
  if (answer.succeeded !== ctx.count)
    throw new Error(`sequential fetch loop ${label}: ${JSON.stringify(answer)}`);
  const arrival = await ctx.receiver.waitFor(label, ctx.count, ctx.timeoutMs);
  return { totalMs: round(arrival.lastAt - started, 1), connections: arrival.connections };
}

/** Rounds alternate Ferry and the loop after one unmeasured warm-up of each; medians are compared. */
export async function measureFifoDelivery(ctx) {
  const warm = await ferryRun(ctx, `fifo-warm-${Date.now()}`);
  await loopRun(ctx, `fifo-loop-warm-${Date.now()}`, warm.payloadBytes);
  const runs = { ferry: [], loop: [] };
  for (let i = 0; i < ctx.rounds; i += 1) {
    runs.ferry.push(await ferryRun(ctx, `fifo-${i}-${Date.now()}`));
    runs.loop.push(await loopRun(ctx, `fifo-loop-${i}-${Date.now()}`, warm.payloadBytes));
  }
  const pick = (list, key) => round(median(list.map((r) => r[key])), 1);
  return {
    count: ctx.count,
    ferry: {
      totalMs: pick(runs.ferry, "totalMs"),
      firstDeliveryMs: pick(runs.ferry, "firstDeliveryMs"),
      runs: runs.ferry,
    },
    loop: { totalMs: pick(runs.loop, "totalMs"), runs: runs.loop },
  };
}
