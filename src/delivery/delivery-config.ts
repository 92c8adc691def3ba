import type { Env } from "../env";
import { RETRY_SCHEDULE_SECONDS } from "./retry-policy";

export const DEFAULT_DELIVERY_TIMEOUT_MS = 15_000;

/** Delivery settings read from the environment, with production defaults. */
export interface DeliveryConfig {
  allowInsecureLocal: boolean;
  retryScheduleSeconds: readonly number[];
  timeoutMs: number;
}

export function readDeliveryConfig(env: Env): DeliveryConfig {
  const schedule = env.WEBHOOK_RETRY_SCHEDULE?.split(",").map((s) => Number(s.trim()));
  const timeout = Number(env.DELIVERY_TIMEOUT_MS);
  return {
    allowInsecureLocal: env.ALLOW_INSECURE_LOCAL_WEBHOOKS === "true",
    retryScheduleSeconds:
      schedule && schedule.length > 0 && schedule.every((n) => Number.isFinite(n) && n >= 0)
        ? schedule
        : RETRY_SCHEDULE_SECONDS,
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_DELIVERY_TIMEOUT_MS,
  };
}
