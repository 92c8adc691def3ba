import {
  cancelDeliveryStatement,
  deferDeliveriesStatement,
  listPendingDeliveryIds,
  recordAttemptsStatements,
} from "../db/deliveries";
import {
  claimDeliveries,
  type DeliveryContext,
  type DeliveryTarget,
  loadDeliveryContexts,
} from "../db/delivery-context";
import { releaseProbeStatement } from "../db/endpoint-circuit";
import { activityPubReadiness } from "./activitypub-target";
import { type AttemptResult, attemptOnce, DUE_WITHIN_MS, LEASE_MS } from "./attempt";
import { circuitStatement, type EndpointAttempts, holdForCooldown } from "./circuit-writes";
import type { DeliveryConfig } from "./delivery-config";
import { type GatedDelivery, gateDeliveries } from "./endpoint-gates";
import { runSequence } from "./fifo-run";
import type { QueueStep } from "./queue-step";
import { webhookReadiness } from "./webhook-target";
import { websubReadiness } from "./websub-target";

/** Deliveries queued again at once when a probe closes a circuit; any beyond this go with the cron sweep. */
const WAKE_LIMIT = 1000;

type WebhookTarget = Extract<DeliveryTarget, { kind: "webhook" }>;

/**
 * Runs at most one attempt of each delivery in a batch (webhook or WebSub) and records them. For unordered
 * endpoints D1 is touched a fixed number of times per batch, not per delivery: one load, one claim, one
 * batch of log writes (plus one slot claim per rate-limited endpoint and one probe claim per half-open
 * circuit); the HTTP requests go out concurrently. A FIFO endpoint's deliveries go in a run of their own.
 * Returns the queue step of every delivery asked about, and of any other this batch wants looked at again
 * (a FIFO head, the deliveries a closed circuit releases).
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
  const sequences = new Map<number, WebhookTarget>();
  for (const ctx of contexts) {
    if (ctx.status !== "pending") continue;
    const readiness = readinessOf(ctx, nowMs);
    // A paused or disabled endpoint keeps its deliveries pending ("hold"); resuming it re-queues them.
    if (readiness === "cancel") cancelled.push(cancelDeliveryStatement(db, ctx.deliveryRowId, nowMs));
    else if (readiness === "hold") continue;
    // Another attempt holds it (a duplicate message): that attempt settles it, and spends no rate slot here.
    else if (ctx.leaseUntil !== null && ctx.leaseUntil >= nowMs) continue;
    else if (ctx.nextAttemptAt > nowMs + DUE_WITHIN_MS) {
      steps.set(ctx.deliveryRowId, {
        next: "again",
        inSeconds: Math.ceil((ctx.nextAttemptAt - nowMs) / 1000),
      });
    } else if (ctx.target.kind === "webhook" && ctx.target.endpoint.ordering === "fifo") {
      // Whichever of its deliveries a message names, a FIFO endpoint's run starts from its head.
      sequences.set(ctx.target.endpoint.rowId, ctx.target);
    } else ready.push(ctx);
  }
  const decided = await Promise.all([
    attemptBatch(db, ready, cancelled, config, nowMs),
    ...[...sequences.values()].map((target) => runSequence(db, target, config, nowMs)),
  ]);
  for (const more of decided) for (const [id, step] of more) steps.set(id, step);
  return steps;
}

/** Ready deliveries of unordered endpoints and WebSub: gates, one claim, attempts, one batch of writes. */
async function attemptBatch(
  db: D1Database,
  ready: DeliveryContext[],
  cancelled: D1PreparedStatement[],
  config: DeliveryConfig,
  nowMs: number,
): Promise<Map<number, QueueStep>> {
  const gates = await gateDeliveries(db, ready, nowMs);
  const claimed = await claimDeliveries(
    db,
    gates.go.map((g) => g.ctx.deliveryRowId),
    nowMs,
    LEASE_MS,
  );
  const going = gates.go.filter((g) => claimed.has(g.ctx.deliveryRowId));
  const results = await Promise.all(
    going.map((g) => {
      const attempt = claimed.get(g.ctx.deliveryRowId) as number;
      return attemptOnce(db, g.ctx, attempt, config, nowMs, g.slot);
    }),
  );
  const attempted = attemptsByEndpoint(going, results);
  const circuits = attempted.map((a) => circuitStatement(db, a, config));
  const unusedProbes = [
    ...gates.unusedProbes,
    ...gates.go.flatMap((g) => (g.probe && !claimed.has(g.ctx.deliveryRowId) ? [g.probe.endpointRowId] : [])),
  ];
  const later = gates.later.map(({ ctx, atMs }): [number, number] => [ctx.deliveryRowId, atMs]);
  const statements = [
    ...cancelled,
    ...(later.length > 0 ? [deferDeliveriesStatement(db, later)] : []),
    ...unusedProbes.map((endpointRowId) => releaseProbeStatement(db, endpointRowId)),
    ...recordAttemptsStatements(
      db,
      results.flatMap((r) => (r.log ? [r.log] : [])),
    ),
    ...results.flatMap((r) => r.statements),
    ...circuits,
  ];
  const written =
    statements.length > 0 ? await db.batch<{ circuit_retry_at: number | null }>(statements) : [];
  const retryAts = written.slice(written.length - circuits.length).map((r) => r.results[0]?.circuit_retry_at);
  const steps = new Map<number, QueueStep>();
  for (const { ctx, inSeconds } of gates.later) steps.set(ctx.deliveryRowId, { next: "again", inSeconds });
  attempted.forEach((a, i) => {
    for (const r of a.results)
      steps.set(r.deliveryRowId, holdForCooldown(r.step, retryAts[i] ?? null, r.finishedAt));
  });
  for (const result of results)
    if (!steps.has(result.deliveryRowId)) steps.set(result.deliveryRowId, result.step);
  await wakeClosedCircuits(db, attempted, steps);
  return steps;
}

/** The webhook attempts of a batch, grouped by endpoint for the circuit breaker. */
function attemptsByEndpoint(going: GatedDelivery[], results: AttemptResult[]): EndpointAttempts[] {
  const byEndpoint = new Map<number, EndpointAttempts>();
  going.forEach((g, i) => {
    const result = results[i] as AttemptResult;
    if (g.ctx.target.kind !== "webhook") return;
    const endpointRowId = g.ctx.target.endpoint.rowId;
    const group = byEndpoint.get(endpointRowId) ?? { endpointRowId, probe: g.probe, results: [] };
    group.results.push(result);
    byEndpoint.set(endpointRowId, group);
  });
  return [...byEndpoint.values()];
}

/** A successful probe closed its circuit: what waited behind it is queued again now. */
async function wakeClosedCircuits(
  db: D1Database,
  attempted: EndpointAttempts[],
  steps: Map<number, QueueStep>,
) {
  const closed = attempted.filter((a) => a.probe !== null && a.results.some((r) => r.succeeded));
  const waiting = await Promise.all(
    closed.map((a) => listPendingDeliveryIds(db, a.endpointRowId, WAKE_LIMIT)),
  );
  for (const id of waiting.flat())
    if (steps.get(id)?.next !== "again") steps.set(id, { next: "again", inSeconds: 0 });
}

function readinessOf(ctx: DeliveryContext, nowMs: number): "ready" | "hold" | "cancel" {
  const { target } = ctx;
  switch (target.kind) {
    case "webhook":
      return webhookReadiness(target.endpoint, target.deleted);
    case "websub":
      return websubReadiness(target.subscription, nowMs);
    case "activitypub":
      return activityPubReadiness(target.inbox);
  }
}
