import { formatRfc3339 } from "./rfc3339";

/**
 * Pure decisions of a webhook endpoint's circuit breaker: when it opens, how long it stays open, and what
 * may be sent meanwhile. While open, deliveries wait without spending their retry budget; when the
 * cool-down ends, one probe attempt decides whether it closes or opens again for twice as long.
 */

/** Consecutive failed attempts (anything but a 2xx) that open the circuit. */
export const CIRCUIT_FAILURE_THRESHOLD = 5;
/** The first cool-down; each failed probe doubles it, up to CIRCUIT_MAX_COOLDOWN_MS. */
export const CIRCUIT_FIRST_COOLDOWN_MS = 60_000;
export const CIRCUIT_MAX_COOLDOWN_MS = 3_600_000;

export const CIRCUIT_STATES = ["closed", "open", "half_open"] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

/** The breaker as stored on the endpoint row. */
export interface CircuitRecord {
  consecutiveFailures: number;
  /** null while closed. */
  openedAt: number | null;
  /** When the cool-down ends and a probe may go; null while closed. */
  retryAt: number | null;
  cooldownMs: number | null;
  /** A probe in flight holds the endpoint until then. */
  probeUntil: number | null;
}

export const CLOSED_CIRCUIT: CircuitRecord = {
  consecutiveFailures: 0,
  openedAt: null,
  retryAt: null,
  cooldownMs: null,
  probeUntil: null,
};

/** Closed; open until its cool-down ends; half open from then until a probe has closed or reopened it. */
export function circuitStateOf(circuit: CircuitRecord, nowMs: number): CircuitState {
  if (circuit.openedAt === null) return "closed";
  return circuit.retryAt !== null && circuit.retryAt > nowMs ? "open" : "half_open";
}

/**
 * What an attempt to the endpoint may do now: `send` as usual, `probe` (first win the one probe claim on
 * the endpoint row), or `wait` (not claimed, not attempted: the cool-down or the probe in flight is ahead).
 */
export function circuitAdmission(circuit: CircuitRecord, nowMs: number): "send" | "probe" | "wait" {
  const state = circuitStateOf(circuit, nowMs);
  if (state === "closed") return "send";
  if (state === "open") return "wait";
  return circuit.probeUntil !== null && circuit.probeUntil >= nowMs ? "wait" : "probe";
}

/** The cool-down after a failed probe: twice the last one, within [first, CIRCUIT_MAX_COOLDOWN_MS]. */
export function nextCooldownMs(lastCooldownMs: number | null, firstCooldownMs: number): number {
  const doubled = lastCooldownMs === null ? firstCooldownMs : lastCooldownMs * 2;
  return Math.max(Math.min(doubled, CIRCUIT_MAX_COOLDOWN_MS), firstCooldownMs);
}

/** A batch's attempts to one endpoint, in the order they finished, folded into what the breaker needs. */
export interface AttemptTally {
  /** At least one succeeded: the count restarts from the failures after the last success. */
  succeeded: boolean;
  /** Failures after the last success, or all of them when none succeeded. */
  failures: number;
}

export function tallyAttempts(succeededInOrder: readonly boolean[]): AttemptTally {
  const lastSuccess = succeededInOrder.lastIndexOf(true);
  return { succeeded: lastSuccess >= 0, failures: succeededInOrder.length - lastSuccess - 1 };
}

/** The breaker as the API shows it in an endpoint's health. */
export function circuitView(circuit: CircuitRecord, nowMs: number) {
  return {
    state: circuitStateOf(circuit, nowMs),
    consecutive_failures: circuit.consecutiveFailures,
    opened_at: circuit.openedAt === null ? null : formatRfc3339(circuit.openedAt),
    retry_at: circuit.retryAt === null ? null : formatRfc3339(circuit.retryAt),
  };
}
