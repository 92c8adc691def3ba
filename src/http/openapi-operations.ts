import type { TokenRole } from "../domain/tokens";
import { IMPORT_MEDIA_TYPES } from "./feed-document-body";
import { DOCUMENT_OPERATIONS, PUBLIC_OPERATIONS } from "./openapi-public";

/** The component schemas an operation can name; openapi.ts builds each from its valibot schema. */
export type SchemaName =
  | "ArticleInput"
  | "ArticlePatch"
  | "FeedInput"
  | "FeedPatch"
  | "ArticleOutput"
  | "ArticleList"
  | "FeedOutput"
  | "FeedList"
  | "TokenInput"
  | "TokenOutput"
  | "TokenCreated"
  | "TokenList"
  | "ImportResult"
  | "Health"
  | "WebhookInput"
  | "WebhookPatch"
  | "ReplayInput"
  | "WebhookOutput"
  | "WebhookList"
  | "DeliveryList"
  | "WebsubSubscriptionList"
  | "Accepted";

/** Component headers a success response can carry; feeds and pages carry the representation ones. */
export type ResponseHeaderName =
  | "Location"
  | "ETag"
  | "Link"
  | "RepresentationETag"
  | "LastModified"
  | "CacheControl"
  | "Vary"
  | "RepresentationLink"
  | "ContentLocation";

/** One API operation, declared once; `expandOperation` turns it into OpenAPI. */
export interface OperationSpec {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path template; `{feed}` and `{id}` become path parameters. */
  path: string;
  operationId: string;
  summary: string;
  tag:
    | "Articles"
    | "Feeds"
    | "Tokens"
    | "Webhooks"
    | "WebSub"
    | "Public feeds"
    | "Operations"
    | "Documentation";
  /** The token role needed, or null for the public, unauthenticated routes. */
  role: TokenRole | null;
  /** What a reader needs to know beyond the summary and the role. */
  description?: string;
  query?: readonly ("limit" | "cursor" | "status" | "before")[];
  /**
   * A JSON body; `mergePatch` also documents `application/merge-patch+json` (RFC 7396). Or a document that is
   * not described by a schema (a feed to import), sent as any of `mediaTypes`.
   */
  body?: { schema: SchemaName; mergePatch?: boolean } | { mediaTypes: readonly string[] };
  /** Honours `If-Match` with an ETag from a previous GET. */
  ifMatch?: boolean;
  /** Answers `If-None-Match` / `If-Modified-Since` with 304 (the public feeds, pages and lists). */
  conditional?: boolean;
  /** A POST that ignores `Idempotency-Key` because retrying it is already safe (a rotation). */
  noIdempotencyKey?: boolean;
  ok: {
    status: 200 | 201 | 202 | 204;
    description: string;
    schema?: SchemaName;
    /** Bodies not described by a schema (feeds, pages, documents): one media type, or several to negotiate. */
    mediaTypes?: readonly string[];
    headers?: readonly ResponseHeaderName[];
  };
  /** Error statuses the operation can answer with, each as problem+json. */
  problems: readonly number[];
}

const FEED = "/v1/feeds/{feed}";
const ARTICLES = `${FEED}/articles`;
const ARTICLE = `${ARTICLES}/{id}`;
const WEBHOOKS = `${FEED}/webhooks`;
const WEBHOOK = `${WEBHOOKS}/{endpoint}`;
const TOKENS = "/v1/tokens";
const TOKEN = `${TOKENS}/{token_id}`;

