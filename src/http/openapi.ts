import { license, version } from "../../package.json";
import type { TokenRole } from "../domain/tokens";
import { type EndpointSpec, pathParamNames } from "./endpoint-spec";
import { allEndpoints } from "./endpoints";
import { activityPubParameters, FEDIVERSE_TAG } from "./openapi-activitypub";
import {
  componentHeaders,
  componentParameters,
  componentResponses,
  componentSchemas,
  problemResponseName,
} from "./openapi-components";
import { HEADER_FIELD_NAMES, notModifiedResponse, publicHeaders, publicParameters } from "./openapi-public";
import type {
  JsonSchema,
  OpenApiDocument,
  OperationObject,
  Ref,
  RequestBodyObject,
  ResponseObject,
} from "./openapi-types";
import { webhookHeaderParameters, webhookOperations } from "./openapi-webhooks";

/**
 * Every path answers other methods with 405 and an `Allow` header, and every request counts against a
 * per-address rate limit (429), so every operation documents both.
 */
const ALWAYS_PROBLEMS = [405, 429];

/** The response answering a conditional request whose validators still match. */
const NOT_MODIFIED = "NotModified";

const ref = (kind: "schemas" | "parameters" | "headers" | "responses", name: string): Ref => ({
  $ref: `#/components/${kind}/${name}`,
});

function roleSentence(role: TokenRole | null): string {
  return role === null
    ? "Public: no token needed."
    : `Needs a bearer token with the ${role} role (or higher).`;
}

function requestBody(body: NonNullable<EndpointSpec["body"]>): RequestBodyObject {
  if ("mediaTypes" in body) {
    return {
      required: true,
      content: Object.fromEntries(body.mediaTypes.map((type) => [type, { schema: { type: "string" } }])),
    };
  }
  const media = { schema: ref("schemas", body.schema) };
  return {
    required: true,
    content: {
      "application/json": media,
      ...(body.mergePatch ? { "application/merge-patch+json": media } : {}),
    },
  };
}

/** A body that no schema here describes: a JSON document is some object, anything else text. */
function documentSchema(mediaType: string): JsonSchema {
  return /[/+]json$/.test(mediaType) ? { type: "object" } : { type: "string" };
}

function successResponse(ok: EndpointSpec["ok"]): ResponseObject {
  const headers = Object.fromEntries(
    (ok.headers ?? []).map((name) => [HEADER_FIELD_NAMES[name] ?? name, ref("headers", name)]),
  );
  let content: ResponseObject["content"];
  if (ok.schema) content = { "application/json": { schema: ref("schemas", ok.schema) } };
  else if (ok.mediaTypes) {
    content = Object.fromEntries(ok.mediaTypes.map((type) => [type, { schema: documentSchema(type) }]));
  }
  return {
    description: ok.description,
    ...(ok.headers?.length ? { headers } : {}),
    ...(content ? { content } : {}),
  };
}

/** Turns one declared operation into OpenAPI: parameters from the path and traits, shared problem responses. */
function expandOperation(op: EndpointSpec): OperationObject {
  const parameters = [
    ...pathParamNames(op.path),
    ...Object.keys(op.query?.entries ?? {}),
    ...(op.method === "post" && !op.noIdempotencyKey ? ["IdempotencyKey"] : []),
    ...(op.ifMatch ? ["IfMatch"] : []),
    ...(op.conditional ? ["IfNoneMatch", "IfModifiedSince"] : []),
  ].map((name) => ref("parameters", name));
  const problems = [...new Set([...op.problems, ...ALWAYS_PROBLEMS])].sort((a, b) => a - b);
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [roleSentence(op.role), op.description].filter(Boolean).join(" "),
    tags: [op.tag],
    ...(op.role === null
      ? { security: [] }
      : op.basicAuth
        ? { security: [{ bearer: [] }, { basic: [] }] }
        : {}),
    parameters,
    ...(op.body ? { requestBody: requestBody(op.body) } : {}),
    responses: {
      [op.ok.status]: successResponse(op.ok),
      ...(op.conditional ? { 304: ref("responses", NOT_MODIFIED) } : {}),
      ...Object.fromEntries(
        problems.map((status) => [status, ref("responses", problemResponseName(status))]),
      ),
    },
  };
}

