/**
 * Baseline: a Worker that does no work at all. It answers every request with a fixed body: `?bytes=` bytes
 * (2 by default), or with `?stored` the bytes last sent to it by a `PUT`. A Ferry figure is set against a
 * response of the same size on the same runtime, and a feed against its very own bytes: the load generator
 * decodes every body as text, which costs it more for a real feed (multi-byte UTF-8) than for as many `x`s.
 * What is left of the difference is Ferry's own work.
 */
const bodies = new Map<number, string>();
let stored: ArrayBuffer | null = null;

function fixedBody(bytes: number): string {
  let body = bodies.get(bytes);
  if (body === undefined) {
    body = "x".repeat(bytes);
    bodies.set(bytes, body);
  }
  return body;
}

async function store(request: Request): Promise<Response> {
  stored = await request.arrayBuffer();
  return new Response(null, { status: 204 });
}

export default {
  fetch(request: Request): Response | Promise<Response> {
    if (request.method === "PUT") return store(request);
    const url = new URL(request.url);
    const headers = { "content-type": "text/plain; charset=utf-8" };
    if (url.searchParams.has("stored")) return new Response(stored ?? "", { headers });
    const bytes = Number(url.searchParams.get("bytes") ?? 2);
    const size = Number.isSafeInteger(bytes) && bytes >= 0 && bytes <= 1_048_576 ? bytes : 2;
    return new Response(fixedBody(size), { headers });
  },
};
