import fc from "fast-check";
import { bodyFor, ownBody } from "./bodies";
import { describeCase, type FuzzCase } from "./case";
import {
  cleanCredential,
  cleanHeader,
  hostileContentType,
  hostileCredential,
  hostileHeader,
} from "./headers";
import { type BodyKind, type RouteSpec, templateParams } from "./routes";
import { cleanParam, cleanQuery, hostileParam, hostileQuery, pathMutation } from "./targets";

/**
 * How far from a well-formed request a case strays. `structured`: a well-formed request to the route with
 * exactly one aspect made hostile (or none, or only a body field), so most writes get far enough to be
 * validated and many are accepted. `chaos`: every aspect independently hostile.
 */
export type Profile = "structured" | "chaos";

type Aspect =
  | "method"
  | "params"
  | "pathMutations"
  | "query"
  | "credential"
  | "headers"
  | "contentType"
  | "body";

/** How often each aspect is the hostile one in a structured case; "none" leaves only the body's own mutation. */
const STRUCTURED_FOCUS: readonly { weight: number; arbitrary: fc.Arbitrary<Aspect | "none"> }[] = [
  { weight: 5, arbitrary: fc.constant("none") },
  { weight: 2, arbitrary: fc.constant("params") },
  { weight: 2, arbitrary: fc.constant("headers") },
  { weight: 2, arbitrary: fc.constant("body") },
  { weight: 1, arbitrary: fc.constant("credential") },
  { weight: 1, arbitrary: fc.constant("method") },
  { weight: 1, arbitrary: fc.constant("pathMutations") },
  { weight: 1, arbitrary: fc.constant("query") },
  { weight: 1, arbitrary: fc.constant("contentType") },
];

export const METHODS = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
  "TRACE",
  "PURGE",
  "PROPFIND",
  "QUERY",
  "LOCK",
  "get",
  "post",
  "patch",
  "Delete",
];

type Aspects = { [K in Aspect]: fc.Arbitrary<FuzzCase[K]> };

function cleanAspects(route: RouteSpec): Aspects {
  const params = Object.fromEntries(templateParams(route.path).map((name) => [name, cleanParam(name)]));
  return {
    method: fc.constant(route.method),
    params: fc.record(params),
    pathMutations: fc.constant([]),
    query: cleanQuery(route),
    credential: cleanCredential(route),
    headers: fc.array(cleanHeader(route), { maxLength: 2 }),
    contentType: fc.constant("auto"),
    body: route.body ? ownBody(route) : fc.constant({ kind: "none" }),
  };
}

function hostileAspects(route: RouteSpec, bodyKinds: readonly BodyKind[]): Aspects {
  const params = Object.fromEntries(templateParams(route.path).map((name) => [name, hostileParam(name)]));
  return {
    method: fc.constantFrom(...METHODS),
    params: fc.record(params),
    pathMutations: fc.array(pathMutation, { minLength: 1, maxLength: 3 }),
    query: hostileQuery(route),
    credential: hostileCredential,
    headers: fc.array(hostileHeader(route), { minLength: 1, maxLength: 6 }),
    contentType: hostileContentType,
    body: bodyFor(route, bodyKinds),
  };
}

/** One request to `route`, strayed from well-formed as `profile` says. */
export function caseFor(
  route: RouteSpec,
  profile: Profile,
  bodyKinds: readonly BodyKind[],
): fc.Arbitrary<FuzzCase> {
  const clean = cleanAspects(route);
  const hostile = hostileAspects(route, bodyKinds);
  const pick = (hostileAspect: (aspect: Aspect) => boolean) =>
    fc.record({
      route: fc.constant(route.name),
      method: hostileAspect("method") ? hostile.method : clean.method,
      params: hostileAspect("params") ? hostile.params : clean.params,
      pathMutations: hostileAspect("pathMutations") ? hostile.pathMutations : clean.pathMutations,
      query: hostileAspect("query") ? hostile.query : clean.query,
      credential: hostileAspect("credential") ? hostile.credential : clean.credential,
      headers: hostileAspect("headers") ? hostile.headers : clean.headers,
      contentType: hostileAspect("contentType") ? hostile.contentType : clean.contentType,
      body: hostileAspect("body") ? hostile.body : clean.body,
    });
  const cases =
    profile === "structured"
      ? fc.oneof(...STRUCTURED_FOCUS).chain((focus) => pick((aspect) => aspect === focus))
      : fc
          .record(
            Object.fromEntries(ASPECTS.map((aspect) => [aspect, fc.boolean()])) as Record<
              Aspect,
              fc.Arbitrary<boolean>
            >,
          )
          .chain((flags) => pick((aspect) => flags[aspect]));
  return cases.map(withDescription);
}

const ASPECTS: readonly Aspect[] = [
  "method",
  "params",
  "pathMutations",
  "query",
  "credential",
  "headers",
  "contentType",
  "body",
];

/** Cases spread over `routes`, each route equally likely unless `weights` (by route name) says otherwise. */
export function casesOver(
  routes: readonly RouteSpec[],
  profile: Profile,
  bodyKinds: readonly BodyKind[],
  weights: Readonly<Record<string, number>> = {},
): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    ...routes.map((route) => ({
      weight: weights[route.name] ?? 1,
      arbitrary: caseFor(route, profile, bodyKinds),
    })),
  );
}

/** Gives a case the one-line description fast-check prints for a counterexample. */
function withDescription(c: FuzzCase): FuzzCase {
  return Object.defineProperty(c, fc.toStringMethod, { value: () => describeCase(c), enumerable: false });
}
