// Publish latency with 0, with N webhook subscribers and with N filtered ones (tags) on the feed. Measured on `ferry-publish`: the same
// bundle and database as Ferry, whose queue producer feeds a queue without a consumer, so the request
// path (which writes one outbox event whatever the subscriber count) is measured without the fan-out
// and the 1 000 deliveries per publish competing for the same two cores and the same D1 database.
import { publishSequentially, summarize } from "./load.mjs";

export async function measurePublishLatency({ baseUrl, tokens, article, feeds, load }) {
  const warm = Math.max(1, Math.round(load.publishes / 10));
  const names = Object.keys(feeds);
  for (const name of names) {
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
  // Publishes alternate between the feeds one by one, so drift in the machine hits them all alike.
  const samples = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < load.publishes; i += 1) {
    for (const name of names) {
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
  return Object.fromEntries(names.map((name) => [name, summarize(samples[name])]));
}
