import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IMPORTED_GUID_NAMESPACE } from "../../src/domain/guid-uri";
import { nameUuid } from "../../src/domain/uuid";

/** RFC 9562 §5.5 computed with WebCrypto's SHA-1: an independent oracle for the synchronous one. */
async function webCryptoNameUuid(namespace: string, name: string): Promise<string> {
  const namespaceBytes = Uint8Array.from(namespace.replace(/-/g, "").match(/../g) ?? [], (pair) =>
    Number.parseInt(pair, 16),
  );
  const input = new Uint8Array([...namespaceBytes, ...new TextEncoder().encode(name)]);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-1", input)).slice(0, 16);
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe("nameUuid (RFC 9562 version 5)", () => {
  it("matches the RFC's example: www.example.com in the DNS namespace", () => {
    expect(nameUuid("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("is stable per name and distinct across names", () => {
    const ns = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    expect(nameUuid(ns, "tag:film")).toBe(nameUuid(ns, "tag:film"));
    expect(nameUuid(ns, "tag:film")).not.toBe(nameUuid(ns, "author:film"));
  });

  it("equals the UUID computed with WebCrypto for any name", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 200 }), async (name) => {
        expect(nameUuid(IMPORTED_GUID_NAMESPACE, name)).toBe(
          await webCryptoNameUuid(IMPORTED_GUID_NAMESPACE, name),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("refuses a namespace that is not a UUID", () => {
    expect(() => nameUuid("news", "x")).toThrow(RangeError);
  });
});
