import { acceptActivity } from "../activitypub/accept-activity";
import { actorUrls } from "../activitypub/actor-urls";
import { ACTIVITY_JSON } from "../activitypub/vocabulary";
import { type AcceptJob, claimAccept, findAcceptJob, finishAcceptStatement } from "../db/activitypub-accepts";
import { removeFollowersStatements } from "../db/activitypub-followers";
import { signOutgoing } from "../domain/http-signature";
import { SecretKeyError } from "../domain/secret-box";
import { checkCallbackUrl } from "../outbound/ssrf-guard";
import { openActorKey } from "../services/activitypub-keys";
import { readSecretKeyring } from "../services/secret-keys";
import { DUE_WITHIN_MS, LEASE_MS } from "./attempt";
import type { DeliveryConfig } from "./delivery-config";
import type { QueueStep } from "./queue-step";
import { classifyResponse, nextAttemptDelaySeconds } from "./retry-policy";
import { type AttemptOutcome, sendAttempt } from "./send-attempt";

/**
 * Sends one follower's Accept, as a delivery is sent: claimed with a lease (a duplicate message sends nothing),
 * the inbox checked by the SSRF guard right before, signed with the feed's key, retried on the delivery schedule
 * and given up after the last attempt (`dead`). A `410 Gone` removes the follower. The inbox POST that stored the
 * follower never waits for any of it.
 */
export async function sendAccept(
  db: D1Database,
  followerRowId: number,
  config: DeliveryConfig,
  nowMs = Date.now(),
): Promise<QueueStep> {
  const job = await findAcceptJob(db, followerRowId);
  if (job?.status !== "pending") return { next: "done" };
  // Another attempt holds it (a duplicate message): that attempt settles it.
  if (job.leaseUntil !== null && job.leaseUntil >= nowMs) return { next: "done" };
  if (job.nextAttemptAt > nowMs + DUE_WITHIN_MS) {
    return { next: "again", inSeconds: Math.ceil((job.nextAttemptAt - nowMs) / 1000) };
  }
  const attempt = await claimAccept(db, followerRowId, nowMs, LEASE_MS);
  if (attempt === null) return { next: "done" };
  const sent = await attemptAccept(job, config, nowMs);
  const finishedAt = nowMs + sent.durationMs;
  const outcome = classifyResponse({
    status: sent.status,
    error: sent.error,
    retryAfterHeader: sent.retryAfter,
    nowMs: finishedAt,
  });
  const delay = nextAttemptDelaySeconds(attempt, outcome, Math.random, config.retryScheduleSeconds);
  const status = outcome.kind === "success" ? "sent" : delay === null ? "dead" : "pending";
  const error =
    outcome.kind === "success"
      ? null
      : (sent.errorMessage ?? `HTTP ${sent.status}: ${"reason" in outcome ? outcome.reason : ""}`);
  const gone =
    outcome.kind === "disable"
      ? removeFollowersStatements(db, {
          actorId: job.actorId,
          feedRowId: job.feedRowId,
          followActivityId: null,
        })
      : [];
  await db.batch([
    finishAcceptStatement(db, followerRowId, {
      status,
      nextAttemptAt: finishedAt + (delay ?? 0) * 1000,
      error,
      nowMs: finishedAt,
    }),
    ...gone,
  ]);
  return status === "pending" && delay !== null ? { next: "again", inSeconds: delay } : { next: "done" };
}

type AcceptAttempt = Omit<AttemptOutcome, "error"> & { error?: "timeout" | "network" | "blocked" };

/** One POST of the Accept, or why none was made (a refused inbox, a lookup that failed, a key that did not open). */
async function attemptAccept(job: AcceptJob, config: DeliveryConfig, nowMs: number): Promise<AcceptAttempt> {
  const notSent = (error: "network" | "blocked", message: string): AcceptAttempt => ({
    status: null,
    error,
    errorMessage: message,
    retryAfter: null,
    excerpt: null,
    durationMs: 0,
  });
  const target = await checkCallbackUrl(job.inboxUrl, config);
  if (!target.ok) {
    return target.retryable
      ? notSent("network", target.reason)
      : notSent("blocked", `destination refused: ${target.reason}`);
  }
  let privateKey: CryptoKey;
  try {
    if (job.sealedPrivateKey === null) throw new SecretKeyError(`Feed ${job.feedSlug} has no actor key.`);
    privateKey = await openActorKey(
      (await readSecretKeyring(config.secretKeys)).keys,
      job.sealedPrivateKey,
      nowMs,
    );
  } catch (error) {
    if (!(error instanceof SecretKeyError)) throw error;
    // Ferry's fault, not the follower's: retried like a failed lookup.
    return notSent("network", `cannot sign: ${error.message}`);
  }
  const body = JSON.stringify(
    acceptActivity(job.origin, job.feedSlug, {
      followerRowId: job.followerRowId,
      followActivityId: job.followActivityId,
      followerActorId: job.actorId,
    }),
  );
  const signed = await signOutgoing({
    keyId: actorUrls(job.origin, job.feedSlug).keyId,
    privateKey,
    method: "POST",
    url: target.url,
    body,
    nowMs,
  });
  return sendAttempt(
    { url: target.url.href, headers: { "content-type": ACTIVITY_JSON, ...signed }, body },
    config.timeoutMs,
  );
}
