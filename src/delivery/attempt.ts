import { type AttemptLog, cancelDeliveryStatement } from "../db/deliveries";
import type { DeliveryContext } from "../db/delivery-context";
import { SecretKeyError } from "../domain/secret-box";
import { type CallbackUrlCheck, checkCallbackUrl } from "../outbound/ssrf-guard";
import { readSecretKeyring } from "../services/secret-keys";
import { activityPubAfterAttempt, activityPubRequest } from "./activitypub-target";
import type { DeliveryConfig } from "./delivery-config";
import type { QueueStep } from "./queue-step";
import { classifyResponse, type DeliveryOutcome, nextAttemptDelaySeconds } from "./retry-policy";
import { type AttemptOutcome, type OutboundRequest, sendAttempt } from "./send-attempt";
import { type RateSlot, waitForSlot } from "./slot-claims";
import { webhookAfterAttempt, webhookRequest } from "./webhook-target";
import { websubAfterAttempt, websubRequest } from "./websub-target";

/** An attempt holds its delivery this long; past it, a crashed attempt's delivery can be taken again. */
export const LEASE_MS = 60_000;
/** A delivery due within this is attempted now rather than queued again for the remainder. */
export const DUE_WITHIN_MS = 1000;

/** One finished attempt: what to write to the delivery log and what to do with its message. */
export interface AttemptResult {
  deliveryRowId: number;
  /** The attempt's row and the delivery's new state, written with others by recordAttemptsStatements; null when nothing was attempted. */
  log: AttemptLog | null;
  /** Other writes: the target's health, or the cancellation of a delivery whose target is gone. */
  statements: D1PreparedStatement[];
  step: QueueStep;
  /** A 2xx: what the circuit breaker and a FIFO run go on (false too for a WebSub target gone meanwhile). */
  succeeded: boolean;
  finishedAt: number;
}

/**
 * Makes attempt number `attempt` of a claimed delivery at `nowMs`: signs, checks the destination, waits
 * for its rate-limit `slot` if it has one (so only the request itself stands between the slot and the
 * receiver; it then starts at that time), sends, classifies the answer and returns the log writes (attempt row, delivery state,
 * target health). The webhook circuit breaker is the caller's: it folds attempts to one endpoint together.
 */
export async function attemptOnce(
  db: D1Database,
  ctx: DeliveryContext,
  attempt: number,
  config: DeliveryConfig,
  nowMs: number,
  slot: RateSlot | null = null,
): Promise<AttemptResult> {
  const id = ctx.deliveryRowId;
  const request = await requestOf(db, ctx, config, nowMs);
  if (!request) {
    const statements = [cancelDeliveryStatement(db, id, nowMs)];
    return {
      deliveryRowId: id,
      log: null,
      statements,
      step: { next: "done" },
      succeeded: false,
      finishedAt: nowMs,
    };
  }
  // Checked (and its name resolved) before every attempt: an address that changed since subscribing is caught.
  // A request Ferry could not sign is not sent either, and retried like a failed lookup: the fault is Ferry's.
  const target: CallbackUrlCheck =
    request.unsigned === undefined
      ? await checkCallbackUrl(request.url, config)
      : { ok: false, reason: request.unsigned, retryable: true };
  if (slot !== null) await waitForSlot(slot);
  const startedAt = slot === null ? nowMs : Math.max(nowMs, Date.now());
  const sent: AttemptOutcome = target.ok
    ? await sendAttempt({ ...request, url: target.url.href }, config.timeoutMs)
    : {
        status: null,
        errorMessage: target.retryable ? target.reason : `destination refused: ${target.reason}`,
        retryAfter: null,
        excerpt: null,
        durationMs: 0,
      };
  const finishedAt = startedAt + sent.durationMs;
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
  const log: AttemptLog = {
    deliveryRowId: id,
    attempt,
    startedAt,
    durationMs: sent.durationMs,
    responseStatus: sent.status,
    responseExcerpt: sent.excerpt,
    error,
    status: final,
    nextAttemptAt: delay === null ? finishedAt : finishedAt + delay * 1000,
  };
  const statements = afterAttempt(db, ctx, outcome, finishedAt);
  const step: QueueStep =
    final === "pending" && delay !== null ? { next: "again", inSeconds: delay } : { next: "done" };
  return { deliveryRowId: id, log, statements, step, succeeded: outcome.kind === "success", finishedAt };
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
    switch (target.kind) {
      case "webhook":
        return await webhookRequest(ctx, target.endpoint, keyring.keys, nowMs);
      case "websub":
        return await websubRequest(db, target.subscription, keyring.keys, nowMs);
      case "activitypub":
        return target.inbox && (await activityPubRequest(ctx, target.inbox, keyring.keys, nowMs));
    }
  } catch (error) {
    if (!(error instanceof SecretKeyError)) throw error;
    const url =
      target.kind === "webhook"
        ? target.endpoint.url
        : target.kind === "websub"
          ? target.subscription.callbackUrl
          : (target.inbox?.url ?? "");
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
  switch (target.kind) {
    case "webhook":
      return webhookAfterAttempt(db, target.endpoint, outcome, nowMs);
    case "websub":
      return websubAfterAttempt(db, target.subscription, outcome, nowMs);
    case "activitypub":
      return target.inbox ? activityPubAfterAttempt(db, target.inbox, outcome) : [];
  }
}

function describeFailure(outcome: DeliveryOutcome, sent: AttemptOutcome): string {
  const reason = "reason" in outcome ? outcome.reason : "failed";
  return sent.status === null ? (sent.errorMessage ?? reason) : `HTTP ${sent.status}: ${reason}`;
}
