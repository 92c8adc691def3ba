import { env } from "cloudflare:test";
import { findFeedBySlug } from "../../src/db/feeds";
import { createDeliveries } from "../../src/delivery/fan-out";
import { prepareCreateArticle } from "../../src/services/article-writes";

/**
 * Publishes `count` articles and fans their events out right here, without the queue: their deliveries
 * are pending and no message points at them, so nothing attempts them until a test hands one to the
 * consumer (or the cron's sweep finds them). Returns the events' public ids, oldest first.
 */
export async function unqueuedBacklog(slug: string, count: number): Promise<string[]> {
  const feed = await findFeedBySlug(env.DB, slug);
  if (!feed) throw new Error(`no feed ${slug}`);
  const eventIds: string[] = [];
  for (let i = 1; i <= count; i += 1) {
    const write = prepareCreateArticle(env.DB, feed, { title: `Article ${i}` }, Date.now());
    await env.DB.batch(write.statements);
    const eventId = write.events?.[0] as string;
    await createDeliveries(env.DB, eventId);
    eventIds.push(eventId);
  }
  return eventIds;
}
