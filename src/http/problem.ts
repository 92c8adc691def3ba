import { type FerryError, statusOf, titleOf } from "../domain/problems";

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
