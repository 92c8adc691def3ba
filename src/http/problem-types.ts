import { escapeHtml, proseHtml, renderHtmlPage } from "./html-page";
import { PROBLEM_CONTENT_TYPE, type ProblemCode, statusOf, titleOf } from "./problem";
import { MAX_BODY_BYTES } from "./read-json";

/**
 * One sentence per problem type, served at `/problems/<code>` so every `type` URI in an error resolves.
 * A `Record` over the closed union makes a new code fail to compile until it is described here.
 */
export const PROBLEM_DESCRIPTIONS: Readonly<Record<ProblemCode, string>> = {
  bad_request:
    "A path parameter, query parameter, header, form field (WebSub) or uploaded feed document is malformed; `parameters` names each bad parameter with where it is (e.g. limit in query), `errors` points at each bad form field.",
  invalid_json:
    "The request body is empty, not UTF-8, not valid JSON or nested too deeply, so it could not be read at all.",
  unauthorized:
    "The request has no API token, or the token is unknown, revoked or expired; send `Authorization: Bearer <token>`.",
  forbidden:
    "The token is valid but not scoped to this feed, or its role (read, write, admin) is too weak for the action.",
  not_found: "Nothing exists at this path: the feed or article was never created, or the URL is mistyped.",
  method_not_allowed:
    "The path exists but does not support this HTTP method; the `Allow` header lists the ones it does.",
  conflict: "The request clashes with existing data, such as creating a feed whose slug is already taken.",
  gone: "The article was deleted; it stays gone so feed readers and webhooks see a consistent history.",
  precondition_failed:
    "The `If-Match` header names a version that is no longer current: fetch the resource again and reapply your change.",
  payload_too_large: `The request is larger than Ferry accepts: a JSON body over ${MAX_BODY_BYTES / 1024 / 1024} MiB, an imported feed over its limit, or an article that would be too large to store once sanitised.`,
  unsupported_media_type:
    "The body's Content-Type is not one this endpoint reads: JSON in UTF-8 for the API, a feed document for import, a form for the WebSub hub.",
  validation_failed:
    "The JSON body was read but breaks the schema; `errors` lists every invalid member as a JSON Pointer (empty for a body that is not a JSON object) with a sentence saying what it must be.",
  idempotency_key_reused:
    "The `Idempotency-Key` was already used for a different request; use a fresh key for every new request.",
  rate_limited: "Too many requests in a short time; slow down and try again a little later.",
  internal: "Something failed on Ferry's side; it has been logged, and retrying later is safe.",
  service_unavailable:
    "This Ferry deployment is missing part of its configuration, such as the key that encrypts secrets at rest, so it cannot do this now; nothing was stored, and retrying once its operator has fixed it is safe.",
};

export const PROBLEM_CODES = Object.keys(PROBLEM_DESCRIPTIONS) as ProblemCode[];

export function isProblemCode(value: string): value is ProblemCode {
  return Object.hasOwn(PROBLEM_DESCRIPTIONS, value);
}

/** The codes that answer with `status`, for documenting what a 400 or a 422 can mean. */
export function problemCodesWithStatus(status: number): ProblemCode[] {
  return PROBLEM_CODES.filter((code) => statusOf(code) === status);
}

/** The page a problem's `type` URI resolves to: what the code means and which status carries it. */
export function renderProblemPage(code: ProblemCode): string {
  const body = `<main>
<p class="muted">Ferry problem type <code>/problems/${code}</code> · HTTP ${statusOf(code)}</p>
<h1>${escapeHtml(titleOf(code))}</h1>
<p>${proseHtml(PROBLEM_DESCRIPTIONS[code])}</p>
<p>Errors are RFC 9457 <code>${PROBLEM_CONTENT_TYPE}</code> bodies: <code>detail</code> says what went wrong with your request, <code>errors</code> (when present) points at each invalid input.</p>
<p><a href="/docs#problems">All problem types</a> · <a href="/docs">API reference</a></p>
</main>`;
  return renderHtmlPage(`${titleOf(code)} · Ferry`, body);
}
