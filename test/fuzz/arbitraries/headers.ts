import fc from "fast-check";
import { AUTH_FORMATS, type AuthFormat, type Credential, type HeaderSpec, type Who } from "./case";
import type { RouteSpec } from "./routes";
import { headerText } from "./values";

/** What a request says about itself: headers, content types and credentials, well-behaved or hostile. */

const headerValue = headerText;

const ACCEPTS = [
  "application/rss+xml",
  "application/atom+xml",
  "application/feed+json",
  "application/json",
  "text/html",
  "*/*",
  "application/*;q=0.5, text/html;q=0",
  "application/rss+xml;q=0, */*;q=0.001",
  "text/html;q=1.5",
  "application/atom+xml;q=abc",
  ";;;,,,",
  "*/*;q=0",
  "application/xml, text/xml",
];

const HTTP_DATES = [
  "Sun, 06 Nov 1994 08:49:37 GMT",
  "Sunday, 06-Nov-94 08:49:37 GMT",
  "Sun Nov  6 08:49:37 1994",
  "Fri, 31 Dec 9999 23:59:59 GMT",
  "Thu, 01 Jan 1970 00:00:00 GMT",
  "0",
  "-1",
  "yesterday",
  "",
  "Wed, 32 Feb 2025 25:61:61 GMT",
  "+275760-09-13T00:00:00.000Z",
];

const ETAGS = ['"x"', 'W/"x"', "*", '"', "W/", ",,,", '"a", "b"', 'W/W/"x"', '""', `"${"e".repeat(500)}"`];

const IDEMPOTENCY_KEYS = [
  "fuzz-key-1",
  "fuzz-key-2",
  '"fuzz-key-1"',
  " fuzz-key-1 ",
  "",
  "has space",
  "k\u007fey",
  "k".repeat(255),
  "k".repeat(256),
  "\t",
];

/** Headers a well-behaved client sends: a fresh Idempotency-Key, the current ETag, a sensible Accept. */
export function cleanHeader(route: RouteSpec): fc.Arbitrary<HeaderSpec> {
  return fc.oneof(
    {
      weight: route.idempotent ? 3 : 0,
      arbitrary: fc.constant({ name: "idempotency-key", symbolic: "fresh" } as const),
    },
    {
      weight: route.conditional === "ifMatch" ? 3 : 0,
      arbitrary: fc.constant({ name: "if-match", symbolic: "current" } as const),
    },
    {
      weight: route.conditional === "ifNoneMatch" ? 3 : 0,
      arbitrary: fc
        .constantFrom("current" as const, "weak-current" as const)
        .map((symbolic) => ({ name: "if-none-match" as const, symbolic })),
    },
    {
      weight: route.group === "public" ? 3 : 0,
      arbitrary: fc.constantFrom(...ACCEPTS.slice(0, 6)).map((value) => ({ name: "accept", value })),
    },
    { weight: 1, arbitrary: fc.constant({ name: "x-request-id", value: "fuzz-request-1" }) },
  );
}

export function hostileHeader(route: RouteSpec): fc.Arbitrary<HeaderSpec> {
  const literal = (name: string, values: fc.Arbitrary<string>) =>
    values.map((value): HeaderSpec => ({ name, value }));
  return fc.oneof(
    {
      weight: route.idempotent ? 4 : 1,
      arbitrary: fc.constant({ name: "idempotency-key", symbolic: "fresh" } as const),
    },
    {
      weight: 1,
      arbitrary: literal("idempotency-key", fc.oneof(fc.constantFrom(...IDEMPOTENCY_KEYS), headerValue)),
    },
    {
      weight: route.conditional ? 4 : 1,
      arbitrary: fc.record({
        name: fc.constantFrom("if-match" as const, "if-none-match" as const),
        symbolic: fc.constantFrom("current" as const, "weak-current" as const, "list-with-current" as const),
      }),
    },
    { weight: 1, arbitrary: literal("if-match", fc.oneof(fc.constantFrom(...ETAGS), headerValue)) },
    { weight: 1, arbitrary: literal("if-none-match", fc.oneof(fc.constantFrom(...ETAGS), headerValue)) },
    {
      weight: route.conditional ? 2 : 1,
      arbitrary: literal("if-modified-since", fc.oneof(fc.constantFrom(...HTTP_DATES), headerValue)),
    },
    {
      weight: route.group === "public" ? 4 : 1,
      arbitrary: literal("accept", fc.oneof(fc.constantFrom(...ACCEPTS), headerValue)),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("longer" as const, "shorter" as const)
        .map((symbolic) => ({ name: "content-length" as const, symbolic })),
    },
    {
      weight: 1,
      arbitrary: literal(
        "content-length",
        fc.constantFrom("0", "-1", "abc", "99999999999", "1048577", "1e3", " 5"),
      ),
    },
    {
      weight: 1,
      arbitrary: literal(
        "content-encoding",
        fc.constantFrom("gzip", "br", "deflate", "identity", "x-garbage"),
      ),
    },
    {
      weight: 1,
      arbitrary: literal("x-request-id", fc.oneof(fc.constantFrom("ok-id_1.2", "a".repeat(65)), headerValue)),
    },
    {
      weight: 1,
      arbitrary: literal("transfer-encoding", fc.constantFrom("chunked", "gzip, chunked", "identity")),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), headerValue)
        .map(([name, value]): HeaderSpec => ({ name: `x-${name}`, value })),
    },
  );
}

const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "application/json;charset=UTF-8",
  'application/json; charset="utf-8"',
  "application/merge-patch+json",
  "application/vnd.api+json",
  "APPLICATION/JSON",
  "application/json; charset=latin1",
  "application/json; charset=utf-16",
  "application/json; charset=",
  "application/json;;;",
  "application/json; boundary=x; charset=utf8",
  "text/plain",
  "text/json",
  "application/x-www-form-urlencoded",
  "application/x-www-form-urlencoded; charset=iso-8859-1",
  "multipart/form-data; boundary=xyz",
  "application/xml",
  "*/*",
  "",
  "json",
  "application/",
  "application/+json",
];

export const hostileContentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: headerValue },
);

/** Tokens that may use a route needing `role` on the main feed. */
const WHO_GOOD: Readonly<Record<"read" | "write" | "admin", readonly Who[]>> = {
  admin: ["admin", "admin", "scopedAdmin"],
  write: ["admin", "scopedAdmin", "write", "write"],
  read: ["admin", "scopedAdmin", "write", "read", "read"],
};
const WHO_BAD: readonly Who[] = ["otherFeed", "revoked", "expired", "unknown", "read"];

export function cleanCredential(route: RouteSpec): fc.Arbitrary<Credential | null> {
  const who = fc.constantFrom(...WHO_GOOD[route.role ?? "read"]);
  const good = fc.record({ who, format: fc.constant<AuthFormat>("bearer") });
  return route.path.startsWith("/v1")
    ? good
    : fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: good });
}

export const hostileCredential: fc.Arbitrary<Credential | null> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ who: fc.constantFrom(...WHO_BAD), format: fc.constantFrom(...AUTH_FORMATS) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      who: fc.constantFrom(...WHO_GOOD.read),
      format: fc.constantFrom(...AUTH_FORMATS),
    }),
  },
  { weight: 1, arbitrary: fc.constant(null) },
);
