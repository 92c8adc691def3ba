import type { Context } from "hono";
import * as v from "valibot";
import { type DeliveryLogOwner, listDeliveryLog } from "../db/delivery-log";
import { decodeCursor, encodeCursor } from "../domain/cursor";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./article-params";
import type { FerryHono } from "./hono-env";
import { FerryError } from "./problem";
import { parseOrThrow } from "./validate";

const DeliveryQuery = v.object({
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(1), v.maxValue(MAX_PAGE_SIZE)),
  ),
  cursor: v.optional(v.string()),
  status: v.optional(v.picklist(["pending", "succeeded", "dead", "cancelled"])),
});

/** One page of a webhook endpoint's or WebSub subscription's delivery log, from `?limit&cursor&status`. */
export async function deliveryLogResponse(c: Context<FerryHono>, owner: DeliveryLogOwner): Promise<Response> {
  const query = parseOrThrow(DeliveryQuery, c.req.query(), "/query", "bad_request");
  const before = query.cursor === undefined ? null : decodeCursor(query.cursor, 1);
  if (query.cursor !== undefined && !before) {
    throw new FerryError("bad_request", "The cursor is not one Ferry issued.", {
      errors: [{ pointer: "/query/cursor", detail: "Use the next_cursor of a previous page." }],
    });
  }
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const rows = await listDeliveryLog(c.env.DB, owner, {
    beforeRowId: before?.[0] ?? null,
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
