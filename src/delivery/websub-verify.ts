import {
  countActiveSubscriptions,
  endSubscriptionStatement,
  findPendingIntent,
  settleIntentStatement,
  upsertSubscriptionStatement,
} from "../db/websub";
import {
  type Intent,
  MAX_SUBSCRIPTIONS_PER_FEED,
  newChallenge,
  newSubscriptionId,
  verificationUrl,
} from "../domain/websub";
import { readBoundedText } from "../outbound/bounded-read";
import { checkCallbackUrl } from "../outbound/ssrf-guard";
import type { DeliveryConfig } from "./delivery-config";
import type { QueueStep } from "./queue-step";

/** Verification is retried this many times when the callback is unreachable or answers 5xx. */
const MAX_VERIFY_ATTEMPTS = 3;
const VERIFY_RETRY_SECONDS = 30;
/** The challenge echo is a few dozen bytes; the rest of a callback's answer is never read. */
const VERIFY_ANSWER_BYTES = 4096;

/**
 * Verifies one subscribe/unsubscribe intent (WebSub §5.3): a GET to the callback with hub.mode, hub.topic,
 * hub.challenge (and hub.lease_seconds); only a 2xx echoing the challenge changes anything. A subscription
 * over the per-feed limit is denied instead (§5.2).
 */
export async function verifyIntent(
  db: D1Database,
  intentRowId: number,
  config: DeliveryConfig,
  nowMs = Date.now(),
): Promise<QueueStep> {
  const intent = await findPendingIntent(db, intentRowId);
  if (!intent) return { next: "done" };
  // A refused destination fails at once; a failed lookup goes on to askCallback, which fails it retryably.
  const target = await checkCallbackUrl(intent.callbackUrl, config);
  if (!target.ok && !target.retryable) {
    await settleIntentStatement(db, intent.rowId, { status: "failed", error: target.reason, nowMs }).run();
    return { next: "done" };
  }
  if (
    intent.mode === "subscribe" &&
    (await countActiveSubscriptions(db, intent.feedRowId, nowMs)) >= MAX_SUBSCRIPTIONS_PER_FEED
  ) {
    await deny(intent, "This hub has reached its subscription limit for this feed.", config);
    await settleIntentStatement(db, intent.rowId, {
      status: "denied",
      error: "subscription limit",
      nowMs,
    }).run();
    return { next: "done" };
  }
  const challenge = newChallenge();
  const params: Record<string, string> = {
    "hub.mode": intent.mode,
    "hub.topic": intent.topic.url,
    "hub.challenge": challenge,
  };
  if (intent.mode === "subscribe") params["hub.lease_seconds"] = String(intent.leaseSeconds);
  const answer = await askCallback(verificationUrl(intent.callbackUrl, params), config);

  if (answer.ok && answer.body.trim() === challenge) {
    await db.batch([
      settleIntentStatement(db, intent.rowId, { status: "verified", error: null, nowMs }),
      applyIntent(db, intent, nowMs),
    ]);
    return { next: "done" };
  }
  const retryable = answer.status === null || answer.status >= 500;
  const last = intent.attempts + 1 >= MAX_VERIFY_ATTEMPTS;
  const error = answer.ok
    ? "the callback did not echo hub.challenge"
    : (answer.error ?? `HTTP ${answer.status}`);
  await settleIntentStatement(db, intent.rowId, {
    status: retryable && !last ? "pending" : "failed",
    error,
    nowMs,
  }).run();
  return retryable && !last ? { next: "again", inSeconds: VERIFY_RETRY_SECONDS } : { next: "done" };
}

function applyIntent(db: D1Database, intent: Intent, nowMs: number): D1PreparedStatement {
  return intent.mode === "subscribe"
    ? upsertSubscriptionStatement(db, intent, newSubscriptionId(), nowMs)
    : endSubscriptionStatement(
        db,
        { topicUrl: intent.topic.url, callbackUrl: intent.callbackUrl },
        "unsubscribed",
        nowMs,
      );
}

/** Tells the subscriber its request was refused (WebSub §5.2): hub.mode=denied with hub.reason. */
async function deny(intent: Intent, reason: string, config: DeliveryConfig): Promise<void> {
  const url = verificationUrl(intent.callbackUrl, {
    "hub.mode": "denied",
    "hub.topic": intent.topic.url,
    "hub.reason": reason,
  });
  await askCallback(url, config);
}

/**
 * GET without following redirects, with a timeout, only once the guard has passed the URL (its name resolved
 * right now); reads at most VERIFY_ANSWER_BYTES of the answer. A refusal is answered like an unreachable callback.
 */
async function askCallback(url: string, config: DeliveryConfig) {
  const target = await checkCallbackUrl(url, config);
  if (!target.ok) return { ok: false, status: null, body: "", error: target.reason };
  try {
    const response = await fetch(target.url.href, {
      redirect: "manual",
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    const { text: body } = await readBoundedText(response, VERIFY_ANSWER_BYTES);
    return {
      ok: response.status >= 200 && response.status < 300,
      status: response.status,
      body,
      error: null,
    };
  } catch (error) {
    return { ok: false, status: null, body: "", error: String(error).slice(0, 300) };
  }
}
