import { sweepDeliveries } from "./delivery/sweep";
import type { Env } from "./env";

/** Cron Trigger: once a minute, move whatever background work is due. */
export async function handleScheduled(_controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
  const result = await sweepDeliveries(env);
  if (result.announced + result.requeuedEvents + result.requeuedDeliveries > 0) {
    console.log(JSON.stringify({ level: "info", message: "sweep", ...result }));
  }
}
