import { CIRCUIT_FIRST_COOLDOWN_MS } from "../domain/circuit-breaker";
import type { Env } from "../env";
import { type GuardConfig, readGuardConfig } from "../outbound/ssrf-guard";
import type { SecretKeysEnv } from "../services/secret-keys";
import { RETRY_SCHEDULE_SECONDS } from "./retry-policy";

export const DEFAULT_DELIVERY_TIMEOUT_MS = 15_000;

/** Delivery settings read from the environment, with production defaults; also what the SSRF guard needs. */
export interface DeliveryConfig extends GuardConfig {
  retryScheduleSeconds: readonly number[];
  timeoutMs: number;
  /** The first cool-down of an open circuit; each failed probe doubles it. */
  circuitCooldownMs: number;
  /** The Worker secrets that open stored signing secrets. */
  secretKeys: SecretKeysEnv;
}

export function readDeliveryConfig(env: Env): DeliveryConfig {
  const schedule = env.WEBHOOK_RETRY_SCHEDULE?.split(",").map((s) => Number(s.trim()));
  const timeout = Number(env.DELIVERY_TIMEOUT_MS);
  const cooldownSeconds = Number(env.CIRCUIT_COOLDOWN_SECONDS);
  return {
    ...readGuardConfig(env),
    retryScheduleSeconds:
      schedule && schedule.length > 0 && schedule.every((n) => Number.isFinite(n) && n >= 0)
        ? schedule
        : RETRY_SCHEDULE_SECONDS,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_DELIVERY_TIMEOUT_MS,
    circuitCooldownMs:
      Number.isFinite(cooldownSeconds) && cooldownSeconds > 0
        ? cooldownSeconds * 1000
        : CIRCUIT_FIRST_COOLDOWN_MS,
    secretKeys: { SECRETS_KEY: env.SECRETS_KEY, SECRETS_KEY_PREVIOUS: env.SECRETS_KEY_PREVIOUS },
  };
}
