import { withConsole } from "./console/app";
import { handleQueueBatch } from "./delivery/consumer";
import type { QueueMessage } from "./domain/queue-messages";
import type { Env } from "./env";
import { app } from "./http/app";
import { answeringFromFeedMemo } from "./http/memo-fast-path";
import { handleScheduled } from "./scheduled";

export default {
  // Polls of a memoised feed are answered before the app's routing and middleware; /console is the console's;
  // everything else is the app's.
  fetch: answeringFromFeedMemo(withConsole(app.fetch)),
  queue: handleQueueBatch,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env, QueueMessage>;
