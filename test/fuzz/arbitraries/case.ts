import fc from "fast-check";
import type { BodySpec } from "./bodies";

/**
 * One fuzz case and its parts, symbolic until it runs (test/support/fuzz/materialise.ts makes it a Request):
 * arbitraries stay pure, so a seed replays exactly and fast-check can shrink a failure.
 */

/** A path parameter: an entry of one of the world's pools (resolved when the case runs), or literal text. */
export type ParamChoice = { pool: string; index: number } | { literal: string; raw: boolean };

export type PathMutation =
  | { op: "add-trailing-slash" }
  | { op: "drop-trailing-slash" }
  | { op: "double-slash"; at: number }
  | { op: "dot-segment"; at: number; segment: string }
  | { op: "percent-encode"; at: number; lowerHex: boolean }
  | { op: "upper-case" }
  | { op: "replace-segment"; at: number; text: string; raw: boolean }
  | { op: "append-segment"; text: string; raw: boolean }
  | { op: "drop-last-segment" };

export type QuerySpec = { pairs: { key: string; value: string; raw: boolean }[] } | { raw: string };

/** Who the Authorization header speaks for, and how it is written. */
export type Who =
  | "admin"
  | "scopedAdmin"
  | "write"
  | "read"
  | "otherFeed"
  | "revoked"
  | "expired"
  | "unknown";
export const AUTH_FORMATS = [
  "bearer",
  "lower-scheme",
  "extra-spaces",
  "trailing-tab",
  "basic",
  "appended-char",
  "truncated",
  "upper-token",
  "two-tokens",
  "token-scheme",
  "scheme-only",
  "oversized",
  "control-char",
  "two-headers",
] as const;
export type AuthFormat = (typeof AUTH_FORMATS)[number];
export interface Credential {
  who: Who;
  format: AuthFormat;
}

/** A header: literal text, or a value only the running world knows (an article's current ETag, a fresh key). */
export type HeaderSpec =
  | { name: string; value: string }
  | { name: "if-match" | "if-none-match"; symbolic: "current" | "weak-current" | "list-with-current" }
  | { name: "idempotency-key"; symbolic: "fresh" }
  | { name: "content-length"; symbolic: "longer" | "shorter" };

/** One fuzz case, symbolic until it runs: arbitraries stay pure, so a seed replays and shrinking works. */
export interface FuzzCase {
  route: string;
  method: string;
  params: Record<string, ParamChoice>;
  pathMutations: PathMutation[];
  query: QuerySpec;
  credential: Credential | null;
  headers: HeaderSpec[];
  /** "auto" = the media type the route expects. */
  contentType: string | null;
  body: BodySpec;
}

/** How a case prints in fast-check's counterexample: one readable line, long values clipped. */
export function describeCase(c: FuzzCase): string {
  const json = (v: unknown) => clip(fc.stringify(v), 300);
  const parts = [
    `${c.method} ${c.route}`,
    `params=${json(c.params)}`,
    c.pathMutations.length > 0 ? `pathMutations=${json(c.pathMutations)}` : "",
    "pairs" in c.query && c.query.pairs.length === 0 ? "" : `query=${json(c.query)}`,
    `credential=${c.credential ? `${c.credential.who}/${c.credential.format}` : "none"}`,
    c.headers.length > 0 ? `headers=${json(c.headers)}` : "",
    `contentType=${json(c.contentType)}`,
    `body=${json(c.body)}`,
  ];
  return `{ ${parts.filter(Boolean).join(", ")} }`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
