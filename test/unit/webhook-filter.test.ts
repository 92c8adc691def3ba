import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  filterFromInput,
  patchFilter,
  WebhookFilterInput,
  WebhookFilterPatch,
} from "../../src/domain/webhook-filter";

const input = (value: unknown) => filterFromInput(v.parse(WebhookFilterInput, value));
/** The filter after PATCHing `current` with `filter` (the body's member), as the service applies it. */
const patched = (current: Parameters<typeof patchFilter>[0], filter: unknown) =>
  patchFilter(current, v.parse(v.nullable(WebhookFilterPatch), filter), filter);

describe("webhook filter values", () => {
  it("keys tags and authors as articles are keyed: cleaned, lower-cased, each once", () => {
    expect(input({ tags: ["  Film\tNoir ", "FILM NOIR", "Ünïcode"], authors: ["Ada  Lovelace"] })).toEqual({
      tags: ["film noir", "ünïcode"],
      authors: ["ada  lovelace"],
    });
  });

  it("takes a list of one kind alone, the other being no condition", () => {
    expect(input({ tags: ["film"] })).toEqual({ tags: ["film"], authors: null });
    expect(input({ authors: ["ada"], tags: null })).toEqual({ tags: null, authors: ["ada"] });
    expect(filterFromInput(null)).toBeNull();
  });

  it("refuses empty lists, empty values, values over 200 characters, more than 50 values and unknown members", () => {
    for (const bad of [
      {},
      { tags: [] },
      { tags: [" \n "] },
      { tags: ["x".repeat(201)] },
      { authors: Array.from({ length: 51 }, (_, i) => `a${i}`) },
      { tags: ["film"], tag: ["film"] },
    ]) {
      expect(v.safeParse(WebhookFilterInput, bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(v.safeParse(WebhookFilterInput, { tags: [` ${"x".repeat(200)} `] }).success).toBe(true);
  });
});

describe("patching a webhook filter (RFC 7396)", () => {
  const current = { tags: ["film"], authors: ["ada"] };

  it("replaces the lists it names and keeps the others", () => {
    expect(patched(current, { tags: ["Sport"] })).toEqual({ tags: ["sport"], authors: ["ada"] });
    expect(patched(current, {})).toEqual(current);
    expect(patched(null, { authors: ["Bob"] })).toEqual({ tags: null, authors: ["bob"] });
  });

  it("removes a list that is null, and the whole filter when nothing is left or it is null", () => {
    expect(patched(current, { authors: null })).toEqual({ tags: ["film"], authors: null });
    expect(patched(current, { tags: null, authors: null })).toBeNull();
    expect(patched(current, null)).toBeNull();
    expect(patched(null, {})).toBeNull();
  });
});
