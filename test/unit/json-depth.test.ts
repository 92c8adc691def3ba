import { describe, expect, it } from "vitest";
import { jsonNestingDepth } from "../../src/domain/json-depth";

describe("JSON nesting depth", () => {
  it("counts arrays and objects, not brackets inside strings or after escaped quotes", () => {
    expect(jsonNestingDepth('{"a": 1}')).toBe(1);
    expect(jsonNestingDepth('{"a": [{"b": []}]}')).toBe(4);
    expect(jsonNestingDepth('{"title": "[[[[{{{{"}')).toBe(1);
    expect(jsonNestingDepth('{"t": "a \\" [[[ \\\\", "u": [1]}')).toBe(2);
    expect(jsonNestingDepth("7")).toBe(0);
  });

  it("measures 10 000 nested arrays without recursion", () => {
    expect(jsonNestingDepth(`${"[".repeat(10_000)}${"]".repeat(10_000)}`)).toBe(10_000);
  });
});
