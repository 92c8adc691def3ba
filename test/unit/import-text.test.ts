import { describe, expect, it } from "vitest";
import { decodeDocument } from "../../src/import/decode-document";
import { decodeTitleEntities, excerpt, htmlToText, looksLikeHtml } from "../../src/import/html-text";

const utf16le = (text: string) => {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) bytes[2 + i * 2] = text.charCodeAt(i);
  return bytes;
};

describe("decodeDocument", () => {
  const xml = (encoding: string) =>
    `<?xml version="1.0" encoding="${encoding}"?><rss><title>caf\u00e9</title></rss>`;
  const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

  it("reads UTF-8 by default and drops a byte order mark", () => {
    const bytes = new TextEncoder().encode("\ufeff<rss>café</rss>");
    expect(decodeDocument(bytes, null)).toEqual({ ok: true, text: "<rss>café</rss>" });
  });

  it("follows the XML declaration, then lets the Content-Type charset and a byte order mark override it", () => {
    expect(decodeDocument(latin1(xml("ISO-8859-1")), null)).toMatchObject({
      text: expect.stringContaining("café"),
    });
    expect(decodeDocument(latin1(xml("UTF-8")), "windows-1252")).toMatchObject({
      text: expect.stringContaining("café"),
    });
    expect(decodeDocument(utf16le(xml("ISO-8859-1")), "windows-1252")).toMatchObject({
      text: expect.stringContaining("café"),
    });
  });

  it("refuses an unknown charset and bytes that are not what was declared", () => {
    expect(decodeDocument(latin1("<rss/>"), "x-martian")).toMatchObject({
      ok: false,
      reason: "unsupported_charset",
    });
    expect(decodeDocument(latin1(xml("UTF-8")), null)).toMatchObject({ ok: false, reason: "undecodable" });
  });
});

describe("feed text helpers", () => {
  it("tell HTML from plain text", () => {
    expect(looksLikeHtml("<p>Hi</p>")).toBe(true);
    expect(looksLikeHtml("Tom &amp; Jerry")).toBe(true);
    expect(looksLikeHtml("a < b and c > d, R&D")).toBe(false);
  });

  it("reduce HTML to its text, words apart, scripts dropped, entities decoded", () => {
    expect(htmlToText("<p>One</p><p>Two&nbsp;&amp; three</p><script>x()</script><br>four")).toBe(
      "One Two & three four",
    );
  });

  it("decode a title escaped twice once more, leaving literal markup alone", () => {
    expect(decodeTitleEntities("Fish &amp; Chips")).toBe("Fish & Chips");
    expect(decodeTitleEntities("Why <div> is  not a\nbutton")).toBe("Why <div> is not a button");
  });

  it("cut an excerpt at a word boundary without splitting a surrogate pair", () => {
    expect(excerpt("short", 80)).toBe("short");
    expect(excerpt("one two three four", 12)).toBe("one two…");
    expect(excerpt("😀".repeat(20), 10)).toBe(`${"😀".repeat(9)}…`);
  });
});
