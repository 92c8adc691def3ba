import type { QueueMessage } from "./domain/queue-messages";

/**
 * Everything the Worker is given: the bindings and vars of wrangler.toml, typed by `npm run types` as
 * `WranglerEnv` in worker-configuration.d.ts (wrangler.toml says what each one is for), and the settings
 * below, which wrangler.toml does not list.
 */
export interface Env extends Omit<WranglerEnv, "DELIVERY_QUEUE">, UnlistedSettings {
  /** The generated type knows only that this is a queue; these are the messages Ferry sends itself. */
  DELIVERY_QUEUE: Queue<QueueMessage>;
}

/**
 * The one place for settings absent from wrangler.toml, so each may be missing: Worker secrets
 * (`npx wrangler secret put`) and overrides that tests, `npm start` and the bench set.
 */
interface UnlistedSettings {
  /** Worker secret: 32 random bytes (base64 or base64url) that encrypt webhook and WebSub secrets in D1. */
  SECRETS_KEY?: string;
  /** Worker secret during a key rotation: the key SECRETS_KEY replaced, until the cron re-encrypted its values. */
  SECRETS_KEY_PREVIOUS?: string;
  /** Comma-separated retry delays in seconds, replacing the production schedule (tests use short ones). */
  WEBHOOK_RETRY_SCHEDULE?: string;
  /** The first cool-down of an endpoint's open circuit breaker, in seconds; 60 unless set (tests use 1). */
  CIRCUIT_COOLDOWN_SECONDS?: string;
  /** Per-attempt timeout for webhook requests; 15 000 ms unless set. */
  DELIVERY_TIMEOUT_MS?: string;
  /** Milliseconds a rendered feed is reused from isolate memory without asking D1; 1 000 unless set, 0 = off. */
  FEED_MEMO_TTL_MS?: string;
}
