// A real HTTP receiver on 127.0.0.1 for end-to-end delivery tests. It runs in Node (vitest globalSetup);
// tests in workerd choose its behaviour through the path and read what it received from /log/<id>.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FloodReport } from "../support/node-servers";
import type { ReceivedRequest } from "../support/received-request";

/**
 * Paths are `/hooks/<behaviour>/<id>`: `ok`, `fail-N` (500 for the first N requests), `okfor-N` (200 for
 * the first N requests, 500 after), `gone` (410),
 * `slow-N` (the first N answer after 3 s), `redirect` (302), `throttle-N` (429 + Retry-After: 1),
 * `deny` (a WebSub callback that does not echo the challenge), `flood` (200, then a 64 MiB body trickled out:
 * the challenge first if there is one; `/flood/<id>` tells how much was written before the socket closed),
 * `lag-N` (every request answered 200 after N ms),
 * `switch` (500 until `/switch/<id>/<status>` sets the status it answers from then on).
 * GET with `hub.challenge` echoes it. Each request is logged with the time it arrived.
 */
export function startReceiver(): Promise<{ port: number; close: () => Promise<void> }> {
  const log = new Map<string, ReceivedRequest[]>();
  const floods = new Map<string, FloodReport>();
  const switches = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const receivedAt = Date.now();
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () =>
      handle(
        req,
        res,
        { body: Buffer.concat(chunks).toString("utf8"), receivedAt },
        { log, floods, switches },
      ),
    );
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** What the receiver remembers: requests per id, flood reports, and the status each `switch` id answers. */
interface ReceiverState {
  log: Map<string, ReceivedRequest[]>;
  floods: Map<string, FloodReport>;
  switches: Map<string, number>;
}

function handle(
  req: IncomingMessage,
  res: ServerResponse,
  request: { body: string; receivedAt: number },
  { log, floods, switches }: ReceiverState,
) {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const [, root, behaviour = "ok", id = "none"] = url.pathname.split("/");
  if (root === "log" || root === "flood") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(root === "log" ? (log.get(behaviour) ?? []) : (floods.get(behaviour) ?? null)));
    return;
  }
  if (root === "switch") {
    // Here `behaviour` is the id and `id` the status it answers from now on.
    switches.set(behaviour, Number(id));
    res.writeHead(204);
    res.end();
    return;
  }
  const seen = log.get(id) ?? [];
  log.set(id, seen);
  const status =
    behaviour === "flood"
      ? flood(res, url.searchParams.get("hub.challenge") ?? "", id, floods)
      : behaviour === "switch"
        ? answerSwitched(res, switches.get(id) ?? 500)
        : answer(req, res, behaviour, seen.length, url);
  seen.push({
    method: req.method ?? "",
    path: `${url.pathname}${url.search}`,
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
    body: request.body,
    answeredWith: status,
    receivedAt: request.receivedAt,
  });
}

function answerSwitched(res: ServerResponse, status: number): number {
  res.writeHead(status);
  res.end(status < 300 ? "ok" : `status ${status}`);
  return status;
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  behaviour: string,
  count: number,
  url: URL,
): number {
  const [kind, n] = behaviour.split("-");
  const limit = Number(n ?? 0);
  if (req.method === "GET" && url.searchParams.has("hub.challenge")) {
    const challenge = kind === "deny" ? "wrong" : (url.searchParams.get("hub.challenge") ?? "");
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(challenge);
    return 200;
  }
  const send = (status: number, headers: Record<string, string> = {}) => {
    res.writeHead(status, headers);
    res.end(status < 300 ? "ok" : `status ${status}`);
    return status;
  };
  if (kind === "fail" && count < limit) return send(500);
  if (kind === "okfor" && count >= limit) return send(500);
  if (kind === "gone") return send(410);
  if (kind === "redirect") return send(302, { location: "/hooks/ok/redirected" });
  if (kind === "throttle" && count < limit) return send(429, { "retry-after": "1" });
  if (kind === "lag") {
    setTimeout(() => send(200), limit);
    return 200;
  }
  if (kind === "slow" && count < limit) {
    setTimeout(() => {
      if (!res.writableEnded) send(200);
    }, 3000);
    return 200;
  }
  return send(200);
}

const FLOOD_TOTAL_BYTES = 64 * 1024 * 1024;
const FLOOD_CHUNK = Buffer.alloc(16 * 1024, "x");
// 16 KiB every 5 ms: the whole body would take about 20 s, far longer than any delivery timeout.
const FLOOD_INTERVAL_MS = 5;

function flood(res: ServerResponse, head: string, id: string, floods: Map<string, FloodReport>): number {
  const report: FloodReport = { bytesWritten: 0, closed: false, completed: false };
  floods.set(id, report);
  res.writeHead(200, { "content-type": "text/plain" });
  res.write(head);
  report.bytesWritten += Buffer.byteLength(head);
  const timer = setInterval(() => {
    if (report.closed || res.writableNeedDrain) return;
    if (report.bytesWritten >= FLOOD_TOTAL_BYTES) {
      clearInterval(timer);
      report.completed = true;
      res.end();
      return;
    }
    res.write(FLOOD_CHUNK);
    report.bytesWritten += FLOOD_CHUNK.length;
  }, FLOOD_INTERVAL_MS);
  res.on("close", () => {
    clearInterval(timer);
    report.closed = true;
  });
  return 200;
}
