/**
 * Baseline for webhook fan-out: one request makes this Worker POST `count` times to the receiver, at most
 * `concurrency` requests in flight, each with a body of `bytes` bytes, and answers when all are done.
 * Nothing is read from or written to D1 and nothing is signed: it is the floor for delivering N requests
 * from a Worker on this runtime.
 */
interface Env {
  RECEIVER_URL: string;
}

function parameter(url: URL, name: string, fallback: number): number {
  const value = Number(url.searchParams.get(name) ?? fallback);
  return Number.isSafeInteger(value) && value >= 0 ? value : fallback;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const count = parameter(url, "count", 1000);
    const concurrency = Math.max(1, parameter(url, "concurrency", 50));
    const run = url.searchParams.get("run") ?? "loop";
    const body = JSON.stringify({ run, padding: "x".repeat(parameter(url, "bytes", 1000)) });
    let next = 0;
    let succeeded = 0;
    const lane = async () => {
      while (next < count) {
        next += 1;
        const response = await fetch(`${env.RECEIVER_URL}/loop`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-bench-run": run },
          body,
        });
        await response.arrayBuffer();
        if (response.ok) succeeded += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
    return Response.json({ count, concurrency, succeeded });
  },
};
