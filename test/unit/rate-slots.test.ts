import { describe, expect, it } from "vitest";
import {
  planSlots,
  RATE_SLOT_LEAD_MS,
  RATE_SPACING_MARGIN,
  slotSpacingMs,
} from "../../src/delivery/rate-slots";

const NOW_MS = Date.parse("2026-03-01T12:00:00Z");

/** The most slots any window of one second holds. */
function busiestSecond(slots: number[]): number {
  return Math.max(0, ...slots.map((start) => slots.filter((s) => s >= start && s < start + 1000).length));
}

describe("slot spacing", () => {
  it("spaces attempts a little more than 1/rate apart", () => {
    expect(slotSpacingMs(5)).toBeCloseTo(200 * RATE_SPACING_MARGIN);
    expect(slotSpacingMs(1000)).toBeCloseTo(RATE_SPACING_MARGIN);
    expect(slotSpacingMs(1)).toBeGreaterThan(1000);
  });
});

describe("planSlots", () => {
  it("grants what fits within the horizon, one spacing apart from just after now, and puts the rest off", () => {
    const plan = planSlots({ nextSlotAtMs: null, nowMs: NOW_MS, ratePerSecond: 5, wanted: 8 });
    const first = NOW_MS + RATE_SLOT_LEAD_MS;
    expect(plan.slotsMs).toHaveLength(Math.floor((1000 - RATE_SLOT_LEAD_MS) / slotSpacingMs(5)) + 1);
    expect(plan.slotsMs[0]).toBe(first);
    for (const [i, slot] of plan.slotsMs.entries()) expect(slot).toBeCloseTo(first + i * slotSpacingMs(5));
    expect(plan.slotsMs.at(-1)).toBeLessThanOrEqual(NOW_MS + 1000);
    expect(plan.nextSlotAtMs).toBe(Math.ceil(first + plan.slotsMs.length * slotSpacingMs(5)));
    expect(plan.laterMs).toHaveLength(8 - plan.slotsMs.length);
  });

  it("starts from the stored next slot when it is ahead of now", () => {
    const plan = planSlots({ nextSlotAtMs: NOW_MS + 850, nowMs: NOW_MS, ratePerSecond: 5, wanted: 5 });
    expect(plan.slotsMs).toEqual([NOW_MS + 850]);
    expect(plan.nextSlotAtMs).toBe(Math.ceil(NOW_MS + 850 + slotSpacingMs(5)));
    expect(plan.laterMs).toHaveLength(4);
  });

  it("ignores a stored slot in the past: an idle endpoint does not bank a burst", () => {
    const plan = planSlots({ nextSlotAtMs: NOW_MS - 60_000, nowMs: NOW_MS, ratePerSecond: 2, wanted: 10 });
    expect(plan.slotsMs[0]).toBe(NOW_MS + RATE_SLOT_LEAD_MS);
    expect(busiestSecond(plan.slotsMs)).toBeLessThanOrEqual(2);
  });

  it("grants nothing when the next slot is beyond the horizon, and leaves the row as it was", () => {
    const plan = planSlots({ nextSlotAtMs: NOW_MS + 5000, nowMs: NOW_MS, ratePerSecond: 1, wanted: 2 });
    expect(plan.slotsMs).toEqual([]);
    expect(plan.nextSlotAtMs).toBe(NOW_MS + 5000);
    expect(plan.laterMs).toEqual([NOW_MS + 5000, NOW_MS + 6000]);
  });

  it("tells each put-off attempt to come back in whole seconds, before its turn and never at once", () => {
    const plan = planSlots({ nextSlotAtMs: null, nowMs: NOW_MS, ratePerSecond: 2, wanted: 6 });
    const granted = plan.slotsMs.length;
    expect(granted + plan.laterMs.length).toBe(6);
    const turns = plan.laterMs.map((_, i) => NOW_MS + (granted + i) * slotSpacingMs(2));
    plan.laterMs.forEach((at, i) => {
      expect((at - NOW_MS) % 1000).toBe(0);
      expect(at).toBeGreaterThanOrEqual(NOW_MS + 1000);
      expect(at).toBeLessThanOrEqual(Math.max(NOW_MS + 1000, turns[i] as number));
    });
  });

  it("never puts more than the rate in any second across successive claims", () => {
    for (const rate of [1, 3, 5, 7, 50, 1000]) {
      const slots: number[] = [];
      let next: number | null = null;
      for (let nowMs = NOW_MS; nowMs < NOW_MS + 5000; nowMs += 137) {
        const plan = planSlots({ nextSlotAtMs: next, nowMs, ratePerSecond: rate, wanted: 40 });
        slots.push(...plan.slotsMs);
        next = plan.nextSlotAtMs;
      }
      expect(busiestSecond(slots), `rate ${rate}`).toBeLessThanOrEqual(rate);
      expect(slots.length, `rate ${rate}`).toBeGreaterThan(0);
    }
  });
});