/** What no request changes; `openApiDocument` adds the deployment's origin as the server. */
type OriginFreeDocument = Omit<OpenApiDocument, "servers">;

function buildOpenApiDocument(): OriginFreeDocument {
  const endpoints = allEndpoints();
  const paths: OpenApiDocument["paths"] = {};
  for (const op of endpoints) {
    paths[op.path] = { ...paths[op.path], [op.method]: expandOperation(op) };
  }
  return {
    openapi: "3.1.1",
    info: {
      title: "Ferry",
      version,
      license: { name: license },
      description:
        "One authenticated API in; RSS 2.0, Atom 1.0 and JSON Feed 1.1 out. Errors are RFC 9457 problem+json; each `type` links to its description. Every request counts against a per-address rate limit, and every `/v1` request also against its token's; over one, the answer is 429 with `Retry-After`. `HEAD` is answered wherever `GET` is.",
    },
    tags: [
      { name: "Articles", description: "Publish, edit and delete a feed's articles." },
      { name: "Feeds", description: "Create and configure feeds." },
      {
        name: "Tokens",
        description:
          "Issue, list, rotate and revoke API tokens (admin). A scoped admin manages only tokens within its own feeds.",
      },
      {
        name: "Webhooks",
        description:
          "Signed (Standard Webhooks) deliveries of every publish, update and delete to subscriber endpoints, retried with backoff.",
      },
      {
        name: "WebSub",
        description: "Ferry's own WebSub hub, and what a publisher may see of its subscribers.",
      },
      {
        name: "Public feeds",
        description:
          "What feed readers and people read, without a token: every feed, and each of its tags and authors, as RSS 2.0, Atom 1.0, JSON Feed 1.1 and an HTML page; the list of feeds as a page and as OPML. Cheap to poll: every answer carries an `ETag` and (but for an empty list) `Last-Modified`, and `If-None-Match` or `If-Modified-Since` gets 304. Any origin may read them (CORS, exposing `ETag`, `Last-Modified` and `Link`; `OPTIONS` answers a preflight).",
      },
      FEDIVERSE_TAG,
      { name: "Operations", description: "For load balancers and uptime checks." },
      {
        name: "Documentation",
        description: "This document, its HTML rendering and the pages that explain each problem type.",
      },
    ],
    security: [{ bearer: [] }],
    paths,
    webhooks: webhookOperations(),
    components: {
      schemas: componentSchemas(),
      parameters: {
        ...componentParameters(),
        ...publicParameters(),
        ...webhookHeaderParameters(),
        ...activityPubParameters(),
      },
      headers: { ...componentHeaders(), ...publicHeaders() },
      responses: {
        [NOT_MODIFIED]: notModifiedResponse(),
        ...componentResponses([...endpoints.flatMap((op) => op.problems), ...ALWAYS_PROBLEMS]),
      },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token issued by `npm run admin`." },
        basic: {
          type: "http",
          scheme: "basic",
          description:
            "For feed readers that can only send a user name and password: any user name, the API token as the password. Only where an operation lists it.",
        },
      },
    },
  };
}

let cached: OriginFreeDocument | undefined;

/**
 * The OpenAPI 3.1 document with `origin` (see `publicOrigin`) as its one server. Everything else depends
 * only on code, so it is built once per isolate.
 */
export function openApiDocument(origin: string): OpenApiDocument {
  cached ??= buildOpenApiDocument();
  const { openapi, info, ...rest } = cached;
  return { openapi, info, servers: [{ url: origin, description: "This Ferry deployment." }], ...rest };
}
