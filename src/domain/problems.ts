import { MAX_BODY_BYTES } from "./request-limits";

/** What a problem code means: the one HTTP status that carries it, its title, and its page's explanation. */
interface ProblemType {
  status: number;
  title: string;
  description: string;
}

/**
 * The closed set of error codes Ferry answers with, in the order the docs list them. The codes, their
 * statuses and titles, and the pages every `type` URI (`/problems/<code>`) resolves to all come from here.
 */
export const PROBLEMS = {
  bad_request: {
    status: 400,
    title: "Bad request",
    description:
      "A path parameter, query parameter, header, form field (WebSub) or uploaded feed document is malformed; `parameters` names each bad parameter with where it is (e.g. limit in query), `errors` points at each bad form field.",
  },
  invalid_json: {
    status: 400,
    title: "Malformed JSON",
    description:
      "The request body is empty, not UTF-8, not valid JSON or nested too deeply, so it could not be read at all.",
  },
  unauthorized: {
    status: 401,
    title: "Authentication required",
    description:
      "The request has no API token, or the token is unknown, revoked or expired; send `Authorization: Bearer <token>`.",
  },
  forbidden: {
    status: 403,
    title: "Not allowed",
    description:
      "The token is valid but not scoped to this feed, or its role (read, write, admin) is too weak for the action.",
  },
  not_found: {
    status: 404,
    title: "Not found",
    description:
      "Nothing exists at this path: the feed or article was never created, or the URL is mistyped.",
  },
  method_not_allowed: {
    status: 405,
    title: "Method not allowed",
    description:
      "The path exists but does not support this HTTP method; the `Allow` header lists the ones it does.",
  },
  conflict: {
    status: 409,
    title: "Conflict",
    description:
      "The request clashes with existing data, such as creating a feed whose slug is already taken.",
  },
  gone: {
    status: 410,
    title: "Gone",
    description:
      "The article was deleted; it stays gone so feed readers and webhooks see a consistent history.",
  },
  precondition_failed: {
    status: 412,
    title: "Precondition failed",
    description:
      "The `If-Match` header names a version that is no longer current: fetch the resource again and reapply your change.",
  },
  payload_too_large: {
    status: 413,
    title: "Payload too large",
    description: `The request is larger than Ferry accepts: a JSON body over ${MAX_BODY_BYTES / 1024 / 1024} MiB, an imported feed over its limit, or an article that would be too large to store once sanitised.`,
  },
  unsupported_media_type: {
    status: 415,
    title: "Unsupported media type",
    description:
      "The body's Content-Type is not one this endpoint reads: JSON in UTF-8 for the API, a feed document for import, a form for the WebSub hub.",
  },
  validation_failed: {
    status: 422,
    title: "Validation failed",
    description:
      "The JSON body was read but breaks the schema; `errors` lists every invalid member as a JSON Pointer (empty for a body that is not a JSON object) with a sentence saying what it must be.",
  },
  idempotency_key_reused: {
    status: 422,
    title: "Idempotency key reused with a different request",
    description:
      "The `Idempotency-Key` was already used for a different request; use a fresh key for every new request.",
  },
  rate_limited: {
    status: 429,
    title: "Too many requests",
    description: "Too many requests in a short time; slow down and try again a little later.",
  },
  internal: {
    status: 500,
    title: "Internal error",
    description: "Something failed on Ferry's side; it has been logged, and retrying later is safe.",
  },
  service_unavailable: {
    status: 503,
    title: "Service unavailable",
    description:
      "This Ferry deployment is missing part of its configuration, such as the key that encrypts secrets at rest, so it cannot do this now; nothing was stored, and retrying once its operator has fixed it is safe.",
  },
} satisfies Readonly<Record<string, ProblemType>>;

export type ProblemCode = keyof typeof PROBLEMS;

export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

export function isProblemCode(value: string): value is ProblemCode {
  return Object.hasOwn(PROBLEMS, value);
}

export function statusOf(code: ProblemCode): number {
  return PROBLEMS[code].status;
}

export function titleOf(code: ProblemCode): string {
  return PROBLEMS[code].title;
}

/** The codes that answer with `status`, for documenting what a 400 or a 422 can mean. */
export function problemCodesWithStatus(status: number): ProblemCode[] {
  return PROBLEM_CODES.filter((code) => statusOf(code) === status);
}

/** One invalid part of the body: `pointer` is an RFC 6901 JSON Pointer into it (`""` for the whole body). */
export interface InvalidField {
  pointer: string;
  detail: string;
}

/** Where a request parameter is, as the OpenAPI document says it. */
export const PARAMETER_LOCATIONS = ["path", "query", "header"] as const;

/** One invalid request parameter, named as the OpenAPI document names it. */
export interface InvalidParameter {
  parameter: string;
  in: (typeof PARAMETER_LOCATIONS)[number];
  detail: string;
}

/** The one error type thrown anywhere in Ferry's request path; the HTTP layer turns it into problem+json. */
export class FerryError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extras: {
      errors?: InvalidField[];
      parameters?: InvalidParameter[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(detail);
    this.name = "FerryError";
  }
}
