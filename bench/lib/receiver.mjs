// The local webhook receiver: a Node HTTP server on 127.0.0.1 that answers 204 and, per run, counts
// arrivals, notes the first and last arrival time and how many connections the sender spread them over
// (a sender keeps one connection per request in flight, so that is its concurrency).
// Ferry's deliveries are told apart by the article id in their payload, the baseline's by `x-bench-run`.
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";

export async function startReceiver() {
  const runs = new Map();
  let sockets = 0;
  const runFor = (key) => {
    let run = runs.get(key);
    if (!run) {
      run = {
        count: 0,
        firstAt: null,
        lastAt: null,
        connections: new Set(),
        bytes: 0,
        waiters: [],
        // Deliveries that carry `data.sequence` (the FIFO figure) must arrive in that order.
        lastSequence: -1,
        inOrder: true,
      };
      runs.set(key, run);
    }
    return run;
  };
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const payload = request.headers["x-bench-run"] ? null : parse(body);
      const run = runFor(request.headers["x-bench-run"] ?? payload?.data?.id ?? "unknown");
      const sequence = payload?.data?.sequence;
      if (typeof sequence === "number") {
        if (sequence <= run.lastSequence) run.inOrder = false;
        run.lastSequence = sequence;
      }
      const now = performance.now();
      run.count += 1;
      run.bytes = body.length;
      run.firstAt ??= now;
      run.lastAt = now;
      run.connections.add(request.socket.benchId);
      response.writeHead(204).end();
      run.waiters = run.waiters.filter((w) => !w(run));
    });
  });
  server.on("connection", (socket) => {
    sockets += 1;
    socket.benchId = sockets;
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    /** Resolves with the run's figures once `count` requests arrived; rejects after `timeoutMs`. */
    waitFor(key, count, timeoutMs) {
      const run = runFor(key);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`receiver: ${run.count}/${count} requests for ${key} after ${timeoutMs} ms`)),
          timeoutMs,
        );
        const check = (r) => {
          if (r.count < count) return false;
          clearTimeout(timer);
          resolve({
            count: r.count,
            firstAt: r.firstAt,
            lastAt: r.lastAt,
            connections: r.connections.size,
            bytes: r.bytes,
            inOrder: r.inOrder,
          });
          return true;
        };
        if (!check(run)) run.waiters.push(check);
      });
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

function parse(body) {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return null;
  }
}
