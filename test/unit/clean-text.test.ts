import { describe, expect, it } from "vitest";
import { cleanSingleLine, cleanText } from "../../src/domain/clean-text";
import controlChars from "../fixtures/hostile/control-chars.json";
import unicode from "../fixtures/hostile/unicode.json";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const char = (codePoint: number) => String.fromCodePoint(codePoint);

describe("cleanText", () => {
  it("removes C0 controls except tab, line feed and carriage return", () => {
    for (const code of range(0x00, 0x1f)) {
      const expected = code === 0x09 || code === 0x0a || code === 0x0d ? `a${char(code)}b` : "ab";
      expect(cleanText(`a${char(code)}b`), `U+${code.toString(16)}`).toBe(expected);
    }
  });

  it("removes DEL and the C1 controls", () => {
    for (const code of range(0x7f, 0x9f)) expect(cleanText(`a${char(code)}b`)).toBe("ab");
    expect(cleanText("a\u00a0b")).toBe("a\u00a0b");
  });

  it("removes U+FFFE, U+FFFF and the U+FDD0–U+FDEF noncharacters", () => {
    expect(cleanText("a\uFFFEb\uFFFFc")).toBe("abc");
    for (const code of range(0xfdd0, 0xfdef)) expect(cleanText(`a${char(code)}b`)).toBe("ab");
    expect(cleanText("\uFDCF\uFDF0\uFFFD\uFFFC")).toBe("\uFDCF\uFDF0\uFFFD\uFFFC");
  });

  it("removes noncharacters at the end of every astral plane", () => {
    for (const plane of range(1, 16)) {
      const base = plane * 0x10000;
      expect(cleanText(`a${char(base + 0xfffe)}b${char(base + 0xffff)}c`)).toBe("abc");
      expect(cleanText(char(base + 0xfffd))).toBe(char(base + 0xfffd));
    }
  });

  it("removes lone surrogates but keeps valid pairs", () => {
    expect(cleanText("a\uD83Cb")).toBe("ab");
    expect(cleanText("a\uDF89b")).toBe("ab");
    expect(cleanText("\uDF89\uD83C")).toBe("");
    expect(cleanText("x\uD83C")).toBe("x");
    expect(cleanText("\uDF89x")).toBe("x");
    expect(cleanText("\uD83C\uDF89\uD83C")).toBe("\uD83C\uDF89");
    // The title of fixtures/hostile/lone-surrogate.json, which the bundler's JSON parser cannot import.
    expect(cleanText(JSON.parse('"half \\ud83c pair"'))).toBe("half  pair");
  });

  it("keeps emoji sequences, astral characters and combining marks", () => {
    const text = "👩🏽‍🎤 🏳️‍🌈 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠀀 é";
    expect(cleanText(text)).toBe(text);
  });

  it("keeps bidi marks and overrides, zero-width characters and the Unicode line separators", () => {
    const text =
      "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff\u2028\u2029";
    expect(cleanText(text)).toBe(text);
  });

  it("leaves the unicode fixture untouched", () => {
    for (const value of [unicode.title, unicode.summary, unicode.content_html]) {
      expect(cleanText(value)).toBe(value);
    }
  });

  it("strips the control-chars fixture down to legal characters", () => {
    expect(cleanText(controlChars.title)).toBe("Bell and NUL-ish  escape [31m");
    expect(cleanText(controlChars.content_html)).toBe("<p>formfeed  </p>");
  });

  it("leaves clean text as it is", () => {
    const text = "Plain text, with\ttabs\r\nand newlines — and “quotes”.";
    expect(cleanText(text)).toBe(text);
    expect(cleanText("")).toBe("");
  });

  it("cleans a megabyte of hostile text in linear time", () => {
    const hostile = "a\u0000\uD800\uFFFE\u0085".repeat(200_000);
    const started = performance.now();
    expect(cleanText(hostile)).toBe("a".repeat(200_000));
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("cleanSingleLine", () => {
  it("turns each run of line breaks and tabs into one space", () => {
    expect(cleanSingleLine("a\r\nb\n\n\tc\rd")).toBe("a b c d");
    expect(cleanSingleLine("a \n  b")).toBe("a b");
  });

  it("treats U+2028 and U+2029 as line breaks", () => {
    expect(cleanSingleLine("a\u2028b\u2029c")).toBe("a b c");
  });

  it("keeps runs of plain spaces inside the line", () => {
    expect(cleanSingleLine("a  b")).toBe("a  b");
  });

  it("trims the result", () => {
    expect(cleanSingleLine(" \n\t title \r\n")).toBe("title");
    expect(cleanSingleLine("\n\t\r")).toBe("");
  });

  it("removes illegal characters first", () => {
    expect(cleanSingleLine("a\u0000\n\u0007b\uFFFF")).toBe("a b");
    expect(cleanSingleLine(controlChars.title)).toBe("Bell and NUL-ish  escape [31m");
  });

  it("keeps bidi overrides and emoji in titles", () => {
    expect(cleanSingleLine(unicode.title)).toBe(unicode.title);
  });

  it("handles long runs of spaces without backtracking", () => {
    const started = performance.now();
    expect(cleanSingleLine(`a${" ".repeat(500_000)}b`)).toHaveLength(500_002);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
