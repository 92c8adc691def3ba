import fc from "fast-check";
import { activityBody } from "./activities";
import { feedDocumentBody } from "./documents";
import { hubFormPairs } from "./hub-form";
import {
  articleBody,
  articlePatchBody,
  feedBody,
  feedPatchBody,
  replayBody,
  tokenBody,
  webhookBody,
  webhookPatchBody,
} from "./inputs";
import type { BodyKind, RouteSpec } from "./routes";
import { nastyString } from "./values";

/** How a body is wrapped or damaged on its way out. */
export type Wrapping =
  | { how: "truncate"; at: number }
  | { how: "bom" }
  | { how: "utf16le" }
  | { how: "latin1" }
  | { how: "gzip" }
  | { how: "stream"; chunks: number }
  | { how: "trailing-garbage"; text: string }
  | { how: "invalid-utf8"; bytes: number[] };

/** A request body, symbolic until sent (huge bodies are only built then). */
export type BodySpec =
  | { kind: "none" }
  | { kind: "json"; value: unknown }
  | { kind: "form"; pairs: [string, string][] }
  | { kind: "text"; text: string }
  | { kind: "bytes"; bytes: number[] }
  | { kind: "huge"; bytes: number; fill: string }
  | { kind: "document"; format: "rss" | "atom" | "json"; text: string }
  | { kind: "wrapped"; wrapping: Wrapping; inner: BodySpec };

const STRUCTURED: Readonly<Record<BodyKind, fc.Arbitrary<BodySpec>>> = {
  article: articleBody.map((value) => ({ kind: "json", value })),
  articlePatch: articlePatchBody.map((value) => ({ kind: "json", value })),
  feed: feedBody.map((value) => ({ kind: "json", value })),
  feedPatch: feedPatchBody.map((value) => ({ kind: "json", value })),
  token: tokenBody.map((value) => ({ kind: "json", value })),
  webhook: webhookBody.map((value) => ({ kind: "json", value })),
  webhookPatch: webhookPatchBody.map((value) => ({ kind: "json", value })),
  replay: replayBody.map((value) => ({ kind: "json", value })),
  hubForm: hubFormPairs.map((pairs) => ({ kind: "form", pairs })),
  feedDocument: feedDocumentBody,
  activity: activityBody,
};

const INVALID_UTF8 = [
  [0xc3, 0x28],
  [0xff],
  [0xed, 0xa0, 0x80],
  [0xc0, 0xaf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0xfe, 0xfe],
];

const GARBAGE_TEXTS = [
  "",
  " ",
  "\n",
  "null",
  "[]",
  "{}",
  "1",
  '"x"',
  "{",
  '{"title":',
  "{'title':'x'}",
  '{"title":"x",}',
  '{"title":"x"}garbage',
  '{"title":"x","title":5}',
  '{"title":"x"}{"title":"y"}',
  '{"title": NaN}',
  '{"title":"\\ud800"}',
  '{"title":"\\u0000"}',
  '{"title":"x\\"}',
  '{"__proto__":{"title":"polluted"}}',
  '{"constructor":{"prototype":{"title":"x"}}}',
  "hub.mode=subscribe",
  "a=b&c",
  "<xml/>",
  "\u0000",
];

const garbage: fc.Arbitrary<BodySpec> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.constantFrom(...GARBAGE_TEXTS).map((text): BodySpec => ({ kind: "text", text })),
  },
  {
    weight: 2,
    arbitrary: fc
      .uint8Array({ maxLength: 64 })
      .map((bytes): BodySpec => ({ kind: "bytes", bytes: [...bytes] })),
  },
  { weight: 1, arbitrary: nastyString.map((text): BodySpec => ({ kind: "text", text })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): BodySpec => ({ kind: "json", value })) },
  {
    weight: 1,
    arbitrary: fc
      .record({
        bytes: fc.constantFrom(1_048_576, 1_048_577, 1_500_000),
        fill: fc.constantFrom("a", "&", "é"),
      })
      .map((h): BodySpec => ({ kind: "huge", ...h })),
  },
);

const wrapping: fc.Arbitrary<Wrapping> = fc.oneof(
  fc.record({ how: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.constant({ how: "bom" as const }),
  fc.constant({ how: "utf16le" as const }),
  fc.constant({ how: "latin1" as const }),
  fc.constant({ how: "gzip" as const }),
  fc.record({ how: fc.constant("stream" as const), chunks: fc.integer({ min: 1, max: 5 }) }),
  fc.record({
    how: fc.constant("trailing-garbage" as const),
    text: fc.constantFrom(",", "}", " x", "\u0000", "]]>"),
  }),
  fc.record({ how: fc.constant("invalid-utf8" as const), bytes: fc.constantFrom(...INVALID_UTF8) }),
);

/** The route's own valid-ish body (valid, or with one member mutated). */
export function ownBody(route: RouteSpec): fc.Arbitrary<BodySpec> {
  return route.body ? STRUCTURED[route.body] : fc.constant({ kind: "none" });
}

/**
 * A hostile body for `route`: garbage, a damaged encoding of its own valid-ish body, another route's body, or
 * none at all where one is needed (and a body where none is expected).
 */
export function bodyFor(route: RouteSpec, kinds: readonly BodyKind[]): fc.Arbitrary<BodySpec> {
  const options: fc.WeightedArbitrary<BodySpec>[] = [
    { weight: route.body ? 1 : 2, arbitrary: fc.constant({ kind: "none" }) },
    { weight: 4, arbitrary: garbage },
    {
      weight: route.body ? 4 : 0,
      arbitrary: fc.record({ kind: fc.constant("wrapped" as const), wrapping, inner: ownBody(route) }),
    },
  ];
  if (kinds.length > 0)
    options.push({ weight: 2, arbitrary: fc.constantFrom(...kinds).chain((kind) => STRUCTURED[kind]) });
  return fc.oneof(...options);
}
