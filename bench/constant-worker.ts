/**
 * Baseline: a Worker that does no work at all. It answers every request with a fixed body of `?bytes=`
 * bytes (2 by default), so a Ferry figure can be set against a response of the same size on the same
 * runtime: what is left of the difference is Ferry's own work.
 */
const bodies = new Map<number, string>();

function fixedBody(bytes: number): string {
  let body = bodies.get(bytes);
  if (body === undefined) {
    body = "x".repeat(bytes);
    bodies.set(bytes, body);
  }
  return body;
}

export default {
  fetch(request: Request): Response {
    const bytes = Number(new URL(request.url).searchParams.get("bytes") ?? 2);
    const size = Number.isSafeInteger(bytes) && bytes >= 0 && bytes <= 1_048_576 ? bytes : 2;
    return new Response(fixedBody(size), { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
};
