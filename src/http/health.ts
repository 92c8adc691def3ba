import { findLatestMigration } from "../db/migrations";
import { countValuesToReseal } from "../db/sealed-columns";
import { type ProblemCode, titleOf } from "../domain/problems";
import { formatRfc3339 } from "../domain/rfc3339";
import { readSecretKeyring } from "../services/secret-keys";
import { Resource } from "./endpoint";
import { PROBLEM_CONTENT_TYPE } from "./problem";

const NO_STORE = { "cache-control": "no-store" };

/** `GET /healthz` for load balancers and uptime checks: public, uncached, limited only by the generous per-address limit. */
const health = new Resource("");

health.endpoint(
  {
    method: "get",
    path: "/healthz",
    operationId: "checkHealth",
    summary: "Check that Ferry and its database answer",
    tag: "Operations",
    role: null,
    ok: {
      status: 200,
      description: "Ferry and D1 answer; `migration` is the newest applied.",
      schema: "Health",
    },
    problems: [503],
  },
  async (c) => {
    const startedAt = Date.now();
    const keyring = await readSecretKeyring(c.env);
    let migration: string | null;
    let toReencrypt = 0;
    try {
      migration = await findLatestMigration(c.env.DB);
      // Secrets in clear or under SECRETS_KEY_PREVIOUS: once 0, the previous key may be deleted.
      if (keyring.current) toReencrypt = await countValuesToReseal(c.env.DB, keyring.previous?.id ?? null);
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
    if (!keyring.current || keyring.problems.length > 0) {
      const detail = `Secrets cannot be stored or read: ${keyring.problems.join(" ")}`;
      return unavailable(c.req.path, detail, "service_unavailable");
    }
    return c.json(
      {
        status: "ok",
        database: "ok",
        migration,
        database_ms: Date.now() - startedAt,
        secrets: {
          key_id: keyring.current.id,
          previous_key_id: keyring.previous?.id ?? null,
          to_reencrypt: toReencrypt,
        },
        time: formatRfc3339(Date.now()),
      },
      200,
      NO_STORE,
    );
  },
);

export const healthRoutes = health.routes();
export const HEALTH_ENDPOINTS = health.endpoints;

/**
 * The one 5xx Ferry answers on purpose: an `internal` problem when D1 fails (Ferry's side, safe to retry
 * later), `service_unavailable` when the deployment lacks its key. Always 503, so that load balancers take
 * this instance's answer as "not ready" rather than as a bug.
 */
function unavailable(
  instance: string,
  detail: string,
  code: Extract<ProblemCode, "internal" | "service_unavailable"> = "internal",
): Response {
  const body = { type: `/problems/${code}`, title: titleOf(code), status: 503, detail, instance };
  return new Response(JSON.stringify(body), {
    status: 503,
    headers: { "content-type": `${PROBLEM_CONTENT_TYPE}; charset=utf-8`, "retry-after": "30", ...NO_STORE },
  });
}
