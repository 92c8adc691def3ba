import type { Handler } from "hono";
import { FerryError } from "../domain/problems";
import type { FerryHono } from "./hono-env";

/** A catch-all for a known path with the wrong method: 405 with the `Allow` header RFC 9110 asks for. */
export function methodNotAllowed(allowed: string[]): Handler<FerryHono> {
  const allow = [...new Set([...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"])].join(
    ", ",
  );
  return (c) => {
    if (c.req.method === "OPTIONS") return c.body(null, 204, { allow });
    throw new FerryError("method_not_allowed", `${c.req.method} is not allowed here; use ${allow}.`, {
      headers: { allow },
    });
  };
}
