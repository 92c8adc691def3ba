import type { Env } from "../env";
import { readDeliveryConfig } from "./delivery-config";
import { fanOutEvent } from "./fan-out";
import { processDelivery } from "./process-delivery";
import type { QueueMessage } from "./queue-messages";
import { queueDelayFor } from "./retry-policy";
import { verifyIntent } from "./websub-verify";

/** A message that failed for an infrastructure reason (D1 or the queue itself) comes back after this. */
const INFRASTRUCTURE_RETRY_SECONDS = 10;

/**
 * The queue consumer: each message in its own try/catch, every path ending in ack() or retry(). The next
 * attempt of a delivery is a new message rather than retry(), so the queue's retry cap never drops one.
 */
export async function handleQueueBatch(batch: MessageBatch<QueueMessage>, env: Env): Promise<void> {
  const config = readDeliveryConfig(env);
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        const body = message.body;
        if (body.kind === "fanout") {
          await fanOutEvent(env.DB, env.DELIVERY_QUEUE, body.eventId);
        } else {
          const step =
            body.kind === "deliver"
              ? await processDelivery(env.DB, body.deliveryId, config)
              : await verifyIntent(env.DB, body.intentId, config);
          if (step.next === "again") {
            await env.DELIVERY_QUEUE.send(body, { delaySeconds: queueDelayFor(step.inSeconds) });
          }
        }
        message.ack();
      } catch (error) {
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
    }),
  );
}
