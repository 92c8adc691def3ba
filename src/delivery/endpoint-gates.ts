import type { DeliveryContext } from "../db/delivery-context";
import { claimProbe } from "../db/endpoint-circuit";
import { CLOSED_CIRCUIT, circuitAdmission } from "../domain/circuit-breaker";
import { LEASE_MS } from "./attempt";
import { type RateSlot, rateSlotsOf } from "./slot-claims";

/** A probe of a half-open circuit this batch won: what a failed probe doubles. */
export interface ProbeClaim {
  endpointRowId: number;
  cooldownMs: number | null;
}

/** A delivery the gates let through: its rate-limit slot (null: at once), and the probe it is, if one. */
export interface GatedDelivery {
  ctx: DeliveryContext;
  slot: RateSlot | null;
  probe: ProbeClaim | null;
}

/** A rate-limited delivery put off without an attempt: when to look at it again. */
export interface PutOff {
  ctx: DeliveryContext;
  atMs: number;
  inSeconds: number;
}

export interface GatePlan {
  go: GatedDelivery[];
  later: PutOff[];
  /** Endpoints whose probe claim went unused (its delivery got no rate slot): give it back. */
  unusedProbes: number[];
}

const NOTHING: GatePlan = { go: [], later: [], unusedProbes: [] };

/**
 * Who may be attempted now among ready deliveries of unordered endpoints: `go`, with their rate slots;
 * `later`, those a rate limit puts off, with about when their turn comes; anything else waits behind an
 * open circuit or its probe in flight and is left alone (its message is acked: the probe wakes it).
 * Costs D1 round trips only for a half-open circuit (the probe claim) or a rate limit (the slot claim).
 */
export async function gateDeliveries(
  db: D1Database,
  ready: DeliveryContext[],
  nowMs: number,
): Promise<GatePlan> {
  const open: GatedDelivery[] = [];
  const byEndpoint = new Map<number, DeliveryContext[]>();
  for (const ctx of ready) {
    if (ctx.target.kind !== "webhook") {
      open.push({ ctx, slot: null, probe: null });
      continue;
    }
    const group = byEndpoint.get(ctx.target.endpoint.rowId) ?? [];
    group.push(ctx);
    byEndpoint.set(ctx.target.endpoint.rowId, group);
  }
  const gated = await Promise.all([...byEndpoint.values()].map((group) => gateEndpoint(db, group, nowMs)));
  return {
    go: [...open, ...gated.flatMap((g) => g.go)],
    later: gated.flatMap((g) => g.later),
    unusedProbes: gated.flatMap((g) => g.unusedProbes),
  };
}

/** One endpoint's ready deliveries through its circuit breaker, then its rate limit. */
async function gateEndpoint(db: D1Database, group: DeliveryContext[], nowMs: number): Promise<GatePlan> {
  const first = group[0] as DeliveryContext;
  if (first.target.kind !== "webhook") return NOTHING;
  const { endpoint, rateNextSlotAt } = first.target;
  const admission = circuitAdmission(endpoint.circuit ?? CLOSED_CIRCUIT, nowMs);
  if (admission === "wait") return NOTHING;
  let probe: ProbeClaim | null = null;
  let candidates = group;
  if (admission === "probe") {
    const claim = await claimProbe(db, endpoint.rowId, nowMs, LEASE_MS);
    if (!claim) return NOTHING;
    probe = { endpointRowId: endpoint.rowId, cooldownMs: claim.cooldownMs };
    candidates = [first];
  }
  if (endpoint.rateLimitPerSecond === null) {
    return { go: candidates.map((ctx) => ({ ctx, slot: null, probe })), later: [], unusedProbes: [] };
  }
  const slots = rateSlotsOf(db, endpoint.rowId, endpoint.rateLimitPerSecond, rateNextSlotAt);
  const wallMs = Date.now();
  const plan = await slots.claim(candidates.length);
  const granted = plan.slotsMs.length;
  return {
    go: candidates
      .slice(0, granted)
      .map((ctx, i) => ({ ctx, slot: slots.slot(plan.slotsMs[i] as number), probe })),
    later: candidates.slice(granted).map((ctx, i) => {
      const atMs = plan.laterMs[i] ?? wallMs + 1000;
      return { ctx, atMs, inSeconds: Math.max(1, Math.ceil((atMs - wallMs) / 1000)) };
    }),
    unusedProbes: probe && granted === 0 ? [endpoint.rowId] : [],
  };
}
