import type { Context } from "hono";
import * as v from "valibot";
import { type DeliveryLogOwner, listDeliveryLog } from "../db/delivery-log";
import { encodeCursor } from "../domain/cursor";
import { ListQuery, readPage } from "./article-params";
import type { FerryHono } from "./hono-env";
import { parseParametersOrThrow } from "./validate";

const DeliveryQuery = v.object({
  ...ListQuery.entries,
  status: v.optional(v.picklist(["pending", "succeeded", "dead", "cancelled"])),
});

/** One page of a webhook endpoint's or WebSub subscription's delivery log, from `?limit&cursor&status`. */
export async function deliveryLogResponse(c: Context<FerryHono>, owner: DeliveryLogOwner): Promise<Response> {
  const query = parseParametersOrThrow(DeliveryQuery, c.req.query(), "query");
  const { limit, beforeRowId } = readPage(query);
  const rows = await listDeliveryLog(c.env.DB, owner, {
    beforeRowId,
    limit: limit + 1,
    status: query.status ?? null,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return c.json({
    items: page.map((r) => r.view),
    next_cursor: rows.length > limit && last ? encodeCursor([last.rowId]) : null,
  });
}
