import type { QueueMessage } from "../domain/queue-messages";

/** Queues' sendBatch takes at most 100 messages per call. */
export const MAX_SEND_BATCH = 100;

/** Sends messages in chunks the queue accepts. */
export async function sendAll(queue: Queue<QueueMessage>, messages: QueueMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += MAX_SEND_BATCH) {
    await queue.sendBatch(messages.slice(i, i + MAX_SEND_BATCH).map((body) => ({ body })));
  }
}
