import fc from "fast-check";
import { encodeCursor } from "../../../src/domain/cursor";
import { PROBLEM_CODES } from "../../../src/domain/problems";
import { encodeTimelineCursor } from "../../../src/domain/timeline-cursor";
import type { ParamChoice, PathMutation, QuerySpec } from "./case";
import type { RouteSpec } from "./routes";
import { longString, nastyString } from "./values";

/** Where a request goes: path parameters, mutations of the path, and query strings. */

/** Pools each kind of path parameter is drawn from (see test/support/fuzz/world.ts). */
export const PARAM_POOLS: Readonly<Record<string, readonly string[]>> = {
  feed: ["main", "main", "main", "main", "main", "main", "other", "created", "unknown"],
  id: [
    "live",
    "live",
    "live",
    "live",
    "created",
    "created",
    "created",
    "deleted",
    "future",
    "otherFeed",
    "unknown",
    "upper",
  ],
  token_id: ["victim", "victim", "created", "revoked", "self", "unknown", "upper"],
  endpoint: ["seeded", "seeded", "created", "created", "otherFeed", "unknown"],
  delivery: ["dead", "succeeded", "pending", "cancelled", "unknown"],
  subscription: ["seeded", "seeded", "unknown"],
  tag: ["tag", "tag", "unknown"],
  name: ["author", "author", "unknown"],
  code: [...PROBLEM_CODES, "__proto__", "constructor"],
};

/** The pools a well-formed request draws from: things that exist and that the fuzzers' tokens may use. */
const CLEAN_POOLS: Readonly<Record<string, readonly string[]>> = {
  feed: ["main"],
  id: ["live", "live", "created"],
  token_id: ["victim", "created"],
  endpoint: ["seeded", "seeded", "created"],
  delivery: ["dead", "succeeded", "pending", "cancelled"],
  subscription: ["seeded"],
};

const segmentText = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: longString.filter((s) => s.length <= 10_001) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      "..",
      ".",
      "%2e%2e",
      "%2E.",
      "%2F",
      "%00",
      "%",
      "%ZZ",
      "%C3%28",
      "%ED%A0%80",
      "%F0%9F",
      "~",
      "@",
      ";x=1",
      "\\",
    ),
  },
);

export function cleanParam(name: string): fc.Arbitrary<ParamChoice> {
  const pools = CLEAN_POOLS[name] ?? PARAM_POOLS[name] ?? ["unknown"];
  return fc.record({ pool: fc.constantFrom(...pools), index: fc.nat({ max: 50 }) });
}

export function hostileParam(name: string): fc.Arbitrary<ParamChoice> {
  const pools = PARAM_POOLS[name] ?? ["unknown"];
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ pool: fc.constantFrom(...pools), index: fc.nat({ max: 50 }) }) },
    { weight: 2, arbitrary: fc.record({ literal: segmentText, raw: fc.boolean() }) },
  );
}

export const pathMutation: fc.Arbitrary<PathMutation> = fc.oneof(
  fc.constant({ op: "add-trailing-slash" as const }),
  fc.constant({ op: "drop-trailing-slash" as const }),
  fc.record({ op: fc.constant("double-slash" as const), at: fc.nat({ max: 8 }) }),
  fc.record({
    op: fc.constant("dot-segment" as const),
    at: fc.nat({ max: 8 }),
    segment: fc.constantFrom("..", ".", "%2e%2e", "%2E", "x/..", "%2e%2e%2f"),
  }),
  fc.record({ op: fc.constant("percent-encode" as const), at: fc.nat({ max: 80 }), lowerHex: fc.boolean() }),
  fc.constant({ op: "upper-case" as const }),
  fc.record({
    op: fc.constant("replace-segment" as const),
    at: fc.nat({ max: 8 }),
    text: segmentText,
    raw: fc.boolean(),
  }),
  fc.record({ op: fc.constant("append-segment" as const), text: segmentText, raw: fc.boolean() }),
  fc.constant({ op: "drop-last-segment" as const }),
);

