import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  decodeEventCursor,
  EventStreamQuery,
  encodeEventCursor,
  eventSelection,
  selectionParameters,
} from "../../src/domain/event-selection";
import {
  cutEventPage,
  type EventMatch,
  type EventWindow,
  MAX_PAGE_PAYLOAD_BYTES,
} from "../../src/domain/event-window";
import { FerryError } from "../../src/domain/problems";

const match = (rowId: number, payloadBytes = 100): EventMatch => ({
  rowId,
  publicId: `msg_${rowId}`,
  type: "article.updated",
  createdAt: rowId,
  payloadBytes,
});

const window = (ids: number[], windowEdge: number | null, farthest: number | null): EventWindow => ({
  matches: ids.map((id) => match(id)),
  windowEdge,
  farthest,
});

const rowIds = (page: { items: EventMatch[] }) => page.items.map((item) => item.rowId);

describe("cutting a page of events out of a window", () => {
  it("stops at the limit and continues after the last event shown", () => {
    const page = cutEventPage("forward", 0, 2, window([3, 5, 8], null, 9));
    expect(rowIds(page)).toEqual([3, 5]);
    expect(page).toMatchObject({ next: 5, more: true });
  });

  it("moves past every row examined when the window holds fewer matches than the limit", () => {
    expect(cutEventPage("forward", 10, 5, window([12], 1010, 2000))).toMatchObject({
      next: 1010,
      more: true,
    });
    // A full window whose last row is the feed's newest: nothing is left.
    expect(cutEventPage("forward", 10, 5, window([], 1010, 1010))).toMatchObject({ next: 1010, more: false });
    expect(cutEventPage("forward", 10, 5, window([12], null, 40))).toMatchObject({ next: 40, more: false });
  });

  it("never moves a cursor backwards, whichever way it walks", () => {
    expect(cutEventPage("forward", 50, 5, window([], null, 40))).toMatchObject({ next: 50, more: false });
    expect(cutEventPage("forward", 50, 5, window([], null, null))).toMatchObject({ next: 50, more: false });
    expect(cutEventPage("backward", 50, 5, window([], null, 60))).toMatchObject({ next: 50, more: false });
    expect(cutEventPage("backward", 900, 2, window([800, 700, 600], null, 1))).toMatchObject({
      next: 700,
      more: true,
    });
    expect(cutEventPage("backward", 900, 5, window([800], 300, 1))).toMatchObject({ next: 300, more: true });
  });

  it("keeps a page's bodies within the byte budget, yet always carries one event", () => {
    const big = Math.floor(MAX_PAGE_PAYLOAD_BYTES / 2);
    const page = cutEventPage("forward", 0, 10, {
      matches: [match(1, big), match(2, big), match(3, big)],
      windowEdge: null,
      farthest: 3,
    });
    expect(rowIds(page)).toEqual([1, 2]);
    expect(page).toMatchObject({ next: 2, more: true });
    const huge = cutEventPage("forward", 0, 10, {
      matches: [match(1, MAX_PAGE_PAYLOAD_BYTES * 2), match(2)],
      windowEdge: null,
      farthest: 2,
    });
    expect(rowIds(huge)).toEqual([1]);
    expect(huge).toMatchObject({ next: 1, more: true });
  });
});

describe("event selections and cursors", () => {
  const selectionOf = (query: Record<string, string>) => eventSelection(v.parse(EventStreamQuery, query));

  it("reads comma lists as lower-cased, sorted, distinct keys, so equal selections spell one URL", () => {
    const selection = selectionOf({
      tags: " Film,tv,,FILM ",
      authors: "Ada Lovelace",
      types: "article.deleted",
    });
    expect(selection).toEqual({
      types: ["article.deleted"],
      tags: ["film", "tv"],
      authors: ["ada lovelace"],
      limit: 50,
    });
    expect(selectionParameters(selection)).toEqual([
      ["types", "article.deleted"],
      ["tags", "film,tv"],
      ["authors", "ada lovelace"],
    ]);
    expect(
      selectionParameters(
        selectionOf({ limit: "7", types: "article.published,article.updated,article.deleted" }),
      ),
    ).toEqual([["limit", "7"]]);
  });

  it("round-trips a cursor and refuses one Ferry did not issue, naming the parameter", () => {
    expect(decodeEventCursor(encodeEventCursor(1234), "after")).toBe(1234);
    for (const bad of ["", "!!", btoa("1.2"), btoa("-3"), "a".repeat(65)]) {
      try {
        decodeEventCursor(bad, "before");
        expect.unreachable(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(FerryError);
        expect((error as FerryError).extras.parameters?.map((p) => p.parameter)).toEqual(["before"]);
      }
    }
  });
});
