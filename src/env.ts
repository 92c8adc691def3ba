import type { QueueMessage } from "./delivery/queue-messages";

/** Bindings and variables the Worker is given (wrangler.toml). */
export interface Env {
  DB: D1Database;
  DELIVERY_QUEUE: Queue<QueueMessage>;
  /** Absolute origin used in feed links instead of the request's, e.g. `https://news.example.com`. */
  PUBLIC_BASE_URL?: string;
  /** "true" only for local development: lets webhooks use http and loopback addresses. */
  ALLOW_INSECURE_LOCAL_WEBHOOKS?: string;
  /** Comma-separated retry delays in seconds, replacing the production schedule (tests use short ones). */
  WEBHOOK_RETRY_SCHEDULE?: string;
  /** Per-attempt timeout for webhook requests; 15 000 ms unless set. */
  DELIVERY_TIMEOUT_MS?: string;
}
