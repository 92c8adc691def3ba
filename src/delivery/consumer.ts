import type { QueueMessage } from "../domain/queue-messages";
import type { Env } from "../env";
import { MAX_SEND_BATCH, sendAll } from "../services/delivery-queue";
import { sendAccept } from "./activitypub-accept";
import { readDeliveryConfig } from "./delivery-config";
import { createDeliveries } from "./fan-out";
import { deliverInline } from "./inline-delivery";
import { processDeliveries } from "./process-delivery";
import type { QueueStep } from "./queue-step";
import { queueDelayFor } from "./retry-policy";
import { verifyIntent } from "./websub-verify";

/** A message that failed for an infrastructure reason (D1 or the queue itself) comes back after this. */
const INFRASTRUCTURE_RETRY_SECONDS = 10;

type QueuedMessage = Message<QueueMessage>;

/**
 * The queue consumer. Deliveries in a batch are attempted together (a fixed number of D1 round trips per
 * batch; a FIFO endpoint's in a run of their own); fan-outs and WebSub verifications one by one. Every
 * message ends in ack() or retry(): the next attempt of a delivery is a new message rather than retry(), so
 * the queue's retry cap never drops one. A delivery held by an open circuit or a FIFO head is acked without
 * an attempt: the probe, the head's run or the cron sweep queues it again.
 */
export async function handleQueueBatch(batch: MessageBatch<QueueMessage>, env: Env): Promise<void> {
  const deliveries = batch.messages.filter((m) => m.body.kind === "deliver");
  const others = batch.messages.filter((m) => m.body.kind !== "deliver");
  await Promise.all([handleDeliveries(deliveries, env), ...others.map((m) => handleOne(m, env))]);
}

async function handleDeliveries(messages: QueuedMessage[], env: Env): Promise<void> {
  if (messages.length === 0) return;
  try {
    const ids = messages.map((m) => (m.body.kind === "deliver" ? m.body.deliveryId : 0));
    const steps = await processDeliveries(env.DB, ids, readDeliveryConfig(env));
    await queueOthers(env, steps, new Set(ids));
    await Promise.all(
      messages.map((m, i) => settle(m, steps.get(ids[i] as number) ?? { next: "done" }, env)),
    );
  } catch (error) {
    // Claimed deliveries keep their lease until it lapses; the retried messages or the cron sweep resume them.
    for (const message of messages) fail(message, error);
  }
}

/** Queues the deliveries decided about that have no message of their own: a FIFO head, a woken endpoint, a fan-out's. */
async function queueOthers(env: Env, steps: Map<number, QueueStep>, own: Set<number>): Promise<void> {
  const others: MessageSendRequest<QueueMessage>[] = [];
  for (const [deliveryId, step] of steps) {
    if (own.has(deliveryId) || step.next !== "again") continue;
    others.push({ body: { kind: "deliver", deliveryId }, delaySeconds: queueDelayFor(step.inSeconds) });
  }
  for (let i = 0; i < others.length; i += MAX_SEND_BATCH) {
    await env.DELIVERY_QUEUE.sendBatch(others.slice(i, i + MAX_SEND_BATCH));
  }
}

async function handleOne(message: QueuedMessage, env: Env): Promise<void> {
  try {
    const body = message.body;
    if (body.kind === "fanout") {
      // The fan-out delivers its fresh deliveries itself, 100 in flight, rather than queueing one message
      // each; what it could not take, and every retry, goes through the queue as before.
      const fresh = await createDeliveries(env.DB, body.eventId);
      const { steps, leftover } = await deliverInline(env.DB, fresh, readDeliveryConfig(env));
      await queueOthers(env, steps, new Set());
      await sendAll(
        env.DELIVERY_QUEUE,
        leftover.map((deliveryId) => ({ kind: "deliver", deliveryId })),
      );
      message.ack();
    } else if (body.kind === "websub-verify") {
      await settle(message, await verifyIntent(env.DB, body.intentId, readDeliveryConfig(env)), env);
    } else if (body.kind === "activitypub-accept") {
      await settle(message, await sendAccept(env.DB, body.followerId, readDeliveryConfig(env)), env);
    }
  } catch (error) {
    fail(message, error);
  }
}

/** Acks the message, first queueing its next round when the work asks to come back later. */
async function settle(message: QueuedMessage, step: QueueStep, env: Env): Promise<void> {
  try {
    if (step.next === "again") {
      await env.DELIVERY_QUEUE.send(message.body, { delaySeconds: queueDelayFor(step.inSeconds) });
    }
    message.ack();
  } catch (error) {
    fail(message, error);
  }
}

function fail(message: QueuedMessage, error: unknown): void {
  console.error(
    JSON.stringify({
      level: "error",
      message: "queue message failed",
      body: message.body,
      error: String(error),
    }),
  );
  message.retry({ delaySeconds: INFRASTRUCTURE_RETRY_SECONDS });
}
