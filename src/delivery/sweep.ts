import { listDueAcceptIds } from "../db/activitypub-accepts";
import { listDueUnannouncedArticles } from "../db/articles";
import { listDueDeliveryIds } from "../db/deliveries";
import { insertEventStatement, listUnfannedEventIds, markAnnouncedStatement } from "../db/events";
import { expireLeasesStatement, listStaleIntentIds } from "../db/websub";
import { buildArticleEvent } from "../domain/events";
import type { QueueMessage } from "../domain/queue-messages";
import type { Env } from "../env";
import { sendAll } from "../services/delivery-queue";

/** Work older than this that is still waiting was lost by the queue (or the Worker) and is queued again. */
export const SWEEP_GRACE_MS = 60_000;
const SWEEP_LIMIT = 1000;
const ANNOUNCE_LIMIT = 100;

/**
 * The cron's safety net: announces scheduled articles whose time has come, ends expired WebSub leases,
 * and re-queues outbox events, deliveries, WebSub verifications and ActivityPub Accepts that should have moved
 * but did not.
 * Everything it queues is safe to process twice.
 */
export async function sweepDeliveries(env: Env, nowMs = Date.now()) {
  const announced = await announceDueArticles(env.DB, nowMs);
  const stale = await listUnfannedEventIds(env.DB, nowMs - SWEEP_GRACE_MS, SWEEP_LIMIT);
  const due = await listDueDeliveryIds(env.DB, nowMs - SWEEP_GRACE_MS, nowMs, SWEEP_LIMIT);
  const intents = await listStaleIntentIds(env.DB, nowMs - SWEEP_GRACE_MS, SWEEP_LIMIT);
  const accepts = await listDueAcceptIds(env.DB, nowMs - SWEEP_GRACE_MS, nowMs, SWEEP_LIMIT);
  await expireLeasesStatement(env.DB, nowMs).run();
  const messages: QueueMessage[] = [
    ...[...announced, ...stale].map((eventId) => ({ kind: "fanout" as const, eventId })),
    ...due.map((deliveryId) => ({ kind: "deliver" as const, deliveryId })),
    ...intents.map((intentId) => ({ kind: "websub-verify" as const, intentId })),
    ...accepts.map((followerId) => ({ kind: "activitypub-accept" as const, followerId })),
  ];
  await sendAll(env.DELIVERY_QUEUE, messages);
  return {
    announced: announced.length,
    requeuedEvents: stale.length,
    requeuedDeliveries: due.length,
    requeuedIntents: intents.length,
    requeuedAccepts: accepts.length,
  };
}

/** Future-dated articles that are now live get their `article.published` event, exactly once. */
async function announceDueArticles(db: D1Database, nowMs: number): Promise<string[]> {
  const due = await listDueUnannouncedArticles(db, nowMs, ANNOUNCE_LIMIT);
  if (due.length === 0) return [];
  const events = due.map((record) => ({
    record,
    event: buildArticleEvent("article.published", record.article, nowMs),
  }));
  await db.batch(
    events.flatMap(({ record, event }) => [
      insertEventStatement(db, record.feedRowId, event),
      markAnnouncedStatement(db, record.article.id, nowMs),
    ]),
  );
  return events.map(({ event }) => event.id);
}
