import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { buildArticle } from "../../src/domain/article-build";
import { ArticleInput } from "../../src/domain/article-input";
import { cleanSingleLine, cleanText } from "../../src/domain/clean-text";
import { jsonNestingDepth } from "../../src/domain/json-depth";
import { sanitizeHtml } from "../../src/domain/sanitize-html";
import { parseTopic } from "../../src/feeds/websub-topic";
import { negotiateFeedFormat } from "../../src/http/feed-negotiation";
import { MAX_IMPORT_ITEMS } from "../../src/http/feed-transfer-api";
import { readIdempotencyKey } from "../../src/http/idempotency";
import { assertJsonContentType } from "../../src/http/read-json";
import { decodeDocument } from "../../src/import/decode-document";
import { parseFeedDate } from "../../src/import/feed-dates";
import { decodeTitleEntities, excerpt, htmlToText, looksLikeHtml } from "../../src/import/html-text";
import { identifyItem } from "../../src/import/item-identity";
import { parseFeedDocument } from "../../src/import/parse-feed-document";
import { distinctAttributes, HOSTILE_FEEDS, type HostileShape } from "../support/hostile-feeds";

/** Each input is timed at n and at GROWTH × n: linear work grows about GROWTH×, quadratic GROWTH²×. */
const GROWTH = 4;
/** Well below quadratic (16×), with room for the noise of a loaded two-core machine. */
const MAX_RATIO = 10;
/** A timing repeats its call until this much time has passed, so that fast calls rise above the clock's grain. */
const MIN_SAMPLE_MS = 10;
const ROUNDS = 3;

function msPerCall(call: () => unknown): number {
  const started = performance.now();
  let calls = 0;
  let elapsed = 0;
  do {
    call();
    calls++;
    elapsed = performance.now() - started;
  } while (elapsed < MIN_SAMPLE_MS);
  return elapsed / calls;
}

/** How many times longer `run` takes on the larger input: the best of a few rounds each, after a warm-up. */
function growthOf<T>(run: (input: T) => unknown, make: (n: number) => T, n: number): number {
  const small = make(n);
  const large = make(GROWTH * n);
  run(small);
  let smallMs = Number.POSITIVE_INFINITY;
  let largeMs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    smallMs = Math.min(
      smallMs,
      msPerCall(() => run(small)),
    );
    largeMs = Math.min(
      largeMs,
      msPerCall(() => run(large)),
    );
  }
  return largeMs / smallMs;
}

type Case = [input: string, make: (n: number) => string, n: number];

const times = (unit: string) => (n: number) => unit.repeat(n);
/** `count` distinct attribute names (`a0`, `a1` … in base 36). */
/** The shapes every HTML reader meets: tags, attributes, references and whitespace gone wrong. */
const HTML_CASES: Case[] = [
  ["`<a` repeated without `>`", times("<a"), 100_000],
  ["`</a` repeated without `>`", times("</a"), 100_000],
  ["100 000 nested elements", times("<b>"), 25_000],
  ["nested blocks with text", times("<div>a"), 25_000],
  ["close tags that match nothing, under deep nesting", (n) => "<b>".repeat(999) + "</i>".repeat(n), 25_000],
  ["a million attributes", (n) => `<p ${"a ".repeat(n)}>x</p>`, 250_000],
  ["distinct attributes", (n) => `<p${distinctAttributes(n)}>x</p>`, 25_000],
  ["quoted attribute values left open", (n) => `<p ${'a="'.repeat(n)}`, 100_000],
  ["a run of `&`", times("&"), 250_000],
  ["numeric references without `;`", times("&#1"), 100_000],
  ["hexadecimal references without `;`", times("&#x1"), 100_000],
  ["named references without `;`", times("&amp"), 100_000],
  ["a run of whitespace", (n) => `<p>a${" \t\n".repeat(n)}b</p>`, 100_000],
  ["a srcset of empty candidates", (n) => `<img srcset="${" ,".repeat(n)}">`, 100_000],
  ["comments and CDATA left open", (n) => `${"<!--".repeat(n)}${"<![CDATA[".repeat(n)}`, 25_000],
];

describe.each([
  ["looksLikeHtml", looksLikeHtml],
  ["htmlToText", htmlToText],
  ["sanitizeHtml", (html: string) => sanitizeHtml(html, "https://example.com/")],
])("%s runs in linear time on", (_name, run) => {
  it.each(HTML_CASES)("%s", (_input, make, n) => {
    expect(growthOf(run, make, n)).toBeLessThan(MAX_RATIO);
  });
});

