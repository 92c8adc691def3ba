import type { TokenRole } from "../domain/tokens";
import {
  componentHeaders,
  componentParameters,
  componentResponses,
  componentSchemas,
  problemResponseName,
} from "./openapi-components";
import { OPERATIONS, type OperationSpec } from "./openapi-operations";
import type {
  OpenApiDocument,
  OperationObject,
  Ref,
  RequestBodyObject,
  ResponseObject,
} from "./openapi-types";

/** Every path answers other methods with 405 and an `Allow` header, so every operation documents it. */
const ALWAYS_PROBLEMS = [405];

const ref = (kind: "schemas" | "parameters" | "headers" | "responses", name: string): Ref => ({
  $ref: `#/components/${kind}/${name}`,
});

function roleSentence(role: TokenRole | null): string {
  return role === null
    ? "Public: no token needed."
    : `Needs a bearer token with the ${role} role (or higher).`;
}

function requestBody(body: NonNullable<OperationSpec["body"]>): RequestBodyObject {
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

function successResponse(ok: OperationSpec["ok"]): ResponseObject {
  const headers = Object.fromEntries((ok.headers ?? []).map((name) => [name, ref("headers", name)]));
  let content: ResponseObject["content"];
  if (ok.schema) content = { "application/json": { schema: ref("schemas", ok.schema) } };
  else if (ok.mediaType) content = { [ok.mediaType]: { schema: { type: "string" } } };
  return {
    description: ok.description,
    ...(ok.headers?.length ? { headers } : {}),
    ...(content ? { content } : {}),
  };
}

/** Turns one declared operation into OpenAPI: parameters from the path and traits, shared problem responses. */
function expandOperation(op: OperationSpec): OperationObject {
  const pathParameters = [...op.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  const parameters = [
    ...pathParameters,
    ...(op.query ?? []),
    ...(op.method === "post" && !op.noIdempotencyKey ? ["IdempotencyKey"] : []),
    ...(op.ifMatch ? ["IfMatch"] : []),
  ].map((name) => ref("parameters", name));
  const problems = [...op.problems, ...ALWAYS_PROBLEMS].sort((a, b) => a - b);
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: roleSentence(op.role),
    tags: [op.tag],
    ...(op.role === null ? { security: [] } : {}),
    parameters,
    ...(op.body ? { requestBody: requestBody(op.body) } : {}),
    responses: {
      [op.ok.status]: successResponse(op.ok),
      ...Object.fromEntries(
        problems.map((status) => [status, ref("responses", problemResponseName(status))]),
      ),
    },
  };
}

function buildOpenApiDocument(): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const op of OPERATIONS) {
    paths[op.path] = { ...paths[op.path], [op.method]: expandOperation(op) };
  }
  return {
    openapi: "3.1.1",
    info: {
      title: "Ferry",
      version: "1.0.0",
      description:
        "One authenticated API in; RSS 2.0, Atom 1.0 and JSON Feed 1.1 out. Errors are RFC 9457 problem+json; each `type` links to its description. Every `/v1` request counts against a per-IP and a per-token rate limit; over it, the answer is 429 with `Retry-After`.",
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
      { name: "Public feeds", description: "What feed readers subscribe to." },
      { name: "Operations", description: "For load balancers and uptime checks." },
    ],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: componentSchemas(),
      parameters: componentParameters(),
      headers: componentHeaders(),
      responses: componentResponses([...OPERATIONS.flatMap((op) => op.problems), ...ALWAYS_PROBLEMS]),
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token issued by `npm run admin`." },
      },
    },
  };
}

let cached: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document, built once per isolate: it depends only on code, never on a request. */
export function openApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument();
  return cached;
}
