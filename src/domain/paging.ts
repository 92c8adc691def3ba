import * as v from "valibot";
import { decodeCursor, encodeCursor } from "./cursor";
import { FerryError } from "./problems";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `limit` and `cursor` of every paged list (articles, tokens, delivery logs). */
export const ListQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, `Must be a whole number from 1 to ${MAX_PAGE_SIZE}.`),
      v.transform(Number),
      v.minValue(1, "Must be at least 1."),
      v.maxValue(MAX_PAGE_SIZE, `Must be at most ${MAX_PAGE_SIZE}.`),
    ),
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(64))),
});

/** Which page of a list, newest first: at most `limit` rows, from just before the row `beforeRowId`. */
export interface PageRequest {
  limit: number;
  beforeRowId: number | null;
}

/** One page of a list and the cursor of the next one (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The page a validated `ListQuery` asks for; a cursor Ferry did not issue is a 400 naming it. */
export function pageRequest(query: v.InferOutput<typeof ListQuery>): PageRequest {
  let beforeRowId: number | null = null;
  if (query.cursor !== undefined) {
    const decoded = decodeCursor(query.cursor, 1);
    if (!decoded) {
      throw new FerryError("bad_request", "The cursor is not one Ferry issued.", {
        parameters: [
          {
            parameter: "cursor",
            in: "query",
            detail: "`cursor` must be the next_cursor of a previous page.",
          },
        ],
      });
    }
    beforeRowId = decoded[0] as number;
  }
  return { limit: query.limit ?? DEFAULT_PAGE_SIZE, beforeRowId };
}

/**
 * Reads one page through `read`, which is asked for one row more than the page holds: that row is never
 * shown, it only tells that another page follows, so no list is ever counted.
 */
export async function readPage<T>(
  limit: number,
  read: (rows: number) => Promise<T[]>,
  cursorOf: (last: T) => string,
): Promise<Page<T>> {
  return pageFromRows(await read(limit + 1), limit, cursorOf);
}

/** The page in `rows`, read with one row more than `limit` (see readPage). */
export function pageFromRows<T>(rows: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

/** The cursor of a list paged by row id. */
export function rowIdCursor(last: { rowId: number }): string {
  return encodeCursor([last.rowId]);
}