describe("feed text helpers run in linear time on", () => {
  const cases: [string, (text: string) => unknown, (n: number) => string, number][] = [
    ["a date that is a run of `(`", parseFeedDate, times("("), 250_000],
    ["a date with a run of spaces", parseFeedDate, (n) => `1${" ".repeat(n)}x`, 250_000],
    ["a date that is a run of digits", parseFeedDate, times("1"), 250_000],
    ["a date with a run of `(` and `)`", parseFeedDate, (n) => `${"( )".repeat(n)}x)`, 100_000],
    ["a title of `&` runs", decodeTitleEntities, times("&amp;amp"), 100_000],
    ["an excerpt of a whitespace run", (text) => excerpt(text, 300), (n) => `a${" \n".repeat(n)}b`, 250_000],
    ["an excerpt of a long text", (text) => excerpt(text, 300), times("word "), 100_000],
    [
      "an XML declaration without an end",
      (text) => decodeDocument(new TextEncoder().encode(text), null),
      (n) => `<?xml${" ".repeat(n)}`,
      250_000,
    ],
  ];
  it.each(cases)("%s", (_input, run, make, n) => {
    expect(growthOf(run, make, n)).toBeLessThan(MAX_RATIO);
  });
});

describe("validation and request parsing run in linear time on", () => {
  const article = (fields: Record<string, unknown>) => () =>
    v.safeParse(ArticleInput, { title: "t", ...fields });
  const cases: [string, (text: string) => unknown, (n: number) => string, number][] = [
    [
      "an email of dashed labels",
      (s) => article({ authors: [{ email: s }] })(),
      (n) => `a@${"a-".repeat(n)}!`,
      100_000,
    ],
    [
      "an email of dotted labels",
      (s) => article({ authors: [{ email: s }] })(),
      (n) => `${"a.".repeat(n)}@a.a!`,
      100_000,
    ],
    [
      "a MIME type without a slash",
      (s) => article({ attachments: [{ url: "https://e.example/a", mime_type: s }] })(),
      times("a+"),
      100_000,
    ],
    ["a language tag of dashes", (s) => article({ language: s })(), (n) => `en${"-a".repeat(n)}!`, 100_000],
    ["a title of whitespace runs", (s) => article({ title: s })(), (n) => `a${" \t".repeat(n)}b`, 100_000],
    ["control characters", cleanText, times("a\u0000\uD800"), 100_000],
    ["runs of spaces in a single line", cleanSingleLine, (n) => `a${" ".repeat(n)}b`, 250_000],
    ["JSON of nested arrays", jsonNestingDepth, (n) => "[".repeat(n) + "]".repeat(n), 250_000],
    [
      "a JSON media type of `+` runs",
      (t) => tryCall(() => assertJsonContentType(withHeader("content-type", t))),
      (n) => `application/${"+".repeat(n)}x`,
      100_000,
    ],
    [
      "an Idempotency-Key with quotes",
      (k) => tryCall(() => readIdempotencyKey(withHeader("idempotency-key", k))),
      (n) => `"${'"'.repeat(n)}x`,
      100_000,
    ],
    ["an Accept header of ranges", negotiateFeedFormat, (n) => "a/b;q=0.5,".repeat(n), 25_000],
    [
      "a WebSub topic path",
      (p) => parseTopic(`https://ferry.test${p}`, "https://ferry.test"),
      (n) => `/feeds/${"a/".repeat(n)}rss.xml`,
      25_000,
    ],
  ];
  it.each(cases)("%s", (_input, run, make, n) => {
    expect(growthOf(run, make, n)).toBeLessThan(MAX_RATIO);
  });
});

/** An import without its D1 writes: parse, map, identify, validate and build (sanitise) every item. */
function mapDocument(text: string): number {
  const parsed = parseFeedDocument(text, MAX_IMPORT_ITEMS);
  if (!parsed.ok) return 0;
  let built = 0;
  for (const candidate of parsed.candidates) {
    const item = identifyItem(candidate);
    const checked = v.safeParse(ArticleInput, item.fields, { abortPipeEarly: true });
    if (!checked.success) continue;
    buildArticle(checked.output, {
      id: "a",
      feedSlug: "f",
      nowMs: 0,
      previous: null,
      guid: item.guid,
      contentBaseUrl: item.contentBaseUrl,
    });
    built++;
  }
  return built;
}

describe("an import document's mapping runs in linear time on", () => {
  it.each(Object.keys(HOSTILE_FEEDS) as HostileShape[])("%s", (shape) => {
    expect(growthOf(mapDocument, HOSTILE_FEEDS[shape], 256 * 1024)).toBeLessThan(MAX_RATIO);
  });
});

function withHeader(name: string, value: string): Request {
  return new Request("https://ferry.test/", { headers: { [name]: value } });
}

function tryCall(call: () => unknown): unknown {
  try {
    return call();
  } catch (error) {
    return error;
  }
}
