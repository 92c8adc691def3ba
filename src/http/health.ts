import { Hono } from "hono";
import { findLatestMigration } from "../db/migrations";
import { formatRfc3339 } from "../domain/rfc3339";
import type { FerryHono } from "./hono-env";
import { methodNotAllowed } from "./method-not-allowed";
import { PROBLEM_CONTENT_TYPE, titleOf } from "./problem";

const NO_STORE = { "cache-control": "no-store" };

/** `GET /healthz` for load balancers and uptime checks: public, uncached, never rate limited. */
export const healthRoutes = new Hono<FerryHono>();

healthRoutes.get("/healthz", async (c) => {
  const startedAt = Date.now();
  let migration: string | null;
  try {
    migration = await findLatestMigration(c.env.DB);
  } catch (error) {
    console.error(
      JSON.stringify({
        level: "error",
        message: "health check: database unavailable",
        requestId: c.get("requestId"),
        error: error instanceof Error ? error.message : String(error),
      }),
    );
    return unavailable(c.req.path, "The database did not answer; Ferry cannot serve requests.");
  }
  if (migration === null) return unavailable(c.req.path, "The database has no migrations applied.");
  return c.json(
    {
      status: "ok",
      database: "ok",
      migration,
      database_ms: Date.now() - startedAt,
      time: formatRfc3339(Date.now()),
    },
    200,
    NO_STORE,
  );
});

healthRoutes.all("/healthz", methodNotAllowed(["GET"]));

/**
 * The one 5xx Ferry answers on purpose. It is an `internal` problem (Ferry's side, safe to retry later)
 * sent as 503 so that load balancers take this instance's answer as "not ready" rather than as a bug.
 */
function unavailable(instance: string, detail: string): Response {
  const body = { type: "/problems/internal", title: titleOf("internal"), status: 503, detail, instance };
  return new Response(JSON.stringify(body), {
    status: 503,
    headers: { "content-type": `${PROBLEM_CONTENT_TYPE}; charset=utf-8`, "retry-after": "30", ...NO_STORE },
  });
}
