import { createMiddleware } from "hono/factory";
import type { FerryHono } from "./hono-env";

const JSON_MEDIA_TYPE = /^\s*application\/(?:[\w.+-]+\+)?json\s*(;|$)/i;

/**
 * hono's `c.json` labels answers `application/json` with no charset; every JSON answer Ferry sends is
 * UTF-8 and says so, whichever route made it. Keyed on the media type, so routes added later are covered.
 */
export const jsonCharset = createMiddleware<FerryHono>(async (c, next) => {
  await next();
  const type = c.res.headers.get("content-type");
  if (type === null || !JSON_MEDIA_TYPE.test(type) || /;\s*charset=/i.test(type)) return;
  c.header("content-type", `${type.trim()}; charset=utf-8`);
});
