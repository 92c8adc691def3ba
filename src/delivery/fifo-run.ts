import { recordAttemptsStatements, unclaimDeliveriesStatement } from "../db/deliveries";
import type { DeliveryContext, DeliveryTarget } from "../db/delivery-context";
import {
  type ClaimedHead,
  claimHeadStatement,
  findHeadStatement,
  type HeadRow,
  toClaimedHeads,
} from "../db/delivery-sequence";
import { claimProbe, releaseProbeStatement } from "../db/endpoint-circuit";
import { CLOSED_CIRCUIT, circuitAdmission } from "../domain/circuit-breaker";
import { type AttemptResult, attemptOnce, DUE_WITHIN_MS, LEASE_MS } from "./attempt";
import { circuitStatement, holdForCooldown } from "./circuit-writes";
import type { DeliveryConfig } from "./delivery-config";
import type { ProbeClaim } from "./endpoint-gates";
import type { QueueStep } from "./queue-step";
import { rateSlotsOf } from "./slot-claims";

/** A run hands over to a fresh queue message after this many deliveries or this long. */
export const RUN_MAX_DELIVERIES = 1000;
export const RUN_BUDGET_MS = 20_000;
/**
 * Deliveries a run claims at once from the head: their attempts still go one at a time, in order, but the
 * log writes of a group and the claim of the next share one D1 round trip. A probe, and an endpoint with a
 * rate limit (whose every attempt waits for its slot), claim one at a time.
 */
export const FIFO_CLAIM_AHEAD = 50;
/** A held head waits this long at most for its rate slot; beyond, it is handed back unattempted. */
const FIFO_SLOT_HORIZON_MS = 10_000;

type WebhookTarget = Extract<DeliveryTarget, { kind: "webhook" }>;

/**
 * One run of a FIFO endpoint: takes its head (and the deliveries right behind it), attempts them one at a
 * time in event order, and while they succeed goes on with the next, within RUN_MAX_DELIVERIES and
 * RUN_BUDGET_MS. A group's log writes go to D1 in the same batch as the claim of the next group. A failed
 * head ends the run (its retry brings it back) and hands back the claims behind it unattempted; a
 * dead-lettered one releases the next. Returns the queue steps of the deliveries to look at again: the
 * failed head, or the head a stopped run leaves.
 */
export async function runSequence(
  db: D1Database,
  target: WebhookTarget,
  config: DeliveryConfig,
  nowMs: number,
): Promise<Map<number, QueueStep>> {
  const { endpoint } = target;
  const admission = circuitAdmission(endpoint.circuit ?? CLOSED_CIRCUIT, nowMs);
  if (admission === "wait") return new Map();
  let probe: ProbeClaim | null = null;
  if (admission === "probe") {
    const claim = await claimProbe(db, endpoint.rowId, nowMs, LEASE_MS);
    if (!claim) return new Map();
    probe = { endpointRowId: endpoint.rowId, cooldownMs: claim.cooldownMs };
  }
  const started = Date.now();
  const clock = () => nowMs + (Date.now() - started);
  // Attempts that succeeded and are not written yet (with the probe they were, if the first was one).
  let done: AttemptResult[] = [];
  let doneProbe: ProbeClaim | null = null;
  let claimed: ClaimedHead[] = [];
  let claimedAt = 0;
  const slots =
    endpoint.rateLimitPerSecond === null
      ? null
      : rateSlotsOf(db, endpoint.rowId, endpoint.rateLimitPerSecond, target.rateNextSlotAt);
  const unwritten = () => groupWrites(db, endpoint.rowId, done, doneProbe, config);
  const giveBack = (heads: ClaimedHead[]) =>
    heads.length === 0
      ? []
      : [
          unclaimDeliveriesStatement(
            db,
            heads.map((h) => h.deliveryRowId),
          ),
        ];
  for (let runLength = 0; ; runLength += 1) {
    // A claimed delivery must be attempted well within its lease, or a sweep could take the head meanwhile.
    const leaseRunsOut =
      claimed.length > 0 && clock() - claimedAt > LEASE_MS - config.timeoutMs - LEASE_MARGIN_MS;
    if (runLength >= RUN_MAX_DELIVERIES || Date.now() - started >= RUN_BUDGET_MS || leaseRunsOut) {
      return handOver(db, endpoint.rowId, [...giveBack(claimed), ...unwritten()], {
        next: "again",
        inSeconds: 0,
      });
    }
    if (claimed.length === 0) {
      const limit = probe !== null || slots !== null ? 1 : FIFO_CLAIM_AHEAD;
      claimedAt = clock();
      claimed = await claimHeads(db, endpoint.rowId, unwritten(), claimedAt, probe !== null, limit);
      done = [];
      doneProbe = null;
      if (claimed.length === 0) {
        if (probe) await releaseProbeStatement(db, endpoint.rowId).run();
        return new Map();
      }
    }
    const head = claimed.shift() as ClaimedHead;
    // Taken once the head is ours, so runs that lose the head waste no slot; the lease covers the wait.
    const slotMs = slots ? await slots.claimOne(FIFO_SLOT_HORIZON_MS) : null;
    if (slots && slotMs === null) {
      const back = [...giveBack([head, ...claimed]), ...unwritten()];
      if (probe) back.push(releaseProbeStatement(db, endpoint.rowId));
      return handOver(db, endpoint.rowId, back, { next: "again", inSeconds: 1 });
    }
    const result = await attemptOnce(
      db,
      headContext(head, target, clock()),
      head.attempt,
      config,
      clock(),
      slots && slotMs !== null ? slots.slot(slotMs) : null,
    );
    if (result.succeeded) {
      done.push(result);
      doneProbe ??= probe;
      probe = null;
      continue;
    }
    // The failed head's writes end the batch: afterFailedHead reads the circuit's answer just before the head.
    const writes = [
      ...giveBack(claimed),
      ...unwritten(),
      ...groupWrites(db, endpoint.rowId, [result], probe, config),
    ];
    return afterFailedHead(db, endpoint.rowId, result, writes);
  }
}

