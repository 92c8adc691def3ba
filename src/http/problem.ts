/** The closed set of error codes Ferry answers with; each maps to exactly one HTTP status. */
export type ProblemCode =
  | "bad_request"
  | "invalid_json"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "method_not_allowed"
  | "conflict"
  | "gone"
  | "precondition_failed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation_failed"
  | "idempotency_key_reused"
  | "rate_limited"
  | "internal"
  | "service_unavailable";

/** One invalid part of the body: `pointer` is an RFC 6901 JSON Pointer into it (`""` for the whole body). */
export interface InvalidField {
  pointer: string;
  detail: string;
}

/** One invalid request parameter, named as the OpenAPI document names it (`in`: path, query or header). */
export interface InvalidParameter {
  parameter: string;
  in: "path" | "query" | "header";
  detail: string;
}

export function statusOf(code: ProblemCode): number {
  switch (code) {
    case "bad_request":
    case "invalid_json":
      return 400;
    case "unauthorized":
      return 401;
    case "forbidden":
      return 403;
    case "not_found":
      return 404;
    case "method_not_allowed":
      return 405;
    case "conflict":
      return 409;
    case "gone":
      return 410;
    case "precondition_failed":
      return 412;
    case "payload_too_large":
      return 413;
    case "unsupported_media_type":
      return 415;
    case "validation_failed":
    case "idempotency_key_reused":
      return 422;
    case "rate_limited":
      return 429;
    case "internal":
      return 500;
    case "service_unavailable":
      return 503;
  }
}

export function titleOf(code: ProblemCode): string {
  switch (code) {
    case "bad_request":
      return "Bad request";
    case "invalid_json":
      return "Malformed JSON";
    case "unauthorized":
      return "Authentication required";
    case "forbidden":
      return "Not allowed";
    case "not_found":
      return "Not found";
    case "method_not_allowed":
      return "Method not allowed";
    case "conflict":
      return "Conflict";
    case "gone":
      return "Gone";
    case "precondition_failed":
      return "Precondition failed";
    case "payload_too_large":
      return "Payload too large";
    case "unsupported_media_type":
      return "Unsupported media type";
    case "validation_failed":
      return "Validation failed";
    case "idempotency_key_reused":
      return "Idempotency key reused with a different request";
    case "rate_limited":
      return "Too many requests";
    case "internal":
      return "Internal error";
    case "service_unavailable":
      return "Service unavailable";
  }
}

/** The one error type thrown anywhere in Ferry's request path; `onError` turns it into problem+json. */
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

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Builds an RFC 9457 problem response. `type` is a relative URI documented at `/problems/<code>`. */
export function problemResponse(error: FerryError, instance: string): Response {
  const status = statusOf(error.code);
  const body = {
    type: `/problems/${error.code}`,
    title: titleOf(error.code),
    status,
    detail: error.detail,
    instance,
    ...(error.extras.errors ? { errors: error.extras.errors } : {}),
    ...(error.extras.parameters ? { parameters: error.extras.parameters } : {}),
  };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": `${PROBLEM_CONTENT_TYPE}; charset=utf-8`, ...error.extras.headers },
  });
}
