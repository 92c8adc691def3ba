import { sweepDeliveries } from "./delivery/sweep";
import type { Env } from "./env";
import { purgeExpired } from "./maintenance/purge";
import { resealSecrets } from "./maintenance/reseal-secrets";

/**
 * Cron Trigger: once a minute, move whatever background work is due, purge what is past its retention,
 * and re-encrypt secrets still in clear or under the previous key. Each task runs even if another failed;
 * a failure still fails the run, so it shows.
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
  try {
    const sealed = await resealSecrets(env);
    // `remaining` reaching 0 is when a rotation's SECRETS_KEY_PREVIOUS may be deleted (README: Secrets at rest).
    if (sealed.remaining !== null) {
      const level = sealed.unreadable > 0 ? "warn" : "info";
      console.log(JSON.stringify({ level, message: "reseal", ...sealed }));
    }
  } catch (error) {
    failures.push(error);
  }
  if (failures.length > 0) throw failures[0];
}
