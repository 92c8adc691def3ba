import { unclaimDeliveryStatement } from "../db/deliveries";
import type { DeliveryContext, DeliveryTarget } from "../db/delivery-context";
import {
  type ClaimedHead,
  claimHeadStatement,
  findHeadStatement,
  toClaimedHead,
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
export const RUN_MAX_DELIVERIES = 100;
export const RUN_BUDGET_MS = 20_000;
/** A held head waits this long at most for its rate slot; beyond, it is handed back unattempted. */
const FIFO_SLOT_HORIZON_MS = 10_000;

type WebhookTarget = Extract<DeliveryTarget, { kind: "webhook" }>;
type HeadRow = { id: number; attempts: number; event_public_id: string; payload: string };

/**
 * One run of a FIFO endpoint: takes its head, attempts it, and while that succeeds goes on with the next
 * head, one at a time in event order, within RUN_MAX_DELIVERIES and RUN_BUDGET_MS. Each delivery's log
 * writes go to D1 in the same batch as the claim of the next one. A failed head ends the run (its retry
 * brings it back); a dead-lettered one releases the next. Returns the queue steps of the deliveries to
 * look at again: the failed head, or the head a stopped run leaves.
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
  let unwritten: D1PreparedStatement[] = [];
  const slots =
    endpoint.rateLimitPerSecond === null
      ? null
      : rateSlotsOf(db, endpoint.rowId, endpoint.rateLimitPerSecond, target.rateNextSlotAt);
  for (let runLength = 0; ; runLength += 1) {
    if (runLength >= RUN_MAX_DELIVERIES || Date.now() - started >= RUN_BUDGET_MS) {
      return handOver(db, endpoint.rowId, unwritten, { next: "again", inSeconds: 0 });
    }
    const head = await claimHead(db, endpoint.rowId, unwritten, clock(), probe !== null);
    unwritten = [];
    if (!head) {
      if (probe) await releaseProbeStatement(db, endpoint.rowId).run();
      return new Map();
    }
    // Taken once the head is ours, so runs that lose the head waste no slot; the lease covers the wait.
    const slotMs = slots ? await slots.claimOne(FIFO_SLOT_HORIZON_MS) : null;
    if (slots && slotMs === null) {
      const giveBack = [unclaimDeliveryStatement(db, head.deliveryRowId)];
      if (probe) giveBack.push(releaseProbeStatement(db, endpoint.rowId));
      return handOver(db, endpoint.rowId, giveBack, { next: "again", inSeconds: 1 });
    }
    const result = await attemptOnce(
      db,
      headContext(head, target, clock()),
      head.attempt,
      config,
      clock(),
      slots && slotMs !== null ? slots.slot(slotMs) : null,
    );
    const circuit = circuitStatement(db, { endpointRowId: endpoint.rowId, probe, results: [result] }, config);
    probe = null;
    if (result.succeeded) {
      unwritten = [...result.statements, circuit];
      continue;
    }
    return afterFailedHead(db, endpoint.rowId, result, [...result.statements, circuit]);
  }
}

/** Writes what is unwritten and takes the head in the same batch (one round trip per delivery). */
async function claimHead(
  db: D1Database,
  endpointRowId: number,
  unwritten: D1PreparedStatement[],
  nowMs: number,
  probe: boolean,
): Promise<ClaimedHead | null> {
  const claim = claimHeadStatement(db, endpointRowId, {
    nowMs,
    leaseMs: LEASE_MS,
    dueByMs: nowMs + DUE_WITHIN_MS,
    probe,
  });
  const results = await db.batch<HeadRow>([...unwritten, claim]);
  return toClaimedHead(results.at(-1)?.results[0]);
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
