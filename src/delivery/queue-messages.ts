/**
 * What travels on the delivery queue. Messages only point at D1 rows, which hold the truth: a lost or
 * duplicated message is repaired by the cron sweep or ignored by the claim on the row.
 */
export type QueueMessage =
  /** Create one delivery per subscribed endpoint for this outbox event, then queue them. */
  | { kind: "fanout"; eventId: string }
  /** Attempt this delivery once, if it is still pending and due. */
  | { kind: "deliver"; deliveryId: number }
  /** Verify a WebSub subscribe/unsubscribe intent with the subscriber's callback. */
  | { kind: "websub-verify"; intentId: number };

/** What the consumer does with a message once its work ran: done, or come back after a delay. */
export type QueueStep = { next: "done" } | { next: "again"; inSeconds: number };

/** Queues' sendBatch takes at most 100 messages per call. */
export const MAX_SEND_BATCH = 100;

/** Sends messages in chunks the queue accepts. */
export async function sendAll(queue: Queue<QueueMessage>, messages: QueueMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += MAX_SEND_BATCH) {
    await queue.sendBatch(messages.slice(i, i + MAX_SEND_BATCH).map((body) => ({ body })));
  }
}
