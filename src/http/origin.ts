import type { Context } from "hono";
import type { FerryHono } from "./hono-env";

/** Ferry's public origin for absolute links: the configured base URL, else the request's own origin. */
export function publicOrigin(c: Context<FerryHono>): string {
  const configured = c.env.PUBLIC_BASE_URL?.trim();
  return configured ? configured.replace(/\/+$/, "") : new URL(c.req.url).origin;
}
