/**
 * Pure slot arithmetic of a per-endpoint rate limit (GCRA): attempts start at least one spacing apart, so
 * no window of one second holds more than the limit. The endpoint row keeps only the next free slot.
 */

/**
 * Attempts start this much further apart than the limit strictly needs: an attempt that starts late (timer
 * and CPU contention) or travels faster than the one before it must still leave the receiver counting no
 * more than its limit within a second. Ten per cent is 100 ms of slack in every second.
 */
export const RATE_SPACING_MARGIN = 1.1;
/** A granted slot at most this far ahead is waited for in the same invocation; later ones are re-queued. */
export const RATE_WAIT_HORIZON_MS = 1000;
/**
 * No slot starts sooner than this from now: signing and the destination check finish first, so every
 * attempt starts on its slot rather than late, which would crowd it against the next one.
 */
export const RATE_SLOT_LEAD_MS = 50;

/** Milliseconds between two attempt starts at `ratePerSecond` (fractional: rounding is left to the end). */
export function slotSpacingMs(ratePerSecond: number): number {
  return (1000 / ratePerSecond) * RATE_SPACING_MARGIN;
}

export interface SlotRequest {
  /** The endpoint's next free slot as stored; null before its first limited attempt. */
  nextSlotAtMs: number | null;
  nowMs: number;
  ratePerSecond: number;
  /** How many attempts would go now. */
  wanted: number;
  horizonMs?: number;
}

export interface SlotPlan {
  /** Start times of the attempts that go now, one per granted slot, ascending; at most `wanted`. */
  slotsMs: number[];
  /** What the endpoint row holds next (unchanged when nothing was granted). */
  nextSlotAtMs: number | null;
  /** For each attempt that did not get a slot, in order: when to look again (ms), about when its turn comes. */
  laterMs: number[];
}

/**
 * Hands out slots from max(next free slot, now + lead), one spacing apart, as long as they fall within the
 * horizon; the rest are told when their turn would come, whole seconds ahead (what a queue delay can say).
 */
export function planSlots(request: SlotRequest): SlotPlan {
  const { nowMs, wanted } = request;
  const spacing = slotSpacingMs(request.ratePerSecond);
  const start = Math.max(request.nextSlotAtMs ?? nowMs, nowMs + RATE_SLOT_LEAD_MS);
  const limit = nowMs + (request.horizonMs ?? RATE_WAIT_HORIZON_MS);
  const fitting = start > limit ? 0 : Math.floor((limit - start) / spacing) + 1;
  const granted = Math.max(0, Math.min(wanted, fitting));
  const slotsMs = Array.from({ length: granted }, (_, i) => start + i * spacing);
  const laterMs = Array.from({ length: wanted - granted }, (_, i) => {
    const turn = start + (granted + i) * spacing;
    return nowMs + Math.max(1, Math.floor((turn - nowMs) / 1000)) * 1000;
  });
  return {
    slotsMs,
    nextSlotAtMs: granted > 0 ? Math.ceil(start + granted * spacing) : request.nextSlotAtMs,
    laterMs,
  };
}
