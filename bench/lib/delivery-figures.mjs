// Time to deliver one event to N subscribers, from the publish request to the N-th arrival at the local
// receiver, against the fetch-loop Worker sending N requests to the same receiver with the concurrency
// Ferry's queue consumer has locally (Miniflare hands one batch of `max_batch_size` messages at a time to
// the consumer, whose requests go out concurrently).
import { performance } from "node:perf_hooks";
import { round, summarize } from "./load.mjs";

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function publishOne({ baseUrl, feed, token, article, label }) {
  const response = await fetch(`${baseUrl}/v1/feeds/${feed}/articles`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "idempotency-key": label,
    },
    body: JSON.stringify({ ...article, title: `${article.title} (${label})`, date_published: undefined }),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`publish ${label}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text).id;
}

/** Waits until D1 holds every delivery of the article's event as succeeded: the consumer is idle again. */
async function waitRecorded(db, articleId, count, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const done = await db
      .prepare(
        `SELECT count(*) AS n FROM deliveries d JOIN events e ON e.id = d.event_id
         WHERE e.type = 'article.published' AND e.article_public_id = ? AND d.status = 'succeeded'`,
      )
      .bind(articleId)
      .first("n");
    if (done >= count) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`deliveries of ${articleId} not all recorded as succeeded within ${timeoutMs} ms`);
}

async function ferryRun(ctx, label) {
  const started = performance.now();
  const articleId = await publishOne({ ...ctx.publish, label });
  const published = performance.now();
  const arrival = await ctx.receiver.waitFor(articleId, ctx.subscribers, ctx.timeoutMs);
  const recorded = await waitRecorded(ctx.db, articleId, ctx.subscribers, ctx.timeoutMs);
  return {
    totalMs: round(arrival.lastAt - started, 1),
    publishMs: round(published - started, 1),
    firstDeliveryMs: round(arrival.firstAt - started, 1),
    firstToLastMs: round(arrival.lastAt - arrival.firstAt, 1),
    allRecordedMs: round(recorded - started, 1),
    connections: arrival.connections,
    payloadBytes: arrival.bytes,
  };
}

async function loopRun(ctx, label, payloadBytes) {
  const started = performance.now();
  const query = `count=${ctx.subscribers}&concurrency=${ctx.concurrency}&bytes=${payloadBytes}&run=${label}`;
  const response = await fetch(`${ctx.fetchLoopUrl}/?${query}`);
  const answer = await response.json();
  if (answer.succeeded !== ctx.subscribers) throw new Error(`fetch loop ${label}: ${JSON.stringify(answer)}`);
  const arrival = await ctx.receiver.waitFor(label, ctx.subscribers, ctx.timeoutMs);
  return {
    totalMs: round(arrival.lastAt - started, 1),
    firstDeliveryMs: round(arrival.firstAt - started, 1),
    firstToLastMs: round(arrival.lastAt - arrival.firstAt, 1),
    connections: arrival.connections,
  };
}

/**
 * Diagnosis: the same event delivered by Ferry's own fan-out and delivery functions called in one helper
 * invocation, batch after batch as the consumer gets them, without the queue.
 */
async function directRun(ctx, label) {
  const started = performance.now();
  // Published where the queue has no consumer, so only the direct call delivers it.
  const articleId = await publishOne({ ...ctx.publish, baseUrl: ctx.sinkUrl, label });
  const response = await fetch(`${ctx.helperUrl}/deliver-direct`, {
    method: "POST",
    body: JSON.stringify({ articleId, batchSize: ctx.concurrency }),
  });
  const answer = await response.json();
  if (!response.ok || answer.deliveries !== ctx.subscribers || answer.retried > 0) {
    throw new Error(`direct delivery ${label}: ${JSON.stringify(answer)}`);
  }
  const arrival = await ctx.receiver.waitFor(articleId, ctx.subscribers, ctx.timeoutMs);
  return {
    totalMs: round(arrival.lastAt - started, 1),
    firstDeliveryMs: round(arrival.firstAt - started, 1),
    firstToLastMs: round(arrival.lastAt - arrival.firstAt, 1),
    fanOutMs: answer.fanOutMs,
    connections: arrival.connections,
  };
}

/** Diagnosis: the total time each part of an attempt takes over all deliveries of one event. */
export async function measureDeliverySteps(ctx) {
  const articleId = await publishOne({ ...ctx.publish, baseUrl: ctx.sinkUrl, label: `steps-${Date.now()}` });
  const response = await fetch(`${ctx.helperUrl}/delivery-steps`, {
    method: "POST",
    body: JSON.stringify({ articleId, batchSize: ctx.concurrency }),
  });
  const answer = await response.json();
  if (!response.ok || answer.deliveries !== ctx.subscribers)
    throw new Error(`delivery steps: ${JSON.stringify(answer)}`);
  await ctx.receiver.waitFor(articleId, ctx.subscribers, ctx.timeoutMs);
  return answer;
}

/** Rounds alternate the senders after one unmeasured warm-up of each; medians are compared. */
export async function measureDelivery(ctx) {
  const warm = await ferryRun(ctx, `deliver-warm-${Date.now()}`);
  await loopRun(ctx, `loop-warm-${Date.now()}`, warm.payloadBytes);
  await directRun(ctx, `direct-warm-${Date.now()}`);
  const runs = { ferry: [], direct: [], loop: [] };
  for (let i = 0; i < ctx.rounds; i += 1) {
    runs.ferry.push(await ferryRun(ctx, `deliver-${i}-${Date.now()}`));
    runs.direct.push(await directRun(ctx, `direct-${i}-${Date.now()}`));
    runs.loop.push(await loopRun(ctx, `loop-${i}-${Date.now()}`, warm.payloadBytes));
  }
  const pick = (list, key) => round(median(list.map((r) => r[key])), 1);
  const medians = (list) => Object.fromEntries(Object.keys(list[0]).map((key) => [key, pick(list, key)]));
  return Object.fromEntries(
    Object.entries(runs).map(([name, list]) => [name, { median: medians(list), runs: list }]),
  );
}

/**
 * Informational: publish latency on a feed without subscribers while one fan-out to N subscribers is being
 * delivered on the same runtime and database (what a publisher sees while Ferry is busy delivering).
 */
export async function measurePublishDuringDelivery(ctx, { baseUrl, feed }) {
  const delivery = ferryRun(ctx, `deliver-busy-${Date.now()}`);
  let busy = true;
  delivery.finally(() => {
    busy = false;
  });
  const latencies = [];
  for (let i = 0; busy && i < 500; i += 1) {
    const started = performance.now();
    await publishOne({ ...ctx.publish, baseUrl, feed, label: `busy-${i}-${Date.now()}` });
    latencies.push(performance.now() - started);
  }
  return { delivery: await delivery, publish: summarize(latencies) };
}
