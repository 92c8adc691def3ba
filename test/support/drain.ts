import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  env,
  getQueueResult,
  type QueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import type { QueueMessage } from "../../src/domain/queue-messages";
import type { Env } from "../../src/env";
import worker from "../../src/index";
import { eventually } from "./eventually";

/**
 * The Worker's background work, driven or awaited from a test: its cron, its queue consumer, and a drain that
 * waits until a feed has nothing left in flight. Proving that something was NOT sent starts with `drained()`.
 */

/** Runs the Worker's scheduled handler (the cron) once, with `overrides` on its bindings, and waits for it. */
export async function runCron(overrides: Partial<Env> = {}): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController(), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
}

/**
 * Runs the Worker's own queue consumer on `messages`, as the queue would hand them over, and returns once it
 * has finished with every one (its HTTP requests included): what it did is then in D1 and at the receivers.
 */
export async function consume(messages: QueueMessage[]): Promise<QueueResult> {
  const batch = createMessageBatch<QueueMessage>(
    "ferry-deliveries",
    messages.map((body, i) => ({ id: `test-${i}`, timestamp: Date.now(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

/** One delivery of a feed's events, as D1 holds it. */
export interface DeliveryRow {
  id: number;
  status: string;
  attempts: number;
  /** The webhook endpoint's public id, or null for a WebSub push. */
  endpoint: string | null;
  /** The WebSub callback, or null for a webhook delivery. */
  callback: string | null;
}

/** Every delivery of the feed's events, oldest first. */
export async function deliveriesOf(slug: string): Promise<DeliveryRow[]> {
  const { results } = await env.DB.prepare(
    `SELECT d.id, d.status, d.attempts, e.public_id AS endpoint, s.callback_url AS callback
     FROM deliveries d JOIN events ev ON ev.id = d.event_id JOIN feeds f ON f.id = ev.feed_id
       LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id LEFT JOIN websub_subscriptions s ON s.id = d.subscription_id
     WHERE f.slug = ? ORDER BY d.id`,
  )
    .bind(slug)
    .all<DeliveryRow>();
  return results;
}

/**
 * What may still happen for a feed, counted from D1: events not fanned out, deliveries with an attempt under
 * way or still to come (pending, to a target that can receive), and WebSub verifications not settled. Every
 * queue message points at such a row, so at zero no message can send anything more for the feed. A paused or
 * disabled endpoint's pending deliveries are held, not counted: `consume` them to show what the consumer does.
 */
const OUTSTANDING_SQL = `SELECT
  (SELECT count(*) FROM events ev WHERE ev.feed_id = f.id AND ev.fanned_out_at IS NULL) AS events,
  (SELECT count(*) FROM deliveries d JOIN events ev ON ev.id = d.event_id
     LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id
   WHERE ev.feed_id = f.id AND d.status = 'pending'
     AND (d.lease_until IS NOT NULL OR e.id IS NULL OR e.deleted_at IS NOT NULL
       OR (e.paused = 0 AND e.disabled_at IS NULL))) AS deliveries,
  (SELECT count(*) FROM websub_intents i WHERE i.feed_id = f.id AND i.status = 'pending') AS intents
FROM feeds f WHERE f.slug = ?`;

/**
 * Waits until nothing more can happen for the feed in the background (see OUTSTANDING_SQL): from then on,
 * what the receivers hold is everything they will ever get for what was done so far.
 */
export async function drained(slug: string, timeoutMs = 20_000): Promise<void> {
  await eventually(
    `background work of feed ${slug} to drain`,
    () =>
      env.DB.prepare(OUTSTANDING_SQL)
        .bind(slug)
        .first<{ events: number; deliveries: number; intents: number }>(),
    (left) => left !== null && left.events + left.deliveries + left.intents === 0,
    timeoutMs,
  );
}
