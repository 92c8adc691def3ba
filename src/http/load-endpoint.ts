import type { Context } from "hono";
import { findEndpoint } from "../db/webhook-endpoints";
import { authorizeFeed } from "./auth";
import type { FerryHono } from "./hono-env";
import { FerryError } from "./problem";

/** The endpoint named in the path, within the feed named in the path. */
export async function loadEndpoint(c: Context<FerryHono>, role: "read" | "write") {
  const feed = await authorizeFeed(c, c.req.param("feed") as string, role);
  const id = c.req.param("id") as string;
  const endpoint = /^ep_[0-9a-f]{24}$/.test(id) ? await findEndpoint(c.env.DB, feed.rowId, id) : null;
  if (!endpoint) throw new FerryError("not_found", `There is no webhook ${id} on the feed "${feed.slug}".`);
  return { feed, endpoint };
}
