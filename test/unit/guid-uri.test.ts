import { describe, expect, it } from "vitest";
import { atomEntryId, IMPORTED_GUID_NAMESPACE, isAbsoluteUri, isAtomIdUri } from "../../src/domain/guid-uri";
import { sha1 } from "../../src/domain/sha1";
import { nameUuid } from "../../src/domain/uuid";

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("sha1", () => {
  it("matches the FIPS 180 known answers", () => {
    expect(hex(sha1(utf8("")))).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
    expect(hex(sha1(utf8("abc")))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
    expect(hex(sha1(utf8("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
    );
    expect(hex(sha1(utf8("a".repeat(1_000_000))))).toBe("34aa973cd4c4daa4f61eeb2bdbad27316534016f");
  });

  it("agrees with WebCrypto on every length around the 64-byte block boundary", async () => {
    for (let length = 0; length <= 130; length++) {
      const message = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      const expected = new Uint8Array(await crypto.subtle.digest("SHA-1", message));
      expect(hex(sha1(message)), `length ${length}`).toBe(hex(expected));
    }
  });
});

describe("atomEntryId", () => {
  const id = "0f8fad5b-d9cb-469f-a165-70867728950e";

  it("is urn:uuid of the article id for an article created through the API", () => {
    expect(atomEntryId({ id, guid: null })).toBe(`urn:uuid:${id}`);
  });

  it("keeps an imported GUID that is an absolute URI", () => {
    for (const guid of [
      "https://example.com/?p=1",
      "tag:blogger.com,1999:blog-1.post-2",
      "urn:isbn:0451450523",
    ]) {
      expect(atomEntryId({ id, guid })).toBe(guid);
    }
  });

  it("derives a urn:uuid from a GUID that is not a URI", async () => {
    for (const guid of ["42", "post 42", "/relative/path", "fish-2015", "ünïcode:? no", "a:b c"]) {
      expect(isAbsoluteUri(guid), guid).toBe(false);
      expect(atomEntryId({ id, guid })).toBe(`urn:uuid:${await nameUuid(IMPORTED_GUID_NAMESPACE, guid)}`);
    }
  });
});

describe("atomEntryId: only identifier and web schemes stand as they are", () => {
  const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
  const hashed = async (guid: string) => `urn:uuid:${await nameUuid(IMPORTED_GUID_NAMESPACE, guid)}`;

  it("keeps tag:, urn:, http: and https: GUIDs in any case", () => {
    for (const guid of [
      "TAG:example.com,2004:post-1",
      "URN:ISBN:0451450523",
      "Http://example.com/?p=1",
      "HTTPS://EXAMPLE.COM/p/1",
      "https:opaque",
    ]) {
      expect(isAtomIdUri(guid), guid).toBe(true);
      expect(atomEntryId({ id, guid })).toBe(guid);
    }
  });

  it("hashes absolute URIs of every other scheme into a name-based urn:uuid", async () => {
    for (const guid of [
      "javascript:alert(1)",
      "JavaScript:alert(document.domain)",
      "data:text/html,alert(1)",
      "data:text/html;base64,PHNjcmlwdD4=",
      "file:///etc/passwd",
      "mailto:someone@example.com",
      "vbscript:msgbox(1)",
      "ftp://example.com/item/1",
      "tags:example.com,2004:x",
      "https+evil:x",
      "urnx:isbn:1",
    ]) {
      expect(isAbsoluteUri(guid), guid).toBe(true);
      expect(isAtomIdUri(guid), guid).toBe(false);
      expect(atomEntryId({ id, guid })).toBe(await hashed(guid));
    }
  });

  it("still hashes GUIDs that are not URIs and keeps bare UUIDs as urn:uuid", async () => {
    expect(isAtomIdUri("https://exa mple.com/")).toBe(false);
    expect(atomEntryId({ id, guid: "https://exa mple.com/" })).toBe(await hashed("https://exa mple.com/"));
    expect(atomEntryId({ id, guid: "0F8FAD5B-D9CB-469F-A165-70867728950E" })).toBe(`urn:uuid:${id}`);
  });
});
