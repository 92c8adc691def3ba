import type { StoredResponse } from "../db/idempotency";

/** A write ready to commit: its statements and the response it will have produced. */
export interface PreparedWrite {
  statements: D1PreparedStatement[];
  response: StoredResponse;
  /** Outbox events the statements write, to hand to the queue once they are committed. */
  events?: string[];
}
