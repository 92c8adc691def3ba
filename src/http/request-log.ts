import { createMiddleware } from "hono/factory";
import type { TokenGrant } from "../db/tokens";
import { FerryError } from "../domain/problems";
import { newUuid } from "../domain/uuid";
import type { FerryHono } from "./hono-env";

/** An incoming request id is kept only if it cannot smuggle anything into logs or headers. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's `x-request-id` if sane, else Cloudflare's ray id, else a fresh UUID. */
export function chooseRequestId(incoming: string | undefined, ray: string | undefined): string {
  if (incoming !== undefined && SANE_REQUEST_ID.test(incoming)) return incoming;
  if (ray !== undefined && SANE_REQUEST_ID.test(ray)) return ray;
  return newUuid();
}

/**
 * Whether a request gets Ferry's own log line: every API call, write and failure does. A successful public
 * read (a feed poll, 200 or 304) does not: Cloudflare's invocation logs already record each one, and the
 * line alone would cost more than the rest of a memoised poll (measured by `npm run bench`).
 */
export function shouldLogRequest(method: string, path: string, status: number): boolean {
  const publicRead = (method === "GET" || method === "HEAD") && !path.startsWith("/v1/");
  return !publicRead || status >= 400;
}

/**
 * Outermost middleware: gives every request an id (echoed as `x-request-id`) and writes one structured
 * log line when it is answered (see shouldLogRequest). The line names the token by its public id and the
 * path without its query string; it never carries headers, bodies or secrets.
 */
export const requestLog = createMiddleware<FerryHono>(async (c, next) => {
  const startedAt = Date.now();
  const requestId = chooseRequestId(c.req.header("x-request-id"), c.req.header("cf-ray"));
  c.set("requestId", requestId);
  await next();
  c.header("x-request-id", requestId);
  if (!shouldLogRequest(c.req.method, c.req.path, c.res.status)) return;
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

/**
 * A bug: an error that no handler turned into an answer. Logs it with the request's id, method and path (never
 * its headers or body) and returns the one thing the client is told about it. The API and the console share it.
 */
export function reportUnhandledError(
  request: { requestId: string | undefined; method: string; path: string },
  error: unknown,
): FerryError {
  console.error(
    JSON.stringify({
      level: "error",
      message: "unhandled error",
      ...request,
      error:
        error instanceof Error
          ? { name: error.name, message: error.message, stack: error.stack }
          : String(error),
    }),
  );
  return new FerryError("internal", "Something went wrong on our side; it has been logged.");
}
