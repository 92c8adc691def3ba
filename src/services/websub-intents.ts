import { type IntentOrigin, insertIntentWithinCaps, type PendingIntentCaps, whyNoIntent } from "../db/websub";
import { FerryError } from "../domain/problems";
import type { QueueMessage } from "../domain/queue-messages";
import type { Intent } from "../domain/websub";

/**
 * Verifications that may wait at once. A subscriber's intent is settled within a few minutes, so a real
 * reader never comes near these; they bound how many GETs anonymous requests can aim at one host.
 */
export const PENDING_INTENT_CAPS: PendingIntentCaps = { perCallbackHost: 20, perClientAddress: 20 };
/** How long a busy callback host or client waits: the longest a pending verification takes to settle. */
export const INTENT_BUSY_RETRY_AFTER_S = 120;

/**
 * Records a subscribe or unsubscribe intent and queues its verification, at most one pending per
 * (topic, callback, mode): a repeated request while one waits changes nothing and queues nothing.
 * A callback host or client with too many verifications waiting is refused with 429.
 */
export async function requestIntent(
  db: D1Database,
  queue: Queue<QueueMessage>,
  intent: Omit<Intent, "rowId" | "attempts">,
  origin: IntentOrigin,
  nowMs: number,
): Promise<void> {
  const intentId = await insertIntentWithinCaps(db, intent, origin, PENDING_INTENT_CAPS, nowMs);
  if (intentId !== null) {
    await queue.send({ kind: "websub-verify", intentId });
    return;
  }
  const reason = await whyNoIntent(db, intent, origin, PENDING_INTENT_CAPS);
  if (reason === "already_pending") return;
  const headers = { "retry-after": String(INTENT_BUSY_RETRY_AFTER_S) };
  if (reason === "callback_host_busy") {
    throw new FerryError(
      "rate_limited",
      `${PENDING_INTENT_CAPS.perCallbackHost} verifications are already waiting for ${origin.callbackHost}; try again later.`,
      {
        headers,
        errors: [{ pointer: "/hub.callback", detail: "Too many pending verifications for this host." }],
      },
    );
  }
  throw new FerryError(
    "rate_limited",
    `This address already has ${PENDING_INTENT_CAPS.perClientAddress} verifications waiting; try again later.`,
    { headers },
  );
}
