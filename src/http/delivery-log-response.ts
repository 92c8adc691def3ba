import type { Context } from "hono";
import * as v from "valibot";
import { type DeliveryLogOwner, listDeliveryLog } from "../db/delivery-log";
import { DELIVERY_LOG_STATUSES } from "../domain/delivery-schemas";
import { ListQuery, pageRequest, readPage, rowIdCursor } from "../domain/paging";
import type { FerryHono } from "./hono-env";

/** `?limit&cursor&status` of a delivery log. */
export const DeliveryQuery = v.object({
  ...ListQuery.entries,
  status: v.optional(v.picklist(DELIVERY_LOG_STATUSES)),
});

/** One page of a webhook endpoint's or WebSub subscription's delivery log. */
export async function deliveryLogResponse(
  c: Context<FerryHono>,
  owner: DeliveryLogOwner,
  query: v.InferOutput<typeof DeliveryQuery>,
): Promise<Response> {
  const { limit, beforeRowId } = pageRequest(query);
  const page = await readPage(
    limit,
    (rows) => listDeliveryLog(c.env.DB, owner, { beforeRowId, limit: rows, status: query.status ?? null }),
    rowIdCursor,
  );
  return c.json({ items: page.items.map((r) => r.view), next_cursor: page.nextCursor });
}
