// Publish latency with 0 and with N webhook subscribers on the feed. Measured on `ferry-publish`: the same
// bundle and database as Ferry, whose queue producer feeds a queue without a consumer, so the request
// path (which writes one outbox event whatever the subscriber count) is measured without the fan-out
// and the 1 000 deliveries per publish competing for the same two cores and the same D1 database.
import { publishSequentially, summarize } from "./load.mjs";

export async function measurePublishLatency({ baseUrl, tokens, article, feeds, load }) {
  const warm = Math.max(1, Math.round(load.publishes / 10));
  for (const name of ["none", "many"]) {
    const feed = feeds[name];
    await publishSequentially({
      baseUrl,
      feed,
      token: tokens[name],
      article,
      count: warm,
      label: `warm-${feed}`,
    });
  }
  // Publishes alternate between the two feeds one by one, so drift in the machine hits both alike.
  const samples = { none: [], many: [] };
  for (let i = 0; i < load.publishes; i += 1) {
    for (const name of ["none", "many"]) {
      const { latencies } = await publishSequentially({
        baseUrl,
        feed: feeds[name],
        token: tokens[name],
        article,
        count: 1,
        label: `${name}-${i}`,
      });
      samples[name].push(...latencies);
    }
  }
  return { none: summarize(samples.none), many: summarize(samples.many) };
}