/** Every operation Ferry serves, in the order the docs page lists them. */
export const OPERATIONS: readonly OperationSpec[] = [
  {
    method: "post",
    path: ARTICLES,
    operationId: "createArticle",
    summary: "Publish an article in a feed",
    tag: "Articles",
    role: "write",
    body: { schema: "ArticleInput" },
    ok: {
      status: 201,
      description: "The article as stored.",
      schema: "ArticleOutput",
      headers: ["Location"],
    },
    problems: [400, 401, 403, 404, 413, 415, 422],
  },
  {
    method: "get",
    path: ARTICLES,
    operationId: "listArticles",
    summary: "List a feed's articles, newest first",
    tag: "Articles",
    role: "read",
    query: ["limit", "cursor"],
    ok: { status: 200, description: "One page of articles.", schema: "ArticleList", headers: ["Link"] },
    problems: [400, 401, 403, 404],
  },
  {
    method: "get",
    path: ARTICLE,
    operationId: "getArticle",
    summary: "Fetch one article",
    tag: "Articles",
    role: "read",
    ok: { status: 200, description: "The article.", schema: "ArticleOutput", headers: ["ETag"] },
    problems: [400, 401, 403, 404, 410],
  },
  {
    method: "put",
    path: ARTICLE,
    operationId: "replaceArticle",
    summary: "Replace an article's content",
    tag: "Articles",
    role: "write",
    body: { schema: "ArticleInput" },
    ifMatch: true,
    ok: { status: 200, description: "The article as stored.", schema: "ArticleOutput" },
    problems: [400, 401, 403, 404, 410, 412, 413, 415, 422],
  },
  {
    method: "patch",
    path: ARTICLE,
    operationId: "patchArticle",
    summary: "Change some of an article's members (JSON merge patch)",
    tag: "Articles",
    role: "write",
    body: { schema: "ArticlePatch", mergePatch: true },
    ifMatch: true,
    ok: { status: 200, description: "The article as stored.", schema: "ArticleOutput" },
    problems: [400, 401, 403, 404, 410, 412, 413, 415, 422],
  },
  {
    method: "delete",
    path: ARTICLE,
    operationId: "deleteArticle",
    summary: "Delete an article (deleting it again is a no-op)",
    tag: "Articles",
    role: "write",
    ifMatch: true,
    ok: { status: 204, description: "The article is deleted." },
    problems: [400, 401, 403, 404, 412],
  },
  {
    method: "post",
    path: `${FEED}/import`,
    operationId: "importFeed",
    summary:
      "Import an RSS 2.0, Atom or JSON Feed document (at most 5 MiB, 5000 items): creates the items the feed lacks, keeping their GUIDs and dates, and sends no webhooks",
    tag: "Articles",
    role: "write",
    body: { mediaTypes: IMPORT_MEDIA_TYPES },
    ok: {
      status: 200,
      description:
        "What became of each item: created, skipped (its GUID is already in the feed) or rejected, and why.",
      schema: "ImportResult",
    },
    problems: [400, 401, 403, 404, 413, 415, 422],
  },
  {
    method: "get",
    path: `${FEED}/export`,
    operationId: "exportFeed",
    summary: "Download every live article of a feed as one JSON Feed 1.1 document, for backup or to move",
    tag: "Articles",
    role: "read",
    ok: {
      status: 200,
      description:
        "A JSON Feed 1.1 attachment; each item's id is its GUID, and `_ferry` holds the article id and timestamps.",
      mediaTypes: ["application/feed+json"],
    },
    problems: [401, 403, 404],
  },
  {
    method: "get",
    path: "/v1/feeds",
    operationId: "listFeeds",
    summary: "List the feeds this token can see",
    tag: "Feeds",
    role: "read",
    ok: { status: 200, description: "Every feed the token is scoped to.", schema: "FeedList" },
    problems: [401],
  },
  {
    method: "post",
    path: "/v1/feeds",
    operationId: "createFeed",
    summary: "Create a feed",
    tag: "Feeds",
    role: "admin",
    body: { schema: "FeedInput" },
    ok: { status: 201, description: "The feed as stored.", schema: "FeedOutput", headers: ["Location"] },
    problems: [400, 401, 403, 409, 413, 415, 422],
  },
  {
    method: "get",
    path: FEED,
    operationId: "getFeed",
    summary: "Fetch a feed's settings",
    tag: "Feeds",
    role: "read",
    ok: { status: 200, description: "The feed.", schema: "FeedOutput" },
    problems: [401, 403, 404],
  },
  {
    method: "patch",
    path: FEED,
    operationId: "patchFeed",
    summary: "Change a feed's settings",
    tag: "Feeds",
    role: "admin",
    body: { schema: "FeedPatch", mergePatch: true },
    ok: { status: 200, description: "The feed as stored.", schema: "FeedOutput" },
    problems: [400, 401, 403, 404, 413, 415, 422],
  },
  {
    method: "post",
    path: TOKENS,
    operationId: "createToken",
    summary: "Create an API token (its secret is shown only in this answer)",
    tag: "Tokens",
    role: "admin",
    body: { schema: "TokenInput" },
    ok: {
      status: 201,
      description: "The token with its secret in `token`; store it now, Ferry keeps only its hash.",
      schema: "TokenCreated",
      headers: ["Location"],
    },
    problems: [400, 401, 403, 413, 415, 422],
  },
  {
    method: "get",
    path: TOKENS,
    operationId: "listTokens",
    summary: "List tokens, newest first, revoked and expired ones included",
    tag: "Tokens",
    role: "admin",
    query: ["limit", "cursor"],
    ok: {
      status: 200,
      description: "One page of tokens, never their secrets.",
      schema: "TokenList",
      headers: ["Link"],
    },
    problems: [400, 401, 403],
  },
  {
    method: "get",
    path: TOKEN,
    operationId: "getToken",
    summary: "Fetch one token",
    tag: "Tokens",
    role: "admin",
    ok: { status: 200, description: "The token, without its secret.", schema: "TokenOutput" },
    problems: [400, 401, 403, 404],
  },
  {
    method: "delete",
    path: TOKEN,
    operationId: "revokeToken",
    summary: "Revoke a token at once (revoking it again is a no-op; a token cannot revoke itself)",
    tag: "Tokens",
    role: "admin",
    ok: { status: 204, description: "The token is revoked: its next request is refused with 401." },
    problems: [400, 401, 403, 404, 409],
  },
  {
    method: "post",
    path: `${TOKEN}/rotate`,
    operationId: "rotateToken",
    summary: "Give a token a new secret; the old one stops working at once",
    tag: "Tokens",
    role: "admin",
    noIdempotencyKey: true,
    ok: { status: 200, description: "The token with its new secret in `token`.", schema: "TokenCreated" },
    problems: [400, 401, 403, 404, 409],
  },
  {
    method: "post",
    path: WEBHOOKS,
    operationId: "createWebhook",
    summary: "Subscribe an endpoint to the feed's events; the answer carries its signing secret, once",
    tag: "Webhooks",
    role: "write",
    body: { schema: "WebhookInput" },
    ok: {
      status: 201,
      description: "The endpoint, with `secret`.",
      schema: "WebhookOutput",
      headers: ["Location"],
    },
    problems: [400, 401, 403, 404, 409, 413, 415, 422, 503],
  },
  {
    method: "get",
    path: WEBHOOKS,
    operationId: "listWebhooks",
    summary: "List the feed's webhook endpoints and their health",
    tag: "Webhooks",
    role: "read",
    ok: { status: 200, description: "Every endpoint (never a secret).", schema: "WebhookList" },
    problems: [401, 403, 404],
  },
  {
    method: "get",
    path: WEBHOOK,
    operationId: "getWebhook",
    summary: "Fetch one endpoint",
    tag: "Webhooks",
    role: "read",
    ok: { status: 200, description: "The endpoint (never its secret).", schema: "WebhookOutput" },
    problems: [401, 403, 404],
  },
  {
    method: "patch",
    path: WEBHOOK,
    operationId: "patchWebhook",
    summary: "Change an endpoint's URL, events or description, pause it, or resume (and re-enable) it",
    tag: "Webhooks",
    role: "write",
    body: { schema: "WebhookPatch" },
    ok: { status: 200, description: "The endpoint as it is now.", schema: "WebhookOutput" },
    problems: [400, 401, 403, 404, 413, 415, 422],
  },
  {
    method: "delete",
    path: WEBHOOK,
    operationId: "deleteWebhook",
    summary: "Unsubscribe an endpoint; its pending deliveries are cancelled",
    tag: "Webhooks",
    role: "write",
    ok: { status: 204, description: "Deleted." },
    problems: [401, 403, 404],
  },
  {
    method: "post",
    path: `${WEBHOOK}/rotate-secret`,
    operationId: "rotateWebhookSecret",
    summary: "New signing secret; the old one keeps signing beside it for 24 hours",
    tag: "Webhooks",
    role: "write",
    noIdempotencyKey: true,
    ok: { status: 200, description: "The endpoint with its new `secret`.", schema: "WebhookOutput" },
    problems: [401, 403, 404, 503],
  },
  {
    method: "post",
    path: `${WEBHOOK}/test`,
    operationId: "testWebhook",
    summary: "Send a webhook.test event to this endpoint only",
    tag: "Webhooks",
    role: "write",
    noIdempotencyKey: true,
    ok: { status: 202, description: "Queued; see the delivery log.", schema: "Accepted" },
    problems: [401, 403, 404],
  },
  {
    method: "get",
    path: `${WEBHOOK}/deliveries`,
    operationId: "listDeliveries",
    summary: "The endpoint's delivery log: every attempt with status, latency, answer excerpt and error",
    tag: "Webhooks",
    role: "read",
    query: ["limit", "cursor", "status"],
    ok: { status: 200, description: "Newest deliveries first.", schema: "DeliveryList" },
    problems: [400, 401, 403, 404],
  },
  {
    method: "post",
    path: `${WEBHOOK}/deliveries/{delivery}/redeliver`,
    operationId: "redeliver",
    summary: "Send one finished delivery again, with the same webhook-id",
    tag: "Webhooks",
    role: "write",
    noIdempotencyKey: true,
    ok: { status: 202, description: "Queued again.", schema: "Accepted" },
    problems: [401, 403, 404, 409],
  },
  {
    method: "post",
    path: `${WEBHOOK}/replay`,
    operationId: "replayWebhook",
    summary: "Re-send to an endpoint what was addressed to it since a time",
    tag: "Webhooks",
    role: "write",
    noIdempotencyKey: true,
    body: { schema: "ReplayInput" },
    ok: {
      status: 202,
      description: "How many deliveries were queued, and where the next replay starts.",
      schema: "Accepted",
    },
    problems: [400, 401, 403, 404, 413, 415, 422],
  },
  {
    method: "get",
    path: `${FEED}/websub`,
    operationId: "listWebsubSubscriptions",
    summary: "The feed's WebSub subscribers",
    tag: "WebSub",
    role: "read",
    ok: {
      status: 200,
      description: "Every subscription, active or ended.",
      schema: "WebsubSubscriptionList",
    },
    problems: [401, 403, 404],
  },
  {
    method: "get",
    path: `${FEED}/websub/{subscription}/deliveries`,
    operationId: "listWebsubDeliveries",
    summary: "One WebSub subscriber's delivery log",
    tag: "WebSub",
    role: "read",
    query: ["limit", "cursor", "status"],
    ok: { status: 200, description: "Newest deliveries first.", schema: "DeliveryList" },
    problems: [400, 401, 403, 404],
  },
  {
    method: "post",
    path: "/websub",
    operationId: "websubHub",
    summary:
      "The WebSub hub: hub.mode=subscribe|unsubscribe (hub.topic, hub.callback, hub.lease_seconds, hub.secret) or publish (hub.url)",
    tag: "WebSub",
    role: null,
    noIdempotencyKey: true,
    body: { mediaTypes: ["application/x-www-form-urlencoded"] },
    ok: {
      status: 202,
      description:
        "Accepted: a subscription change is verified with its callback afterwards (WebSub §5.3); a publish ping pushes what changed to the topic's subscribers.",
    },
    problems: [400, 404, 413, 415, 429, 503],
  },
  ...PUBLIC_OPERATIONS,
  {
    method: "get",
    path: "/healthz",
    operationId: "checkHealth",
    summary: "Check that Ferry and its database answer",
    tag: "Operations",
    role: null,
    ok: {
      status: 200,
      description: "Ferry and D1 answer; `migration` is the newest applied.",
      schema: "Health",
    },
    problems: [503],
  },
  ...DOCUMENT_OPERATIONS,
];
