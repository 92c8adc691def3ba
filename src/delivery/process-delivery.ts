import {
  cancelDeliveryStatement,
  claimDelivery,
  type DeliveryContext,
  finishAttemptStatement,
  insertAttemptStatement,
  loadDeliveryContext,
} from "../db/deliveries";
import type { DeliveryConfig } from "./delivery-config";
import type { QueueStep } from "./queue-messages";
import { classifyResponse, type DeliveryOutcome, nextAttemptDelaySeconds } from "./retry-policy";
import { type AttemptOutcome, type OutboundRequest, sendAttempt } from "./send-attempt";
import { checkCallbackUrl } from "./ssrf-guard";
import { webhookAfterAttempt, webhookReadiness, webhookRequest } from "./webhook-target";
import { websubAfterAttempt, websubReadiness, websubRequest } from "./websub-target";

/** An attempt holds its delivery this long; past it, a crashed attempt's delivery can be taken again. */
const LEASE_MS = 60_000;

/**
 * Runs at most one attempt of a delivery (webhook or WebSub), records it in the delivery log, and says
 * when, if ever, to come back. Both kinds share the claim, SSRF guard, retry policy and log.
 */
export async function processDelivery(
  db: D1Database,
  deliveryRowId: number,
  config: DeliveryConfig,
  nowMs = Date.now(),
): Promise<QueueStep> {
  const ctx = await loadDeliveryContext(db, deliveryRowId);
  if (!ctx || ctx.status !== "pending") return { next: "done" };
  const readiness = readinessOf(ctx, nowMs);
  if (readiness === "cancel") {
    await cancelDeliveryStatement(db, deliveryRowId, nowMs).run();
    return { next: "done" };
  }
  // A paused or disabled endpoint keeps its deliveries pending; resuming it re-queues them.
  if (readiness === "hold") return { next: "done" };
  if (ctx.nextAttemptAt > nowMs + 1000)
    return { next: "again", inSeconds: Math.ceil((ctx.nextAttemptAt - nowMs) / 1000) };

  const attempt = await claimDelivery(db, deliveryRowId, nowMs, LEASE_MS);
  if (attempt === null) return { next: "done" };
  const request = await requestOf(db, ctx, nowMs);
  if (!request) {
    await cancelDeliveryStatement(db, deliveryRowId, nowMs).run();
    return { next: "done" };
  }
  const target = checkCallbackUrl(request.url, { allowInsecureLocal: config.allowInsecureLocal });
  const sent: AttemptOutcome = target.ok
    ? await sendAttempt({ ...request, url: target.url.href }, config.timeoutMs)
    : {
        status: null,
        errorMessage: `destination refused: ${target.reason}`,
        retryAfter: null,
        excerpt: null,
        durationMs: 0,
      };
  const finishedAt = nowMs + sent.durationMs;
  const outcome = classifyResponse({
    status: sent.status,
    error: target.ok ? sent.error : "blocked",
    retryAfterHeader: sent.retryAfter,
    nowMs: finishedAt,
  });
  const delay = nextAttemptDelaySeconds(attempt, outcome, Math.random, config.retryScheduleSeconds);
  const error = outcome.kind === "success" ? null : describeFailure(outcome, sent);
  const final = outcome.kind === "success" ? "succeeded" : delay === null ? "dead" : "pending";

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
    ...afterAttempt(db, ctx, outcome, finishedAt),
  ]);
  return final === "pending" && delay !== null ? { next: "again", inSeconds: delay } : { next: "done" };
}

function readinessOf(ctx: DeliveryContext, nowMs: number): "ready" | "hold" | "cancel" {
  const { target } = ctx;
  return target.kind === "webhook"
    ? webhookReadiness(target.endpoint, target.deleted)
    : websubReadiness(target.subscription, nowMs);
}

function requestOf(db: D1Database, ctx: DeliveryContext, nowMs: number): Promise<OutboundRequest | null> {
  const { target } = ctx;
  return target.kind === "webhook"
    ? webhookRequest(ctx, target.endpoint, nowMs)
    : websubRequest(db, target.subscription, nowMs);
}

function afterAttempt(db: D1Database, ctx: DeliveryContext, outcome: DeliveryOutcome, nowMs: number) {
  const { target } = ctx;
  return target.kind === "webhook"
    ? webhookAfterAttempt(db, target.endpoint, outcome, nowMs)
    : websubAfterAttempt(db, target.subscription, outcome, nowMs);
}

function describeFailure(outcome: DeliveryOutcome, sent: AttemptOutcome): string {
  const reason = "reason" in outcome ? outcome.reason : "failed";
  return sent.status === null ? (sent.errorMessage ?? reason) : `HTTP ${sent.status}: ${reason}`;
}