const GARBAGE_NUMBERS = [
  "",
  "0",
  "-1",
  "101",
  "1000",
  "1e2",
  " 5",
  "5 ",
  "0x10",
  "1.5",
  "NaN",
  "０５",
  "99999999999999999999",
  "٣",
];
const GARBAGE_CURSORS = [
  "",
  "x",
  "!!!",
  "MQ",
  "MS4y",
  "LTE",
  "OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
  "a".repeat(65),
  "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkw",
  "=",
  "___",
];

const validPageValue = (key: string): fc.Arbitrary<string> => {
  switch (key) {
    case "limit":
      return fc.integer({ min: 1, max: 100 }).map(String);
    case "cursor":
      return fc.nat({ max: 10_000 }).map((n) => encodeCursor([n]));
    case "before":
      return fc
        .tuple(fc.nat({ max: 2 ** 42 }), fc.nat({ max: 10_000 }))
        .map(([datePublished, rowId]) => encodeTimelineCursor({ datePublished, rowId }));
    default:
      return fc.constantFrom("pending", "succeeded", "dead", "cancelled");
  }
};

const pageValue = (key: string): fc.Arbitrary<string> => {
  switch (key) {
    case "limit":
      return fc.oneof(fc.integer({ min: 1, max: 100 }).map(String), fc.constantFrom(...GARBAGE_NUMBERS));
    case "cursor":
      return fc.oneof(
        fc.nat({ max: 10_000 }).map((n) => encodeCursor([n])),
        fc.constantFrom(...GARBAGE_CURSORS),
        nastyString,
      );
    case "before":
      return fc.oneof(
        fc
          .tuple(fc.nat({ max: 2 ** 42 }), fc.nat({ max: 10_000 }))
          .map(([datePublished, rowId]) => encodeTimelineCursor({ datePublished, rowId })),
        fc.nat({ max: 100 }).map((n) => encodeCursor([n])),
        fc.constantFrom(...GARBAGE_CURSORS),
        nastyString,
      );
    case "status":
      return fc.constantFrom("pending", "succeeded", "dead", "cancelled", "PENDING", "all", "");
    default:
      return nastyString;
  }
};

const QUERY_KEYS: Readonly<Record<string, readonly string[]>> = {
  page: ["limit", "cursor"],
  deliveries: ["limit", "cursor", "status"],
  feedPage: ["before"],
};

function queryPairs(keys: readonly string[], valid: boolean): fc.Arbitrary<QuerySpec> {
  const pair = fc.constantFrom(...keys).chain((key) =>
    fc.record({
      key: fc.constant(key),
      value: valid ? validPageValue(key) : pageValue(key),
      raw: fc.boolean(),
    }),
  );
  return fc.record({ pairs: fc.array(pair, { minLength: 1, maxLength: valid ? keys.length : 4 }) });
}

export function cleanQuery(route: RouteSpec): fc.Arbitrary<QuerySpec> {
  const keys = route.query ? (QUERY_KEYS[route.query] ?? []) : [];
  const empty = fc.constant<QuerySpec>({ pairs: [] });
  return keys.length === 0 ? empty : fc.oneof(empty, queryPairs(keys, true));
}

export function hostileQuery(route: RouteSpec): fc.Arbitrary<QuerySpec> {
  const keys = [...(route.query ? (QUERY_KEYS[route.query] ?? []) : []), "x", "__proto__", "limit", "before"];
  return fc.oneof(
    { weight: 3, arbitrary: queryPairs(keys, false) },
    {
      weight: 1,
      arbitrary: fc.record({
        raw: fc.oneof(
          fc.constantFrom(
            "%",
            "&&==&",
            "limit=%ZZ",
            "limit=%C3%28",
            "cursor=%00",
            "before=%2B%2F%3D",
            "a=1&a=2&a=3",
            "=x",
            "limit",
          ),
          nastyString,
        ),
      }),
    },
  );
}
