import { recordAttemptsStatement, recordProbeStatement } from "../db/endpoint-circuit";
import { CIRCUIT_FAILURE_THRESHOLD, nextCooldownMs, tallyAttempts } from "../domain/circuit-breaker";
import type { AttemptResult } from "./attempt";
import type { DeliveryConfig } from "./delivery-config";
import type { ProbeClaim } from "./endpoint-gates";
import type { QueueStep } from "./queue-step";

/** The attempts one invocation made to one webhook endpoint, and the probe they were, if one. */
export interface EndpointAttempts {
  endpointRowId: number;
  probe: ProbeClaim | null;
  results: AttemptResult[];
}

/**
 * The circuit breaker's write for one endpoint's attempts: a probe closes or reopens it (for twice the
 * last cool-down); ordinary attempts add up their failures in order of finishing. Returns `retry_at`.
 */
export function circuitStatement(
  db: D1Database,
  attempts: EndpointAttempts,
  config: DeliveryConfig,
): D1PreparedStatement {
  const results = [...attempts.results].sort((a, b) => a.finishedAt - b.finishedAt);
  const lastFinishedAt = results.at(-1)?.finishedAt ?? 0;
  if (attempts.probe) {
    return recordProbeStatement(
      db,
      attempts.endpointRowId,
      results.some((r) => r.succeeded)
        ? { succeeded: true }
        : {
            succeeded: false,
            reopenForMs: nextCooldownMs(attempts.probe.cooldownMs, config.circuitCooldownMs),
            nowMs: lastFinishedAt,
          },
    );
  }
  return recordAttemptsStatement(db, attempts.endpointRowId, tallyAttempts(results.map((r) => r.succeeded)), {
    threshold: CIRCUIT_FAILURE_THRESHOLD,
    cooldownMs: config.circuitCooldownMs,
    nowMs: lastFinishedAt,
  });
}

/**
 * A failed delivery of an endpoint whose circuit is open (`retryAtMs` ahead) comes back when its cool-down
 * ends, not earlier: it is then what wakes the probe.
 */
export function holdForCooldown(step: QueueStep, retryAtMs: number | null, nowMs: number): QueueStep {
  if (step.next !== "again" || retryAtMs === null || retryAtMs <= nowMs) return step;
  return { next: "again", inSeconds: Math.max(step.inSeconds, Math.ceil((retryAtMs - nowMs) / 1000)) };
}
