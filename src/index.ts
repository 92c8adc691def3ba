import { handleQueueBatch } from "./delivery/consumer";
import type { QueueMessage } from "./delivery/queue-messages";
import type { Env } from "./env";
import { app } from "./http/app";
import { handleScheduled } from "./scheduled";

export default {
  fetch: app.fetch,
  queue: handleQueueBatch,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env, QueueMessage>;
