import { createMiddleware } from "hono/factory";
import { FerryError } from "../domain/problems";
import { publicOrigin } from "../http/origin";
import type { ConsoleContext, ConsoleHono } from "./console-env";

/**
 * Whether a POST comes from one of Ferry's own pages. Browsers send `Origin` with every form POST; without it, only
 * `Sec-Fetch-Site: same-origin` is taken. Neither present (or `Origin: null`, as from a sandboxed frame) is refused.
 */
function isSameOrigin(c: ConsoleContext): boolean {
  const origin = c.req.header("origin");
  if (origin === undefined) return c.req.header("sec-fetch-site") === "same-origin";
  return origin === new URL(c.req.url).origin || origin === publicOrigin(c);
}

/** Refuses every cross-site POST with a 403 before anything is read or looked up, sign-in included. */
export const refuseCrossSitePosts = createMiddleware<ConsoleHono>(async (c, next) => {
  if (c.req.method === "POST" && !isSameOrigin(c)) {
    throw new FerryError(
      "forbidden",
      "This form was sent from another site. Ferry's console accepts forms from its own pages only.",
    );
  }
  await next();
});
