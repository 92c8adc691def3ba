import type { Context } from "hono";
import { findEndpoint } from "../db/webhook-endpoints";
import type { Feed } from "../domain/feed";
import { FerryError } from "../domain/problems";
import type { FerryHono } from "./hono-env";

/** The endpoint named in the path, within the (already authorized) feed named in the path. */
export async function loadEndpoint(c: Context<FerryHono>, feed: Feed, id: string) {
  const endpoint = /^ep_[0-9a-f]{24}$/.test(id) ? await findEndpoint(c.env.DB, feed.rowId, id) : null;
  if (!endpoint) throw new FerryError("not_found", `There is no webhook ${id} on the feed "${feed.slug}".`);
  return endpoint;
}
