import type { DeliveryConfig } from "./delivery-config";
import { processDeliveries } from "./process-delivery";
import type { QueueStep } from "./queue-step";

/**
 * How a fan-out delivers its fresh deliveries itself instead of handing each to the queue: `lanes` chunks of
 * `chunkSize` in flight at once (so `lanes × chunkSize` requests), each chunk one `processDeliveries` call
 * (one load, one claim, one batch of writes). While one chunk waits on D1 the others' requests are on the
 * wire, so the D1 round trips hide behind the network instead of adding up batch after batch.
 */
export interface InlineDeliveryPlan {
  chunkSize: number;
  lanes: number;
  /** Deliveries taken at most, and time after which no new chunk starts: the rest goes to the queue. */
  maxDeliveries: number;
  budgetMs: number;
}

/** 100 requests in flight, as many as one queue batch (max_batch_size) sends. */
export const INLINE_DELIVERY: InlineDeliveryPlan = {
  chunkSize: 25,
  lanes: 4,
  maxDeliveries: 5_000,
  budgetMs: 30_000,
};

export interface InlineDeliveryResult {
  /** The queue step of every delivery attempted or looked at (and of any other a chunk wants queued). */
  steps: Map<number, QueueStep>;
  /** Deliveries not taken within the plan's bounds: the caller queues them. */
  leftover: number[];
}

/**
 * Attempts `deliveryRowIds` once each (retries and held ones come back as `again` steps), in lanes. Safe to
 * stop anywhere: every delivery is claimed before it is sent and recorded in its chunk's batch, so a crash
 * leaves pending deliveries that a repeated fan-out or the cron sweep picks up.
 */
export async function deliverInline(
  db: D1Database,
  deliveryRowIds: number[],
  config: DeliveryConfig,
  plan: InlineDeliveryPlan = INLINE_DELIVERY,
  now: () => number = Date.now,
): Promise<InlineDeliveryResult> {
  const startedAt = now();
  const taken = deliveryRowIds.slice(0, plan.maxDeliveries);
  const steps = new Map<number, QueueStep>();
  let next = 0;
  const lane = async () => {
    while (next < taken.length && now() - startedAt < plan.budgetMs) {
      const chunk = taken.slice(next, next + plan.chunkSize);
      next += chunk.length;
      for (const [id, step] of await processDeliveries(db, chunk, config)) steps.set(id, step);
    }
  };
  await Promise.all(Array.from({ length: plan.lanes }, lane));
  return { steps, leftover: deliveryRowIds.slice(next) };
}
