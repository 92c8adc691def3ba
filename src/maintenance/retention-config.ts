import type { Env } from "../env";

export const DEFAULT_DELIVERY_LOG_RETENTION_DAYS = 30;
export const DEFAULT_IDEMPOTENCY_RETENTION_HOURS = 24;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How long the purge keeps what it purges, from `[vars]`, with production defaults. */
export interface RetentionConfig {
  deliveryLogRetentionMs: number;
  idempotencyRetentionMs: number;
}

/** A positive number, or the default: a typo must never turn into "keep nothing". */
function positive(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw !== undefined && raw.trim() !== "" && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function readRetentionConfig(env: Env): RetentionConfig {
  return {
    deliveryLogRetentionMs:
      positive(env.DELIVERY_LOG_RETENTION_DAYS, DEFAULT_DELIVERY_LOG_RETENTION_DAYS) * DAY_MS,
    idempotencyRetentionMs:
      positive(env.IDEMPOTENCY_RETENTION_HOURS, DEFAULT_IDEMPOTENCY_RETENTION_HOURS) * HOUR_MS,
  };
}
