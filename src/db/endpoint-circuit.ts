import type { AttemptTally, CircuitRecord } from "../domain/circuit-breaker";

/** The delivery-control columns of a webhook endpoint row (migration 0011). */
export interface DeliveryControlColumns {
  rate_next_slot_at: number | null;
  circuit_failures: number;
  circuit_opened_at: number | null;
  circuit_retry_at: number | null;
  circuit_cooldown_ms: number | null;
  circuit_probe_until: number | null;
}

export function circuitOf(row: DeliveryControlColumns): CircuitRecord {
  return {
    consecutiveFailures: row.circuit_failures,
    openedAt: row.circuit_opened_at,
    retryAt: row.circuit_retry_at,
    cooldownMs: row.circuit_cooldown_ms,
    probeUntil: row.circuit_probe_until,
  };
}

/**
 * Takes the one probe of a half-open circuit: only one caller wins until the probe finishes or its lease
 * lapses. Returns the cool-down that a failed probe doubles, or undefined when someone else holds it.
 */
export async function claimProbe(
  db: D1Database,
  endpointRowId: number,
  nowMs: number,
  leaseMs: number,
): Promise<{ cooldownMs: number | null } | undefined> {
  const row = await db
    .prepare(
      `UPDATE webhook_endpoints SET circuit_probe_until = ?1
       WHERE id = ?2 AND circuit_opened_at IS NOT NULL AND circuit_retry_at <= ?3
         AND (circuit_probe_until IS NULL OR circuit_probe_until < ?3)
       RETURNING circuit_cooldown_ms`,
    )
    .bind(nowMs + leaseMs, endpointRowId, nowMs)
    .first<{ circuit_cooldown_ms: number | null }>();
  return row ? { cooldownMs: row.circuit_cooldown_ms } : undefined;
}

/** Gives a probe claim back unused (its delivery was taken by someone else, or had no rate slot). */
export function releaseProbeStatement(db: D1Database, endpointRowId: number): D1PreparedStatement {
  return db
    .prepare("UPDATE webhook_endpoints SET circuit_probe_until = NULL WHERE id = ?")
    .bind(endpointRowId);
}

/** The consecutive-failure count after a tally (?1 succeeded, ?2 failures after it). */
const FAILURES_AFTER = "(CASE WHEN ?1 THEN ?2 ELSE circuit_failures + ?2 END)";

/**
 * Ordinary attempts' effect on the breaker, as one relative update so concurrent batches add up: a success
 * restarts the count (and closes the circuit), reaching `threshold` opens it for `cooldownMs`. Returns the
 * circuit's `retry_at`, non-null while it is open.
 */
export function recordAttemptsStatement(
  db: D1Database,
  endpointRowId: number,
  tally: AttemptTally,
  rules: { threshold: number; cooldownMs: number; nowMs: number },
): D1PreparedStatement {
  const tripped = `${FAILURES_AFTER} >= ?3`;
  return db
    .prepare(
      `UPDATE webhook_endpoints SET
         circuit_failures = ${FAILURES_AFTER},
         circuit_opened_at = CASE WHEN ${tripped} THEN coalesce(circuit_opened_at, ?4) WHEN ?1 THEN NULL ELSE circuit_opened_at END,
         circuit_retry_at = CASE WHEN ${tripped} THEN (CASE WHEN circuit_opened_at IS NULL THEN ?4 + ?5 ELSE circuit_retry_at END)
           WHEN ?1 THEN NULL ELSE circuit_retry_at END,
         circuit_cooldown_ms = CASE WHEN ${tripped} THEN coalesce(circuit_cooldown_ms, ?5) WHEN ?1 THEN NULL ELSE circuit_cooldown_ms END,
         circuit_probe_until = CASE WHEN ${tripped} OR NOT ?1 THEN circuit_probe_until END
       WHERE id = ?6 RETURNING circuit_retry_at`,
    )
    .bind(
      tally.succeeded ? 1 : 0,
      tally.failures,
      rules.threshold,
      rules.nowMs,
      rules.cooldownMs,
      endpointRowId,
    );
}

/**
 * A probe's effect: success closes the circuit; failure opens it again for `reopenForMs` (the doubled
 * cool-down). Returns `circuit_retry_at` like recordAttemptsStatement.
 */
export function recordProbeStatement(
  db: D1Database,
  endpointRowId: number,
  result: { succeeded: true } | { succeeded: false; reopenForMs: number; nowMs: number },
): D1PreparedStatement {
  if (result.succeeded) return closeCircuitStatement(db, endpointRowId);
  return db
    .prepare(
      `UPDATE webhook_endpoints SET circuit_failures = circuit_failures + 1, circuit_opened_at = ?1,
         circuit_retry_at = ?1 + ?2, circuit_cooldown_ms = ?2, circuit_probe_until = NULL
       WHERE id = ?3 RETURNING circuit_retry_at`,
    )
    .bind(result.nowMs, result.reopenForMs, endpointRowId);
}

/** Closes the circuit: after a successful probe, or when the subscriber resumes the endpoint. */
export function closeCircuitStatement(db: D1Database, endpointRowId: number): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE webhook_endpoints SET circuit_failures = 0, circuit_opened_at = NULL, circuit_retry_at = NULL,
         circuit_cooldown_ms = NULL, circuit_probe_until = NULL
       WHERE id = ? RETURNING circuit_retry_at`,
    )
    .bind(endpointRowId);
}
