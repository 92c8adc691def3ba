import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import {
  element,
  escapeXmlAttr,
  escapeXmlText,
  formatRfc822,
  optionalElement,
  renderXmlDocument,
  stripXmlIllegalChars,
} from "../../src/feeds/xml-writer";
import { expectedClean, NASTY_STRINGS, xmlParser } from "./feed-fixtures";

describe("escaping", () => {
  it("escapes markup characters in text, including > so ]]> cannot appear", () => {
    expect(escapeXmlText("a & b < c > d ]]> e")).toBe("a &amp; b &lt; c &gt; d ]]&gt; e");
    expect(escapeXmlText("&amp;")).toBe("&amp;amp;");
  });

  it("keeps carriage returns as references so parsers do not turn them into line feeds", () => {
    expect(escapeXmlText("a\r\nb")).toBe("a&#xD;\nb");
  });

  it("escapes both quote styles and whitespace that attribute normalisation would lose", () => {
    expect(escapeXmlAttr(`"'<&>\t\n\r`)).toBe("&quot;&apos;&lt;&amp;&gt;&#x9;&#xA;&#xD;");
  });

  it("drops characters XML forbids but keeps astral characters and legal whitespace", () => {
    expect(stripXmlIllegalChars("a\u0000b\u0001c\u001fd\ufffee\uffff")).toBe("abcde");
    expect(stripXmlIllegalChars("lone \ud83c and \udc00 halves")).toBe("lone  and  halves");
    expect(stripXmlIllegalChars("𝕏 👩🏽‍🎤 \t\n\r \u202E \u0085 \ufffd")).toBe(
      "𝕏 👩🏽‍🎤 \t\n\r \u202E \u0085 \ufffd",
    );
    expect(escapeXmlText("\u0007bell")).toBe("bell");
  });
});

describe("element", () => {
  it("leaves out null, undefined and false children and null or undefined attributes", () => {
    const xml = element("a", { x: "1", y: null, z: undefined, n: 0 }, [null, undefined, false, "t"]).xml;
    expect(xml).toBe('<a x="1" n="0">t</a>');
  });

  it("self-closes an element without content", () => {
    expect(element("e", { k: "v" }).xml).toBe('<e k="v"/>');
    expect(element("e", {}, [""]).xml).toBe("<e/>");
  });

  it("escapes string children, so a string can never inject markup", () => {
    const xml = element("a", {}, ["<b>x</b>", element("c", {}, ["y"])]).xml;
    expect(xml).toBe("<a>&lt;b&gt;x&lt;/b&gt;<c>y</c></a>");
  });

  it("skips an optional element whose text is empty or absent", () => {
    expect(optionalElement("a", null)).toBeNull();
    expect(optionalElement("a", undefined)).toBeNull();
    expect(optionalElement("a", "")).toBeNull();
    expect(optionalElement("a", "0", { k: "v" })?.xml).toBe('<a k="v">0</a>');
  });

  it("writes a document with the XML declaration", () => {
    const xml = renderXmlDocument(element("root", {}, ["x"]));
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<root>x</root>\n');
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it.each(NASTY_STRINGS)("round-trips %j through text and attributes", (nasty) => {
    const xml = renderXmlDocument(element("root", { a: nasty }, [nasty]));
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(expectedClean(xml)).toBe(xml);
    const parsed = xmlParser.parse(xml);
    expect(parsed.root["#text"]).toBe(expectedClean(nasty));
    expect(parsed.root["@_a"]).toBe(expectedClean(nasty));
  });
});

describe("formatRfc822", () => {
  it("writes RFC 1123 dates in GMT", () => {
    expect(formatRfc822(Date.UTC(2015, 0, 12, 15, 30, 0))).toBe("Mon, 12 Jan 2015 15:30:00 GMT");
    expect(formatRfc822(0)).toBe("Thu, 01 Jan 1970 00:00:00 GMT");
    expect(formatRfc822(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe("Thu, 29 Feb 2024 23:59:59 GMT");
  });

  it("refuses an invalid timestamp instead of writing Invalid Date", () => {
    expect(() => formatRfc822(Number.NaN)).toThrow(RangeError);
    expect(() => formatRfc822(8.64e15 + 1)).toThrow(RangeError);
  });
});
