import fc from "fast-check";

/** Characters that break feeds, parsers and logs: controls, lone surrogates, noncharacters, bidi, markup. */
const HOSTILE_CHARS = [
  "\u0000",
  "\u0001",
  "\u0008",
  "\u000b",
  "\u000c",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u009f",
  "\ud800",
  "\udbff",
  "\udc00",
  "\udfff",
  "\ufffe",
  "\uffff",
  "\ufdd0",
  "\ufeff",
  "\u200b",
  "\u200d",
  "\u202e",
  "\u2028",
  "\u2029",
  "\t",
  "\r",
  "\n",
  "<",
  ">",
  "&",
  '"',
  "'",
  "\\",
  "/",
  "%",
  "]",
];

/** Whole strings known to trouble XML, HTML, JSON, SQL or URL handling. */
export const HOSTILE_STRINGS = [
  "",
  " ",
  "\t\n\r ",
  "]]>",
  "]]>]]>",
  "<![CDATA[x]]>",
  "x]]>y]]>z",
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(1)">',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src="https://evil.example/"></iframe>',
  "&amp;&lt;&#0;&#xD800;&#x110000;&bogus;",
  '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
  "' OR 1=1 --",
  '"; DROP TABLE articles; --',
  "%s%n%x",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as plain text.
  "{{7*7}}${7*7}",
  "__proto__",
  "constructor",
  "a\ud800b",
  "\udc00\ud800",
  "👩‍👩‍👧‍👦🏳️‍🌈",
  "e\u0301\u0301\u0301\u0301",
  "שלום עולם",
  "\u202eevil\u202c",
  "Zoë Ünïcödé 日本語",
  "\ufeffBOM",
  "NaN",
  "-0",
  "1e309",
  "0x10",
  "12",
  "true",
  "null",
  "[object Object]",
];

const hostileChar = fc.constantFrom(...HOSTILE_CHARS);

/** Text a header may carry: ASCII with controls, never NUL, CR or LF (the runtime refuses those); the rest escaped. */
export const headerText: fc.Arbitrary<string> = fc
  .oneof(fc.string({ unit: "binary-ascii", maxLength: 40 }), fc.constantFrom(...HOSTILE_STRINGS))
  .map(asHeaderValue);

// Non-ASCII is escaped rather than sent: workerd would encode it as UTF-8 and warn on every request.
function asHeaderValue(text: string): string {
  let value = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code !== 0 && code !== 10 && code !== 13) value += code < 0x80 ? ch : `\\u{${code.toString(16)}}`;
  }
  return value;
}

const surrogateHalf = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const controlChar = fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code));

/** A character from anywhere: any code point, a lone surrogate half, a control or a hostile ASCII one. */
export const anyChar: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: hostileChar },
  { weight: 1, arbitrary: surrogateHalf },
  { weight: 1, arbitrary: controlChar },
);

/** Short hostile text: random characters, a known troublemaker, or both spliced together. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: anyChar, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...HOSTILE_STRINGS))
      .map(([a, b]) => a + b),
  },
);

/** Text with a printable core, so it survives cleaning and is stored: the common accepted case. */
export const storableText: fc.Arbitrary<string> = fc
  .tuple(fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }), fc.option(nastyString, { freq: 3 }))
  .map(([core, extra]) => `T${core}${extra ?? ""}`);

/** A long string built lazily from a repeated piece: right at, just over, or far over a limit. */
export const longString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(100, 101, 200, 201, 500, 501, 1000, 1001, 2048, 2049, 10_000, 10_001, 40_000),
    fc.constantFrom("a", "é", "&", "<", "]]>", "😀", "\u0000", "\ud800", " "),
  )
  .map(([length, piece]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));

/** Numbers a schema does not expect: negative, fractional, huge, unsafe, exponent-form. */
export const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    0.1,
    101,
    1e21,
    -1e21,
    Number.MAX_SAFE_INTEGER + 2,
    2 ** 53,
    1e308,
    Number.MIN_VALUE,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A value nested `depth` levels deep, built lazily (a JSON text of that depth is made when the body is sent). */
export interface DeepValue {
  deep: number;
  shape: "array" | "object";
}

export const deepValue: fc.Arbitrary<DeepValue> = fc.record({
  deep: fc.constantFrom(64, 1_000, 10_000, 100_000),
  shape: fc.constantFrom("array" as const, "object" as const),
});

/** A value of the wrong kind for whatever field it lands in. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(null, true, false, 0, 1, -1, "", [], {}, [null], { a: 1 }, ["x"], "null"),
  },
  { weight: 2, arbitrary: oddNumber },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: longString },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(
      fc.constantFrom("__proto__", "constructor", "prototype", "toString", "x"),
      fc.jsonValue({ maxDepth: 1 }),
    ),
  },
);

/** RFC 3339 date-times that parse, ordinary and unusual. */
export const validDate: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .date({
        min: new Date("1990-01-01T00:00:00Z"),
        max: new Date("2025-12-31T23:59:59Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString()),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "2015-01-12T15:30:00Z",
      "2015-01-12T15:30:00.123456789+05:30",
      "2015-01-12t15:30:00z",
      "2015-01-12 15:30:00-00:00",
      "2016-12-31T23:59:60Z",
      "0000-01-01T00:00:00Z",
      "0001-02-28T00:00:00Z",
      "9999-12-31T23:59:59Z",
      "9999-12-31T23:59:59-23:59",
      "9999-12-31T23:59:59-00:01",
      "0099-12-31T23:59:59+00:01",
      "1970-01-01T00:00:00+23:59",
      "2099-01-01T00:00:00Z",
    ),
  },
);

/** Date-times that nearly parse. */
export const invalidDate: fc.Arbitrary<string> = fc.constantFrom(
  "2015-02-30T00:00:00Z",
  "2015-01-12T25:61:00Z",
  "2015-01-12T15:30:00+99:00",
  "2015-01-12",
  "12/01/2015",
  "Mon, 12 Jan 2015 15:30:00 GMT",
  "2015-01-12T15:30:00",
  "+275760-09-13T00:00:00Z",
  "１９９０-01-01T00:00:00Z",
  "",
);

export const dateText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: validDate },
  { weight: 1, arbitrary: invalidDate },
);
