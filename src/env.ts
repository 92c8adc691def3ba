import type { QueueMessage } from "./delivery/queue-messages";

/** Bindings and variables the Worker is given (wrangler.toml). */
export interface Env {
  DB: D1Database;
  DELIVERY_QUEUE: Queue<QueueMessage>;
  /** Absolute origin used in feed links instead of the request's, e.g. `https://news.example.com`. */
  PUBLIC_BASE_URL?: string;
  /** "true" only for local development: lets webhooks use http, any port and loopback addresses. */
  ALLOW_INSECURE_LOCAL_WEBHOOKS?: string;
  /** DNS-over-HTTPS resolver (JSON API) that every subscriber host is checked with; Cloudflare's unless set. */
  DNS_RESOLVER_URL?: string;
  /** Comma-separated retry delays in seconds, replacing the production schedule (tests use short ones). */
  WEBHOOK_RETRY_SCHEDULE?: string;
  /** Per-attempt timeout for webhook requests; 15 000 ms unless set. */
  DELIVERY_TIMEOUT_MS?: string;
  /** Milliseconds a rendered feed is reused from isolate memory without asking D1; 1 000 unless set, 0 = off. */
  FEED_MEMO_TTL_MS?: string;
  /** Requests per IP to `/v1/*`, counted before the token lookup; absent = no per-IP limit. */
  API_RATE_LIMIT_IP?: RateLimit;
  /** Requests per IP to the public WebSub hub `/websub`; absent = no limit. */
  HUB_RATE_LIMIT_IP?: RateLimit;
  /** Requests per IP to every other anonymous route (feeds, pages, docs, health); absent = no limit. */
  PUBLIC_RATE_LIMIT_IP?: RateLimit;
  /** Requests per authenticated token to `/v1/*`; absent = no per-token limit. */
  API_RATE_LIMIT_TOKEN?: RateLimit;
  /** Days to keep the delivery log (attempts, finished deliveries, their events); 30 unless set. */
  DELIVERY_LOG_RETENTION_DAYS?: string;
  /** Hours an Idempotency-Key is remembered; 24 unless set. */
  IDEMPOTENCY_RETENTION_HOURS?: string;
  /** Worker secret: 32 random bytes (base64 or base64url) that encrypt webhook and WebSub secrets in D1. */
  SECRETS_KEY?: string;
  /** Worker secret during a key rotation: the key SECRETS_KEY replaced, until the cron re-encrypted its values. */
  SECRETS_KEY_PREVIOUS?: string;
}
