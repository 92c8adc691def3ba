/** Bindings and variables the Worker is given (wrangler.toml). */
export interface Env {
  DB: D1Database;
  /** Absolute origin used in feed links instead of the request's, e.g. `https://news.example.com`. */
  PUBLIC_BASE_URL?: string;
}
