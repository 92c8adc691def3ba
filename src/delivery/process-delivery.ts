import { cancelDeliveryStatement, finishAttemptStatement, insertAttemptStatement } from "../db/deliveries";
import { claimDeliveries, type DeliveryContext, loadDeliveryContexts } from "../db/delivery-context";
import { SecretKeyError } from "../domain/secret-box";
import { type CallbackUrlCheck, checkCallbackUrl } from "../outbound/ssrf-guard";
import { readSecretKeyring } from "../services/secret-keys";
import type { DeliveryConfig } from "./delivery-config";
import type { QueueStep } from "./queue-step";
import { classifyResponse, type DeliveryOutcome, nextAttemptDelaySeconds } from "./retry-policy";
import { type AttemptOutcome, type OutboundRequest, sendAttempt } from "./send-attempt";
import { webhookAfterAttempt, webhookReadiness, webhookRequest } from "./webhook-target";
import { websubAfterAttempt, websubReadiness, websubRequest } from "./websub-target";

/** An attempt holds its delivery this long; past it, a crashed attempt's delivery can be taken again. */
const LEASE_MS = 60_000;

/** One finished attempt: what to write to the delivery log and what to do with its message. */
interface AttemptResult {
  statements: D1PreparedStatement[];
  step: QueueStep;
}

/**
 * Runs at most one attempt of each delivery in a batch (webhook or WebSub) and records them. D1 is touched
 * a fixed number of times per batch, not per delivery: one load, one claim, one batch of log writes; the
 * HTTP requests themselves go out concurrently. Both kinds share the claim, SSRF guard, retry policy and log.
 */
export async function processDeliveries(
  db: D1Database,
  deliveryRowIds: number[],
  config: DeliveryConfig,
  nowMs = Date.now(),
): Promise<Map<number, QueueStep>> {
  const steps = new Map<number, QueueStep>(deliveryRowIds.map((id) => [id, { next: "done" }]));
  const contexts = await loadDeliveryContexts(db, deliveryRowIds);
  const cancelled: D1PreparedStatement[] = [];
  const ready: DeliveryContext[] = [];
  for (const ctx of contexts) {
    if (ctx.status !== "pending") continue;
    const readiness = readinessOf(ctx, nowMs);
    // A paused or disabled endpoint keeps its deliveries pending ("hold"); resuming it re-queues them.
    if (readiness === "cancel") cancelled.push(cancelDeliveryStatement(db, ctx.deliveryRowId, nowMs));
    else if (readiness === "ready" && ctx.nextAttemptAt > nowMs + 1000) {
      steps.set(ctx.deliveryRowId, {
        next: "again",
        inSeconds: Math.ceil((ctx.nextAttemptAt - nowMs) / 1000),
      });
    } else if (readiness === "ready") ready.push(ctx);
  }
  const claimed = await claimDeliveries(
    db,
    ready.map((ctx) => ctx.deliveryRowId),
    nowMs,
    LEASE_MS,
  );
  const results = await Promise.all(
    ready.flatMap((ctx) => {
      const attempt = claimed.get(ctx.deliveryRowId);
      return attempt === undefined ? [] : [attemptOnce(db, ctx, attempt, config, nowMs)];
    }),
  );
  const statements = [...cancelled, ...results.flatMap((r) => r.result.statements)];
  if (statements.length > 0) await db.batch(statements);
  for (const { id, result } of results) steps.set(id, result.step);
  return steps;
}

async function attemptOnce(
  db: D1Database,
  ctx: DeliveryContext,
  attempt: number,
  config: DeliveryConfig,
  nowMs: number,
): Promise<{ id: number; result: AttemptResult }> {
  const id = ctx.deliveryRowId;
  const request = await requestOf(db, ctx, config, nowMs);
  if (!request)
    return { id, result: { statements: [cancelDeliveryStatement(db, id, nowMs)], step: { next: "done" } } };
  // Checked (and its name resolved) before every attempt: an address that changed since subscribing is caught.
  // A request Ferry could not sign is not sent either, and retried like a failed lookup: the fault is Ferry's.
  const target: CallbackUrlCheck =
    request.unsigned === undefined
      ? await checkCallbackUrl(request.url, config)
      : { ok: false, reason: request.unsigned, retryable: true };
  const sent: AttemptOutcome = target.ok
    ? await sendAttempt({ ...request, url: target.url.href }, config.timeoutMs)
    : {
        status: null,
        errorMessage: target.retryable ? target.reason : `destination refused: ${target.reason}`,
        retryAfter: null,
        excerpt: null,
        durationMs: 0,
      };
  const finishedAt = nowMs + sent.durationMs;
  const outcome = classifyResponse({
    status: sent.status,
    // A failed lookup is retried like a network error: nothing was sent, the next attempt asks again.
    error: target.ok ? sent.error : target.retryable ? "network" : "blocked",
    retryAfterHeader: sent.retryAfter,
    nowMs: finishedAt,
  });
  const delay = nextAttemptDelaySeconds(attempt, outcome, Math.random, config.retryScheduleSeconds);
  const error = outcome.kind === "success" ? null : describeFailure(outcome, sent);
  const final = outcome.kind === "success" ? "succeeded" : delay === null ? "dead" : "pending";
  const statements = [
    insertAttemptStatement(db, id, {
      attempt,
      startedAt: nowMs,
      durationMs: sent.durationMs,
      responseStatus: sent.status,
      responseExcerpt: sent.excerpt,
      error,
    }),
    finishAttemptStatement(db, id, {
      status: final,
      nextAttemptAt: delay === null ? finishedAt : finishedAt + delay * 1000,
      error,
      nowMs: finishedAt,
    }),
    ...afterAttempt(db, ctx, outcome, finishedAt),
  ];
  const step: QueueStep =
    final === "pending" && delay !== null ? { next: "again", inSeconds: delay } : { next: "done" };
  return { id, result: { statements, step } };
}

function readinessOf(ctx: DeliveryContext, nowMs: number): "ready" | "hold" | "cancel" {
  const { target } = ctx;
  return target.kind === "webhook"
    ? webhookReadiness(target.endpoint, target.deleted)
    : websubReadiness(target.subscription, nowMs);
}

/** The signed request; null when its target is gone; only `url` and why, when a stored secret does not open. */
async function requestOf(
  db: D1Database,
  ctx: DeliveryContext,
  config: DeliveryConfig,
  nowMs: number,
): Promise<(OutboundRequest & { unsigned?: string }) | null> {
  const { target } = ctx;
  const keyring = await readSecretKeyring(config.secretKeys);
  try {
    return target.kind === "webhook"
      ? await webhookRequest(ctx, target.endpoint, keyring.keys, nowMs)
      : await websubRequest(db, target.subscription, keyring.keys, nowMs);
  } catch (error) {
    if (!(error instanceof SecretKeyError)) throw error;
    const url = target.kind === "webhook" ? target.endpoint.url : target.subscription.callbackUrl;
    return {
      url,
      headers: {},
      body: "",
      unsigned: ["cannot sign:", error.message, ...keyring.problems].join(" "),
    };
  }
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
