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
  | "feedDocument";

/** Which query parameters a route reads. */
export type QueryKind = "page" | "deliveries" | "feedPage";

export type RouteGroup = "articles" | "feeds" | "tokens" | "webhooks" | "public" | "websub" | "meta";

/** One route of Ferry's HTTP surface, with the path template in OpenAPI form (`{feed}`). */
export interface RouteSpec {
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

const ARTICLES = "/v1/feeds/{feed}/articles";
const ARTICLE = `${ARTICLES}/{id}`;
const WEBHOOKS = "/v1/feeds/{feed}/webhooks";
const WEBHOOK = `${WEBHOOKS}/{endpoint}`;
const TOKEN = "/v1/tokens/{token_id}";
const FEED_FILE = "/feeds/{feed}/{file}";
const TERM = "/feeds/{feed}/{kind}/{term}";

/**
 * Every route Ferry serves, in the templates the fuzzers fill in: the tag and author feeds are
 * `{kind}/{term}` and the feed files `{file}` beside the named ones. whole-surface.test.ts checks that every
 * OpenAPI operation (src/http/openapi-operations.ts) falls under one of them.
 */
export const ROUTES: readonly RouteSpec[] = [
  {
    name: "createArticle",
    method: "POST",
    path: ARTICLES,
    group: "articles",
    body: "article",
    idempotent: true,
    role: "write",
  },
  { name: "listArticles", method: "GET", path: ARTICLES, group: "articles", query: "page", role: "read" },
  { name: "getArticle", method: "GET", path: ARTICLE, group: "articles", role: "read" },
  {
    name: "replaceArticle",
    method: "PUT",
    path: ARTICLE,
    group: "articles",
    body: "article",
    conditional: "ifMatch",
    role: "write",
  },
  {
    name: "patchArticle",
    method: "PATCH",
    path: ARTICLE,
    group: "articles",
    body: "articlePatch",
    conditional: "ifMatch",
    role: "write",
  },
  {
    name: "deleteArticle",
    method: "DELETE",
    path: ARTICLE,
    group: "articles",
    conditional: "ifMatch",
    role: "write",
  },
  {
    name: "importFeed",
    method: "POST",
    path: "/v1/feeds/{feed}/import",
    group: "articles",
    body: "feedDocument",
    idempotent: true,
    role: "write",
  },
  { name: "exportFeed", method: "GET", path: "/v1/feeds/{feed}/export", group: "articles", role: "read" },
  { name: "listFeeds", method: "GET", path: "/v1/feeds", group: "feeds", role: "read" },
  {
    name: "createFeed",
    method: "POST",
    path: "/v1/feeds",
    group: "feeds",
    body: "feed",
    idempotent: true,
    role: "admin",
  },
  { name: "getFeed", method: "GET", path: "/v1/feeds/{feed}", group: "feeds", role: "read" },
  {
    name: "patchFeed",
    method: "PATCH",
    path: "/v1/feeds/{feed}",
    group: "feeds",
    body: "feedPatch",
    role: "admin",
  },
  {
    name: "createToken",
    method: "POST",
    path: "/v1/tokens",
    group: "tokens",
    body: "token",
    idempotent: true,
    role: "admin",
  },
  { name: "listTokens", method: "GET", path: "/v1/tokens", group: "tokens", query: "page", role: "admin" },
  { name: "getToken", method: "GET", path: TOKEN, group: "tokens", role: "admin" },
  { name: "revokeToken", method: "DELETE", path: TOKEN, group: "tokens", role: "admin" },
  { name: "rotateToken", method: "POST", path: `${TOKEN}/rotate`, group: "tokens", role: "admin" },
  {
    name: "readRssFeed",
    method: "GET",
    path: "/feeds/{feed}/rss.xml",
    group: "public",
    conditional: "ifNoneMatch",
    query: "feedPage",
  },
  {
    name: "readAtomFeed",
    method: "GET",
    path: "/feeds/{feed}/atom.xml",
    group: "public",
    conditional: "ifNoneMatch",
    query: "feedPage",
  },
  {
    name: "readJsonFeed",
    method: "GET",
    path: "/feeds/{feed}/feed.json",
    group: "public",
    conditional: "ifNoneMatch",
    query: "feedPage",
  },
  { name: "checkHealth", method: "GET", path: "/healthz", group: "meta" },
  {
    name: "createWebhook",
    method: "POST",
    path: WEBHOOKS,
    group: "webhooks",
    body: "webhook",
    idempotent: true,
    role: "write",
  },
  { name: "listWebhooks", method: "GET", path: WEBHOOKS, group: "webhooks", role: "read" },
  { name: "getWebhook", method: "GET", path: WEBHOOK, group: "webhooks", role: "read" },
  {
    name: "patchWebhook",
    method: "PATCH",
    path: WEBHOOK,
    group: "webhooks",
    body: "webhookPatch",
    role: "write",
  },
  { name: "deleteWebhook", method: "DELETE", path: WEBHOOK, group: "webhooks", role: "write" },
  {
    name: "rotateWebhookSecret",
    method: "POST",
    path: `${WEBHOOK}/rotate-secret`,
    group: "webhooks",
    role: "write",
  },
  { name: "testWebhook", method: "POST", path: `${WEBHOOK}/test`, group: "webhooks", role: "write" },
  {
    name: "listDeliveries",
    method: "GET",
    path: `${WEBHOOK}/deliveries`,
    group: "webhooks",
    query: "deliveries",
    role: "read",
  },
  {
    name: "redeliver",
    method: "POST",
    path: `${WEBHOOK}/deliveries/{delivery}/redeliver`,
    group: "webhooks",
    role: "write",
  },
  {
    name: "replayWebhook",
    method: "POST",
    path: `${WEBHOOK}/replay`,
    group: "webhooks",
    body: "replay",
    role: "write",
  },
  {
    name: "listWebsubSubscriptions",
    method: "GET",
    path: "/v1/feeds/{feed}/websub",
    group: "webhooks",
    role: "read",
  },
  {
    name: "listWebsubDeliveries",
    method: "GET",
    path: "/v1/feeds/{feed}/websub/{subscription}/deliveries",
    group: "webhooks",
    query: "deliveries",
    role: "read",
  },
  { name: "websubHub", method: "POST", path: "/websub", group: "websub", body: "hubForm" },
  {
    name: "readFeedFile",
    method: "GET",
    path: FEED_FILE,
    group: "public",
    conditional: "ifNoneMatch",
    query: "feedPage",
  },
  {
    name: "readFeedPage",
    method: "GET",
    path: "/feeds/{feed}/",
    group: "public",
    conditional: "ifNoneMatch",
    query: "feedPage",
  },
  {
    name: "negotiateFeed",
    method: "GET",
    path: "/feeds/{feed}",
    group: "public",
    conditional: "ifNoneMatch",
    query: "feedPage",
  },
  {
    name: "readTermFile",
    method: "GET",
    path: `${TERM}/{file}`,
    group: "public",
    conditional: "ifNoneMatch",
    query: "feedPage",
  },
  {
    name: "readTermPage",
    method: "GET",
    path: `${TERM}/`,
    group: "public",
    conditional: "ifNoneMatch",
    query: "feedPage",
  },
  {
    name: "negotiateTerm",
    method: "GET",
    path: TERM,
    group: "public",
    conditional: "ifNoneMatch",
    query: "feedPage",
  },
  { name: "directoryPage", method: "GET", path: "/", group: "public", conditional: "ifNoneMatch" },
  { name: "opml", method: "GET", path: "/opml.xml", group: "public", conditional: "ifNoneMatch" },
  { name: "docs", method: "GET", path: "/docs", group: "meta" },
  { name: "openapi", method: "GET", path: "/openapi.json", group: "meta" },
  { name: "problemPage", method: "GET", path: "/problems/{code}", group: "meta" },
];

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
