import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import type { QueueMessage } from "../../../src/domain/queue-messages";
import worker from "../../../src/index";

/**
 * Messages the Worker hands to its delivery queue while fuzzing. The queue is recorded rather than sent so
 * that no consumer runs behind the fuzzer's back: a D1 snapshot then changes only through the request under
 * test, and fuzzing adds no queue traffic (or outbound webhook calls) to the rest of the suite.
 */
export class RecordingQueue {
  messages: QueueMessage[] = [];

  async send(body: QueueMessage): Promise<void> {
    this.messages.push(body);
  }

  async sendBatch(batch: Iterable<MessageSendRequest<QueueMessage>>): Promise<void> {
    for (const message of batch) this.messages.push(message.body);
  }

  take(): QueueMessage[] {
    const taken = this.messages;
    this.messages = [];
    return taken;
  }
}

export const recordingQueue = new RecordingQueue();
const fuzzEnv = { ...env, DELIVERY_QUEUE: recordingQueue as unknown as Queue<QueueMessage> };

/**
 * Sends one request to the Worker's own fetch handler inside workerd, with the real D1, Cache API and rate
 * limit bindings, and waits for everything it handed to `waitUntil` (the token's last-use stamp, cache
 * writes) so that nothing it started is still writing when the next snapshot is taken.
 */
export async function send(request: Request): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, fuzzEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}
