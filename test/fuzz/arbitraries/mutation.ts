import fc from "fast-check";
import { DeepMarker } from "./deep";
import { invalidUrl, refusedWebhookUrl } from "./urls";
import { dateText, deepValue, longString, nastyString, oddNumber, wrongValue } from "./values";

/**
 * One mutation of a valid body: a member set to a wrong, hostile or near-miss value, deleted, nested thousands
 * deep, or a prototype key (`__proto__`, `constructor`) added as JSON.parse would create it.
 */

/** Where a member sits in a body: keys and array indexes from the root. */
export type Path = readonly (string | number)[];

const invalidSlug = fc.constantFrom("-x", "x-", "UPPER", "über", "a".repeat(65), "a/b", "");

const invalidEventTypes = fc.constantFrom([], ["webhook.test"], ["article.*"], ["Article.Published"]);

/** The value one mutation writes: anything but what the schema wants, or a near miss of what it wants. */
const mutant: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: wrongValue },
  { weight: 2, arbitrary: nastyString },
  { weight: 1, arbitrary: longString },
  { weight: 1, arbitrary: dateText },
  { weight: 1, arbitrary: fc.oneof(invalidUrl, refusedWebhookUrl, invalidSlug, invalidEventTypes) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "x",
      "english",
      "en_US",
      "audio",
      "text/html; x=y",
      "a@b",
      "ü@例え.jp",
      "fz-nope",
      "owner",
    ),
  },
  { weight: 1, arbitrary: oddNumber.map(String) },
  { weight: 1, arbitrary: deepValue.map((d) => new DeepMarker(d.deep, d.shape)) },
);

type Mutation =
  | { op: "set"; path: Path; value: unknown }
  | { op: "deep-member"; key: string; value: DeepMarker }
  | { op: "delete"; path: Path }
  | { op: "prototype-key"; key: "__proto__" | "constructor" | "prototype"; value: unknown };

function mutation(paths: readonly Path[]): fc.Arbitrary<Mutation> {
  const path = fc.constantFrom(...paths);
  const topLevelKeys = [...new Set(paths.filter((p) => p.length === 1).map((p) => String(p[0])))];
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant("set" as const), path, value: mutant }) },
    {
      // A member nested thousands of objects deep: whatever walks the body recursively meets it.
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant("deep-member" as const),
        key: fc.constantFrom("x", "_extensions", ...topLevelKeys),
        value: fc.constantFrom(10_000, 100_000).map((depth) => new DeepMarker(depth, "object")),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), path }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant("prototype-key" as const),
        key: fc.constantFrom("__proto__" as const, "constructor" as const, "prototype" as const),
        value: fc.constantFrom<unknown>({ title: "polluted", polluted: true }, null, "x", [1], {
          toString: 1,
        }),
      }),
    },
  );
}

/** Sets an own member even when its name is `__proto__`, as JSON.parse would. */
function defineMember(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies one mutation to a copy of `base`, creating the containers a nested path needs. */
function applyMutation(base: unknown, m: Mutation): unknown {
  const root = structuredClone(base) as Record<string | number, unknown>;
  if (m.op === "prototype-key" || m.op === "deep-member") {
    if (typeof root !== "object" || root === null) return root;
    defineMember(root, m.key, m.value);
    return root;
  }
  if (m.path.length === 0) return m.op === "set" ? m.value : undefined;
  let node: Record<string | number, unknown> = root;
  for (const [i, key] of m.path.slice(0, -1).entries()) {
    const next = node[key];
    if (typeof next !== "object" || next === null) {
      defineMember(node, key, typeof m.path[i + 1] === "number" ? [] : {});
    }
    node = node[key] as Record<string | number, unknown>;
  }
  const last = m.path.at(-1) as string | number;
  if (m.op === "delete") delete node[last];
  else defineMember(node, last, m.value);
  return root;
}

/** Valid-ish: the schema's shape with no mutation (half the time) or exactly one. */
export function withOneMutation<T>(valid: fc.Arbitrary<T>, paths: readonly Path[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 1, arbitrary: valid },
    { weight: 1, arbitrary: fc.tuple(valid, mutation(paths)).map(([base, m]) => applyMutation(base, m)) },
  );
}
