import { createMiddleware } from "hono/factory";
import type { TokenGrant } from "../db/tokens";
import type { FerryHono } from "./hono-env";

/** An incoming request id is kept only if it cannot smuggle anything into logs or headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's `x-request-id` if sane, else Cloudflare's ray id, else a fresh UUID. */
export function chooseRequestId(incoming: string | undefined, ray: string | undefined): string {
  if (incoming !== undefined && SANE_REQUEST_ID.test(incoming)) return incoming;
  if (ray !== undefined && SANE_REQUEST_ID.test(ray)) return ray;
  return crypto.randomUUID();
}

/**
 * Outermost middleware: gives every request an id (echoed as `x-request-id`) and writes one structured
 * log line when it is answered. The line names the token by its public id and the path without its query
 * string; it never carries headers, bodies or secrets.
 */
export const requestLog = createMiddleware<FerryHono>(async (c, next) => {
  const startedAt = Date.now();
  const requestId = chooseRequestId(c.req.header("x-request-id"), c.req.header("cf-ray"));
  c.set("requestId", requestId);
  await next();
  c.header("x-request-id", requestId);
  // `grant` is set only once a token was accepted; Hono's types cannot say it may be missing.
  const grant = c.get("grant") as TokenGrant | undefined;
  console.log(
    JSON.stringify({
      level: c.res.status >= 500 ? "error" : "info",
      message: "request",
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Date.now() - startedAt,
      tokenId: grant?.publicId ?? null,
    }),
  );
});
