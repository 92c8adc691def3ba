import type { Context } from "hono";
import { sendAll } from "../services/delivery-queue";
import type { PreparedWrite } from "../services/write-plan";
import type { FerryHono } from "./hono-env";

/**
 * Hands committed outbox events to the queue for fan-out, after the response is on its way. A failure
 * here loses nothing: the cron sweep re-queues every event whose fan-out was never recorded.
 */
export function announceAfterCommit(c: Context<FerryHono>) {
  return (write: PreparedWrite): void => {
    const events = write.events ?? [];
    if (events.length === 0) return;
    const messages = events.map((eventId) => ({ kind: "fanout" as const, eventId }));
    c.executionCtx.waitUntil(
      sendAll(c.env.DELIVERY_QUEUE, messages).catch((error: unknown) =>
        console.error(
          JSON.stringify({
            level: "warn",
            message: "fan-out enqueue failed; the cron sweep will retry",
            requestId: c.get("requestId"),
            events,
            error: String(error),
          }),
        ),
      ),
    );
  };
}
