import { createMiddleware } from "hono/factory";
import { clearFeedMemo } from "./feed-memo";
import type { FerryHono } from "./hono-env";

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** After any successful write to the API, this isolate forgets the feeds it memoised: the very next read is fresh. */
export const forgetFeedsAfterWrites = createMiddleware<FerryHono>(async (c, next) => {
  await next();
  if (!READ_METHODS.has(c.req.method) && c.res.status < 400) clearFeedMemo();
});
