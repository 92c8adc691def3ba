import { describe, expect, it } from "vitest";
import { TtlCache } from "../../src/outbound/ttl-cache";

describe("TtlCache", () => {
  it("answers an entry until its TTL has passed, then forgets it", () => {
    const cache = new TtlCache<string>(10, 60_000);
    cache.set("a", "one", 5_000, 1_000);
    expect(cache.get("a", 5_999)).toBe("one");
    expect(cache.get("a", 6_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("caps every TTL at the maximum", () => {
    const cache = new TtlCache<string>(10, 60_000);
    cache.set("a", "one", 86_400_000, 0);
    expect(cache.get("a", 59_999)).toBe("one");
    expect(cache.get("a", 60_000)).toBeUndefined();
  });

  it("stores nothing for a TTL of zero, and a zero-TTL answer replaces a cached one", () => {
    const cache = new TtlCache<string>(10, 60_000);
    cache.set("a", "public", 30_000, 0);
    cache.set("a", "rebound", 0, 1);
    expect(cache.get("a", 2)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("never holds more than its bound: the oldest entry makes room", () => {
    const cache = new TtlCache<number>(3, 60_000);
    for (let i = 0; i < 100; i += 1) cache.set(`k${i}`, i, 30_000, i);
    expect(cache.size).toBe(3);
    expect(cache.get("k96", 100)).toBeUndefined();
    expect([cache.get("k97", 100), cache.get("k98", 100), cache.get("k99", 100)]).toEqual([97, 98, 99]);
  });
});
