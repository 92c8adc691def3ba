import type { EndpointSpec } from "../../../src/http/endpoint-spec";
import { allEndpoints } from "../../../src/http/endpoints";
import type { RequestSchemaName } from "../../../src/http/openapi-components";

/** Which valid-ish body a route takes (see inputs.ts). */
export type BodyKind =
  | "article"
  | "articlePatch"
  | "feed"
  | "feedPatch"
  | "token"
  | "webhook"
  | "webhookPatch"
  | "replay"
  | "hubForm"
  | "feedDocument"
  | "activity";

/** Which query parameters a route reads. */
export type QueryKind = "page" | "deliveries" | "feedPage";

export type RouteGroup = "articles" | "feeds" | "tokens" | "webhooks" | "public" | "websub" | "meta";

/** One route of Ferry's HTTP surface, with the path template in OpenAPI form (`{feed}`). */
export interface RouteSpec {
  /** The endpoint's operationId. */
  name: string;
  method: string;
  path: string;
  group: RouteGroup;
  body?: BodyKind;
  query?: QueryKind;
  /** Honours If-Match (article writes) or If-None-Match / If-Modified-Since (public documents). */
  conditional?: "ifMatch" | "ifNoneMatch";
  /** Accepts Idempotency-Key. */
  idempotent?: boolean;
  /** The token role the route needs; absent for public routes. */
  role?: "read" | "write" | "admin";
}

/** The fuzzers' own knowledge: which body arbitrary fits each declared JSON body schema. */
const JSON_BODIES: Readonly<Record<RequestSchemaName, BodyKind>> = {
  ArticleInput: "article",
  ArticlePatch: "articlePatch",
  FeedInput: "feed",
  FeedPatch: "feedPatch",
  TokenInput: "token",
  WebhookInput: "webhook",
  WebhookPatch: "webhookPatch",
  ReplayInput: "replay",
};

/** …and each body that no schema describes, by operationId. */
const DOCUMENT_BODIES: Readonly<Record<string, BodyKind>> = {
  importFeed: "feedDocument",
  websubHub: "hubForm",
  postToFeedInbox: "activity",
  postToSharedInbox: "activity",
};

const GROUPS: Readonly<Record<EndpointSpec["tag"], RouteGroup>> = {
  Articles: "articles",
  Feeds: "feeds",
  Tokens: "tokens",
  Webhooks: "webhooks",
  // The subscriber lists need a token like the webhook routes; the public hub is a surface of its own.
  WebSub: "webhooks",
  "Public feeds": "public",
  // Discovery, actors and inboxes are as public as the feeds.
  Fediverse: "public",
  Operations: "meta",
  Documentation: "meta",
};

function bodyKind(spec: EndpointSpec): BodyKind | undefined {
  if (!spec.body) return undefined;
  const kind = "schema" in spec.body ? JSON_BODIES[spec.body.schema] : DOCUMENT_BODIES[spec.operationId];
  if (!kind) throw new Error(`no fuzz body for ${spec.operationId}`);
  return kind;
}

function queryKind(spec: EndpointSpec): QueryKind | undefined {
  const names = Object.keys(spec.query?.entries ?? {});
  if (names.includes("status")) return "deliveries";
  if (names.includes("before")) return "feedPage";
  return names.includes("limit") ? "page" : undefined;
}

function routeOf(spec: EndpointSpec): RouteSpec {
  const body = bodyKind(spec);
  const query = queryKind(spec);
  const conditional = spec.ifMatch ? "ifMatch" : spec.conditional ? "ifNoneMatch" : undefined;
  return {
    name: spec.operationId,
    method: spec.method.toUpperCase(),
    path: spec.path,
    group: spec.tag === "WebSub" && spec.role === null ? "websub" : GROUPS[spec.tag],
    ...(body ? { body } : {}),
    ...(query ? { query } : {}),
    ...(conditional ? { conditional } : {}),
    ...(spec.method === "post" && !spec.noIdempotencyKey ? { idempotent: true } : {}),
    ...(spec.role ? { role: spec.role } : {}),
  };
}

/** Every route Ferry serves, from the endpoint declarations, in the templates the fuzzers fill in. */
export const ROUTES: readonly RouteSpec[] = allEndpoints().map(routeOf);

export function routeNamed(name: string): RouteSpec {
  const route = ROUTES.find((r) => r.name === name);
  if (!route) throw new Error(`no route ${name}`);
  return route;
}

export function routesIn(...groups: RouteGroup[]): RouteSpec[] {
  return ROUTES.filter((r) => groups.includes(r.group));
}

/** The `{param}` names of a path template, in order. */
export function templateParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}