/** Time kept in hand between the last attempt a claim allows and the end of its lease. */
const LEASE_MARGIN_MS = 5_000;

/** The log writes of attempts to the endpoint: their rows and states, targets' health, and the circuit. */
function groupWrites(
  db: D1Database,
  endpointRowId: number,
  results: AttemptResult[],
  probe: ProbeClaim | null,
  config: DeliveryConfig,
): D1PreparedStatement[] {
  if (results.length === 0) return [];
  return [
    ...recordAttemptsStatements(
      db,
      results.flatMap((r) => (r.log ? [r.log] : [])),
    ),
    ...results.flatMap((r) => r.statements),
    circuitStatement(db, { endpointRowId, probe, results }, config),
  ];
}

/** Writes what is unwritten and claims the next group in the same batch (one round trip per group). */
async function claimHeads(
  db: D1Database,
  endpointRowId: number,
  unwritten: D1PreparedStatement[],
  nowMs: number,
  probe: boolean,
  limit: number,
): Promise<ClaimedHead[]> {
  const claim = claimHeadStatement(db, endpointRowId, {
    nowMs,
    leaseMs: LEASE_MS,
    dueByMs: nowMs + DUE_WITHIN_MS,
    probe,
    limit,
  });
  const results = await db.batch<HeadRow>([...unwritten, claim]);
  return toClaimedHeads(results.at(-1)?.results ?? []);
}

function headContext(head: ClaimedHead, target: WebhookTarget, nowMs: number): DeliveryContext {
  return {
    deliveryRowId: head.deliveryRowId,
    status: "pending",
    attempts: head.attempt,
    nextAttemptAt: nowMs,
    leaseUntil: nowMs + LEASE_MS,
    eventId: head.eventId,
    payload: head.payload,
    target,
  };
}

/** Writes what is unwritten, then leaves the endpoint's head (if any) to a message `step` says when. */
async function handOver(
  db: D1Database,
  endpointRowId: number,
  unwritten: D1PreparedStatement[],
  step: QueueStep,
): Promise<Map<number, QueueStep>> {
  const results = await db.batch<{ id: number | null }>([...unwritten, findHeadStatement(db, endpointRowId)]);
  const headId = results.at(-1)?.results[0]?.id ?? null;
  return new Map(headId === null ? [] : [[headId, step]]);
}

/**
 * The head failed: its retry brings it back, no earlier than the end of a cool-down if the circuit is
 * open now. A dead-lettered head releases the next one, which goes at once (or after the cool-down).
 */
async function afterFailedHead(
  db: D1Database,
  endpointRowId: number,
  result: AttemptResult,
  writes: D1PreparedStatement[],
): Promise<Map<number, QueueStep>> {
  const results = await db.batch<{ circuit_retry_at?: number | null; id?: number | null }>([
    ...writes,
    findHeadStatement(db, endpointRowId),
  ]);
  const retryAt = results.at(-2)?.results[0]?.circuit_retry_at ?? null;
  const nextHead = results.at(-1)?.results[0]?.id ?? null;
  const steps = new Map<number, QueueStep>();
  if (result.step.next === "again") {
    steps.set(result.deliveryRowId, holdForCooldown(result.step, retryAt, result.finishedAt));
  } else if (nextHead !== null) {
    steps.set(nextHead, holdForCooldown({ next: "again", inSeconds: 0 }, retryAt, result.finishedAt));
  }
  return steps;
}
