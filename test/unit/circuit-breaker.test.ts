import { describe, expect, it } from "vitest";
import { holdForCooldown } from "../../src/delivery/circuit-writes";
import {
  CIRCUIT_FIRST_COOLDOWN_MS,
  CIRCUIT_MAX_COOLDOWN_MS,
  type CircuitRecord,
  CLOSED_CIRCUIT,
  circuitAdmission,
  circuitStateOf,
  circuitView,
  nextCooldownMs,
  tallyAttempts,
} from "../../src/domain/circuit-breaker";

const NOW_MS = Date.parse("2026-03-01T12:00:00Z");
const OPEN: CircuitRecord = {
  consecutiveFailures: 5,
  openedAt: NOW_MS - 10_000,
  retryAt: NOW_MS + 50_000,
  cooldownMs: 60_000,
  probeUntil: null,
};

describe("circuit state", () => {
  it("is closed until it opens, open until the cool-down ends, half open from then", () => {
    expect(circuitStateOf(CLOSED_CIRCUIT, NOW_MS)).toBe("closed");
    expect(circuitStateOf({ ...CLOSED_CIRCUIT, consecutiveFailures: 4 }, NOW_MS)).toBe("closed");
    expect(circuitStateOf(OPEN, NOW_MS)).toBe("open");
    expect(circuitStateOf(OPEN, NOW_MS + 49_999)).toBe("open");
    expect(circuitStateOf(OPEN, NOW_MS + 50_000)).toBe("half_open");
  });

  it("sends while closed, waits while open, and lets one probe go once the cool-down is over", () => {
    expect(circuitAdmission(CLOSED_CIRCUIT, NOW_MS)).toBe("send");
    expect(circuitAdmission(OPEN, NOW_MS)).toBe("wait");
    expect(circuitAdmission(OPEN, NOW_MS + 50_000)).toBe("probe");
  });

  it("waits while a probe is in flight, and lets another go once that probe's lease has lapsed", () => {
    const probing = { ...OPEN, probeUntil: NOW_MS + 110_000 };
    expect(circuitAdmission(probing, NOW_MS + 60_000)).toBe("wait");
    expect(circuitAdmission(probing, NOW_MS + 110_000)).toBe("wait");
    expect(circuitAdmission(probing, NOW_MS + 110_001)).toBe("probe");
  });

  it("shows its state, failure count and times in the endpoint's health", () => {
    expect(circuitView(CLOSED_CIRCUIT, NOW_MS)).toEqual({
      state: "closed",
      consecutive_failures: 0,
      opened_at: null,
      retry_at: null,
    });
    expect(circuitView(OPEN, NOW_MS)).toEqual({
      state: "open",
      consecutive_failures: 5,
      opened_at: "2026-03-01T11:59:50Z",
      retry_at: "2026-03-01T12:00:50Z",
    });
  });
});

describe("cool-down", () => {
  it("starts at the first cool-down and doubles with each failed probe", () => {
    expect(nextCooldownMs(null, CIRCUIT_FIRST_COOLDOWN_MS)).toBe(60_000);
    expect(nextCooldownMs(60_000, CIRCUIT_FIRST_COOLDOWN_MS)).toBe(120_000);
    expect(nextCooldownMs(120_000, CIRCUIT_FIRST_COOLDOWN_MS)).toBe(240_000);
  });

  it("never exceeds an hour", () => {
    expect(nextCooldownMs(1_920_000, CIRCUIT_FIRST_COOLDOWN_MS)).toBe(CIRCUIT_MAX_COOLDOWN_MS);
    expect(nextCooldownMs(CIRCUIT_MAX_COOLDOWN_MS, CIRCUIT_FIRST_COOLDOWN_MS)).toBe(CIRCUIT_MAX_COOLDOWN_MS);
  });

  it("follows a shorter configured first cool-down", () => {
    expect(nextCooldownMs(null, 1000)).toBe(1000);
    expect(nextCooldownMs(1000, 1000)).toBe(2000);
  });
});

describe("tallying a batch's attempts", () => {
  it("counts every failure when none succeeded", () => {
    expect(tallyAttempts([false, false, false])).toEqual({ succeeded: false, failures: 3 });
  });

  it("restarts the count at the last success", () => {
    expect(tallyAttempts([false, false, true, false])).toEqual({ succeeded: true, failures: 1 });
    expect(tallyAttempts([false, true])).toEqual({ succeeded: true, failures: 0 });
  });

  it("changes nothing for no attempts", () => {
    expect(tallyAttempts([])).toEqual({ succeeded: false, failures: 0 });
  });
});

describe("holding a failed delivery for the cool-down", () => {
  it("brings it back when the cool-down ends, if that is later than its retry", () => {
    expect(holdForCooldown({ next: "again", inSeconds: 1 }, NOW_MS + 60_000, NOW_MS)).toEqual({
      next: "again",
      inSeconds: 60,
    });
    expect(holdForCooldown({ next: "again", inSeconds: 300 }, NOW_MS + 60_000, NOW_MS)).toEqual({
      next: "again",
      inSeconds: 300,
    });
  });

  it("leaves it alone while the circuit is closed, and a finished delivery finished", () => {
    expect(holdForCooldown({ next: "again", inSeconds: 1 }, null, NOW_MS)).toEqual({
      next: "again",
      inSeconds: 1,
    });
    expect(holdForCooldown({ next: "done" }, NOW_MS + 60_000, NOW_MS)).toEqual({ next: "done" });
  });
});
