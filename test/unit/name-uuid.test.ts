import { describe, expect, it } from "vitest";
import { nameUuid } from "../../src/domain/name-uuid";

describe("nameUuid (RFC 9562 version 5)", () => {
  it("matches the RFC's example: www.example.com in the DNS namespace", async () => {
    expect(await nameUuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("is stable per name and distinct across names", async () => {
    const ns = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    expect(await nameUuid(ns, "tag:film")).toBe(await nameUuid(ns, "tag:film"));
    expect(await nameUuid(ns, "tag:film")).not.toBe(await nameUuid(ns, "author:film"));
  });

  it("refuses a namespace that is not a UUID", async () => {
    await expect(nameUuid("news", "x")).rejects.toThrow(RangeError);
  });
});
