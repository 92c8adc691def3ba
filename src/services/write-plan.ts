import type { StoredResponse } from "../db/idempotency";

/** A write ready to commit: its statements and the response it will have produced. */
export interface PreparedWrite {
  statements: D1PreparedStatement[];
  response: StoredResponse;
  /** Outbox events the statements write, to hand to the queue once they are committed. */
  events?: string[];
}

/** Headers of every JSON answer a write stores and sends. */
export const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };
/** A JSON answer that carries a secret: no cache may keep it. */
export const SECRET_JSON_HEADERS = { ...JSON_HEADERS, "cache-control": "no-store" };
