import { type ProblemCode, statusOf } from "./problem";
import { MAX_BODY_BYTES } from "./read-json";

/**
 * One sentence per problem type, served at `/problems/<code>` so every `type` URI in an error resolves.
 * A `Record` over the closed union makes a new code fail to compile until it is described here.
 */
export const PROBLEM_DESCRIPTIONS: Readonly<Record<ProblemCode, string>> = {
  bad_request:
    "A path parameter, query parameter or header is malformed; `errors` points at each one (e.g. /query/limit).",
  invalid_json: "The request body is empty, not UTF-8 or not valid JSON, so it could not be read at all.",
  unauthorized: "The request has no API token, or the token is unknown, revoked or expired; send `Authorization: Bearer <token>`.",
  forbidden: "The token is valid but not scoped to this feed, or its role (read, write, admin) is too weak for the action.",
  not_found: "Nothing exists at this path: the feed or article was never created, or the URL is mistyped.",
  method_not_allowed: "The path exists but does not support this HTTP method; the `Allow` header lists the ones it does.",
  conflict: "The request clashes with existing data, such as creating a feed whose slug is already taken.",
  gone: "The article was deleted; it stays gone so feed readers and webhooks see a consistent history.",
  precondition_failed:
    "The `If-Match` header names a version that is no longer current: fetch the resource again and reapply your change.",
  payload_too_large: `The request body is larger than the ${MAX_BODY_BYTES / 1024 / 1024} MiB Ferry accepts.`,
  unsupported_media_type: "The body is not sent as JSON in UTF-8; use `Content-Type: application/json`.",
  validation_failed:
    "The JSON body was read but breaks the schema; `errors` lists every invalid member as a JSON Pointer with the reason.",
  idempotency_key_reused:
    "The `Idempotency-Key` was already used for a different request; use a fresh key for every new request.",
  rate_limited: "Too many requests in a short time; slow down and try again a little later.",
  internal: "Something failed on Ferry's side; it has been logged, and retrying later is safe.",
};

export const PROBLEM_CODES = Object.keys(PROBLEM_DESCRIPTIONS) as ProblemCode[];

export function isProblemCode(value: string): value is ProblemCode {
  return Object.hasOwn(PROBLEM_DESCRIPTIONS, value);
}

/** The codes that answer with `status`, for documenting what a 400 or a 422 can mean. */
export function problemCodesWithStatus(status: number): ProblemCode[] {
  return PROBLEM_CODES.filter((code) => statusOf(code) === status);
}
