import { sweepDeliveries } from "./delivery/sweep";
import type { Env } from "./env";
import { purgeExpired } from "./maintenance/purge";

/**
 * Cron Trigger: once a minute, move whatever background work is due, then purge what is past its
 * retention. Each task runs even if the other failed; a failure still fails the run, so it shows.
 */
export async function handleScheduled(
  _controller: ScheduledController,
  env: Env,
  _ctx: ExecutionContext,
): Promise<void> {
  const failures: unknown[] = [];
  try {
    const result = await sweepDeliveries(env);
    if (Object.values(result).some((count) => count > 0)) {
      console.log(JSON.stringify({ level: "info", message: "sweep", ...result }));
    }
  } catch (error) {
    failures.push(error);
  }
  try {
    const purged = await purgeExpired(env);
    if (Object.values(purged).some((count) => count > 0)) {
      console.log(JSON.stringify({ level: "info", message: "purge", ...purged }));
    }
  } catch (error) {
    failures.push(error);
  }
  if (failures.length > 0) throw failures[0];
}
