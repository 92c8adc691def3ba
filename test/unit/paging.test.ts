import { describe, expect, it } from "vitest";
import { decodeCursor } from "../../src/domain/cursor";
import { readPage, rowIdCursor } from "../../src/domain/paging";

const rows = (ids: number[]) => ids.map((rowId) => ({ rowId }));

describe("readPage", () => {
  it("asks for one row past the page and names the next page by the last row shown", async () => {
    const asked: number[] = [];
    const page = await readPage(
      2,
      async (count) => {
        asked.push(count);
        return rows([9, 8, 7]).slice(0, count);
      },
      rowIdCursor,
    );
    expect(asked).toEqual([3]);
    expect(page.items).toEqual(rows([9, 8]));
    expect(page.nextCursor && decodeCursor(page.nextCursor, 1)).toEqual([8]);
  });

  it("has no next page when the extra row is not there", async () => {
    const page = await readPage(2, async () => rows([9, 8]), rowIdCursor);
    expect(page).toEqual({ items: rows([9, 8]), nextCursor: null });
    expect(await readPage(2, async () => [], rowIdCursor)).toEqual({ items: [], nextCursor: null });
  });
});
