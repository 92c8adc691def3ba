import {
  claimDelivery,
  finishAttemptStatement,
  insertAttemptStatement,
  loadDeliveryContext,
} from "../db/deliveries";
import { recordEndpointHealthStatement } from "../db/webhook-endpoints";
import { signingSecrets } from "../domain/webhook-endpoint";
import type { DeliveryConfig } from "./delivery-config";
import { classifyResponse, type DeliveryOutcome, nextAttemptDelaySeconds, shouldDisableEndpoint } from "./retry-policy";
import { sendAttempt } from "./send-attempt";
import { checkCallbackUrl } from "./ssrf-guard";

/** An attempt holds its delivery this long; past it, a crashed attempt's delivery can be taken again. */
const LEASE_MS = 60_000;

/** What the queue consumer should do next with this delivery's message. */
export type DeliveryStep = { next: "done" } | { next: "again"; inSeconds: number };

/** Runs at most one attempt of a delivery, records it, and says when (if ever) to come back. */
export async function processDelivery(
  db: D1Database,
  deliveryRowId: number,
  config: DeliveryConfig,
  nowMs = Date.now(),
): Promise<DeliveryStep> {
  const ctx = await loadDeliveryContext(db, deliveryRowId);
  if (!ctx || ctx.status !== "pending" || ctx.endpointDeleted) return { next: "done" };
  // A paused or disabled endpoint keeps its deliveries pending; resuming it re-queues them.
  if (ctx.endpoint.paused || ctx.endpoint.disabledAt !== null) return { next: "done" };
  if (ctx.nextAttemptAt > nowMs + 1000) return { next: "again", inSeconds: Math.ceil((ctx.nextAttemptAt - nowMs) / 1000) };

  const attempt = await claimDelivery(db, deliveryRowId, nowMs, LEASE_MS);
  if (attempt === null) return { next: "done" };

  const target = checkCallbackUrl(ctx.endpoint.url, { allowInsecureLocal: config.allowInsecureLocal });
  const sent = target.ok
    ? await sendAttempt({
        url: target.url.href,
        eventId: ctx.eventId,
        payload: ctx.payload,
        secrets: signingSecrets(ctx.endpoint, nowMs),
        timeoutMs: config.timeoutMs,
        nowMs,
      })
    : { status: null, errorMessage: `destination refused: ${target.reason}`, retryAfter: null, excerpt: null, durationMs: 0 };
  const finishedAt = nowMs + sent.durationMs;
  const outcome: DeliveryOutcome = classifyResponse({
    status: sent.status,
    error: target.ok ? ("error" in sent ? sent.error : undefined) : "blocked",
    retryAfterHeader: sent.retryAfter,
    nowMs: finishedAt,
  });
  const delay = nextAttemptDelaySeconds(attempt, outcome, Math.random, config.retryScheduleSeconds);
  const error = outcome.kind === "success" ? null : describeFailure(outcome, sent.status, sent.errorMessage);
  const final = outcome.kind === "success" ? "succeeded" : delay === null ? "dead" : "pending";
  const disableReason =
    outcome.kind === "disable"
      ? "The endpoint answered 410 Gone."
      : outcome.kind !== "success" && shouldDisableEndpoint(ctx.endpoint.firstFailureAt, finishedAt)
        ? "Every delivery failed for 5 days."
        : null;

  await db.batch([
    insertAttemptStatement(db, deliveryRowId, {
      attempt,
      startedAt: nowMs,
      durationMs: sent.durationMs,
      responseStatus: sent.status,
      responseExcerpt: sent.excerpt,
      error,
    }),
    finishAttemptStatement(db, deliveryRowId, {
      status: final,
      nextAttemptAt: delay === null ? finishedAt : finishedAt + delay * 1000,
      error,
      nowMs: finishedAt,
    }),
    recordEndpointHealthStatement(db, ctx.endpoint.rowId, {
      succeeded: outcome.kind === "success",
      nowMs: finishedAt,
      disableReason,
    }),
  ]);
  return final === "pending" && delay !== null ? { next: "again", inSeconds: delay } : { next: "done" };
}

function describeFailure(outcome: DeliveryOutcome, status: number | null, message: string | null): string {
  const reason = "reason" in outcome ? outcome.reason : "failed";
  return status === null ? (message ?? reason) : `HTTP ${status}: ${reason}`;
}
