import { purgeConsoleSessionsStatement } from "../db/console-sessions";
import {
  purgeAttemptsStatement,
  purgeDeliveriesStatement,
  purgeEventsStatement,
  purgeIdempotencyKeysStatement,
  purgeIntentsStatement,
} from "../db/retention";
import { sessionCutoffs } from "../domain/console-session";
import type { Env } from "../env";
import { readRetentionConfig } from "./retention-config";

/** Rows each statement deletes per round. */
export const PURGE_BATCH_ROWS = 500;
/** Rounds per cron run: at most 5 000 rows of each kind a minute, and a run that stays well under a second. */
export const PURGE_MAX_ROUNDS = 10;

export interface PurgeResult {
  attempts: number;
  deliveries: number;
  events: number;
  idempotencyKeys: number;
  websubIntents: number;
  consoleSessions: number;
}

/**
 * Deletes the delivery log (attempts, finished deliveries, their events) and idempotency keys older than
 * their retention, and console sessions that went idle or ended, in bounded rounds; whatever is left goes in
 * the next minute's run.
 */
export async function purgeExpired(env: Env, nowMs = Date.now()): Promise<PurgeResult> {
  const config = readRetentionConfig(env);
  const logCutoff = nowMs - config.deliveryLogRetentionMs;
  const keyCutoff = nowMs - config.idempotencyRetentionMs;
  const total: PurgeResult = {
    attempts: 0,
    deliveries: 0,
    events: 0,
    idempotencyKeys: 0,
    websubIntents: 0,
    consoleSessions: 0,
  };
  for (let round = 0; round < PURGE_MAX_ROUNDS; round += 1) {
    const results = await env.DB.batch([
      purgeAttemptsStatement(env.DB, logCutoff, PURGE_BATCH_ROWS),
      purgeDeliveriesStatement(env.DB, logCutoff, PURGE_BATCH_ROWS),
      purgeEventsStatement(env.DB, logCutoff, PURGE_BATCH_ROWS),
      purgeIdempotencyKeysStatement(env.DB, keyCutoff, PURGE_BATCH_ROWS),
      purgeIntentsStatement(env.DB, logCutoff, PURGE_BATCH_ROWS),
      purgeConsoleSessionsStatement(env.DB, sessionCutoffs(nowMs), PURGE_BATCH_ROWS),
    ]);
    const counts = results.map((r) => r?.meta.changes ?? 0);
    total.attempts += counts[0] ?? 0;
    total.deliveries += counts[1] ?? 0;
    total.events += counts[2] ?? 0;
    total.idempotencyKeys += counts[3] ?? 0;
    total.websubIntents += counts[4] ?? 0;
    total.consoleSessions += counts[5] ?? 0;
    if (counts.every((n) => n === 0)) break;
  }
  return total;
}
