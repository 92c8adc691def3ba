import { swapNextSlot } from "../db/rate-slots";
import {
  planSlots,
  RATE_WAIT_HORIZON_MS,
  type SlotPlan,
  type SlotRequest,
  slotSpacingMs,
} from "./rate-slots";

/** Concurrent claimants rarely collide more than once; past this many tries the attempts wait a second. */
const MAX_SWAPS = 4;
const CONTENDED_RETRY_MS = 1000;
/**
 * An attempt whose wait for its slot ends later than this (a busy isolate runs timers late) takes a fresh
 * slot instead of going at once: late, it would crowd the attempts on the slots after it.
 */
export const RATE_LATE_TOLERANCE_MS = 20;
const MAX_RETAKES = 3;

/**
 * Claims rate-limit slots for `wanted` attempts to one endpoint: plans from the next free slot the caller
 * last saw, then swaps it in D1 only if no concurrent consumer moved it meanwhile, re-planning from the
 * value it finds otherwise. So slots handed out anywhere never overlap.
 */
export async function claimRateSlots(
  db: D1Database,
  endpointRowId: number,
  request: SlotRequest,
): Promise<SlotPlan> {
  let expected = request.nextSlotAtMs;
  for (let tries = 0; tries < MAX_SWAPS; tries += 1) {
    const plan = planSlots({ ...request, nextSlotAtMs: expected });
    if (plan.slotsMs.length === 0 || plan.nextSlotAtMs === null) return plan;
    const { swapped, current } = await swapNextSlot(db, endpointRowId, expected, plan.nextSlotAtMs);
    if (swapped) return plan;
    expected = current;
  }
  return {
    slotsMs: [],
    nextSlotAtMs: expected,
    laterMs: Array.from({ length: request.wanted }, () => request.nowMs + CONTENDED_RETRY_MS),
  };
}

/** When one attempt may start, and how to get a fresh slot if it could not start on time. */
export interface RateSlot {
  atMs: number;
  retake: () => Promise<number | null>;
}

/**
 * Slot claims for one rate-limited endpoint within one invocation, planned from the next free slot it last
 * saw. Slots are wall-clock times (they are waited for with timers), whatever clock the caller decides by.
 */
export function rateSlotsOf(
  db: D1Database,
  endpointRowId: number,
  ratePerSecond: number,
  seen: number | null,
) {
  let nextSlotAtMs = seen;
  const claim = async (wanted: number, horizonMs = RATE_WAIT_HORIZON_MS): Promise<SlotPlan> => {
    const request = { nextSlotAtMs, nowMs: Date.now(), ratePerSecond, wanted, horizonMs };
    const plan = await claimRateSlots(db, endpointRowId, request);
    nextSlotAtMs = plan.nextSlotAtMs;
    return plan;
  };
  // One slot at a time: waiting a whole spacing beyond the horizon is always worth it.
  const claimOne = async (horizonMs = RATE_WAIT_HORIZON_MS + slotSpacingMs(ratePerSecond)) =>
    (await claim(1, horizonMs)).slotsMs[0] ?? null;
  const slot = (atMs: number): RateSlot => ({ atMs, retake: () => claimOne() });
  return { claim, claimOne, slot };
}

/**
 * Resolves when the attempt may start: at its slot by the wall clock, or, when the wait ended late, at a
 * fresh slot (a few times at most; then it goes, as it would without a limit).
 */
export async function waitForSlot(slot: RateSlot): Promise<void> {
  let atMs = slot.atMs;
  for (let retakes = 0; ; retakes += 1) {
    const waitMs = atMs - Date.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    if (Date.now() - atMs <= RATE_LATE_TOLERANCE_MS || retakes === MAX_RETAKES) return;
    const fresh = await slot.retake();
    if (fresh === null) return;
    atMs = fresh;
  }
}
