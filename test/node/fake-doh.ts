// A DNS-over-HTTPS resolver (JSON API, as cloudflare-dns.com answers it) on 127.0.0.1, so tests never need the
// network. vitest.config.ts starts it, because Worker bindings are fixed before globalSetup runs; tests in workerd
// set records with POST /records and read how often a name was asked with GET /queries/<name>.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { FakeDnsEntry } from "../support/node-servers";

const TYPES: Record<string, number> = { A: 1, AAAA: 28 };
const CNAME_TYPE = 5;
// A recursive resolver gives up on long or looping chains; so does this one.
const MAX_CHAIN = 20;

// Names the rest of the suite subscribes with (fuzzers, API tests): public, and never actually contacted.
const DEFAULT_ZONE: Record<string, FakeDnsEntry> = {
  "example.com": { A: ["93.184.216.34"] },
  "xn--r8jz45g.jp": { A: ["93.184.216.35"] },
};

export function startFakeDoh(): Promise<{ url: string; close: () => Promise<void> }> {
  const zone = new Map(Object.entries(DEFAULT_ZONE));
  const queries = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handle(req, res, Buffer.concat(chunks).toString("utf8"), zone, queries));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      // The vitest process must be free to exit with this still listening.
      server.unref();
      resolve({
        url: `http://127.0.0.1:${port}/dns-query`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

function handle(
  req: IncomingMessage,
  res: ServerResponse,
  body: string,
  zone: Map<string, FakeDnsEntry>,
  queries: Map<string, number>,
) {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const [, root, rest = ""] = url.pathname.split("/");
  if (req.method === "POST" && root === "records") {
    for (const [name, entry] of Object.entries(JSON.parse(body) as Record<string, FakeDnsEntry>)) {
      zone.set(normalise(name), entry);
    }
    return reply(res, 204, "");
  }
  if (root === "queries")
    return reply(res, 200, JSON.stringify({ count: queries.get(normalise(rest)) ?? 0 }));
  if (root !== "dns-query") return reply(res, 404, "");
  // The JSON API is chosen by this header; without it a real resolver expects binary DNS messages.
  if (req.headers.accept !== "application/dns-json") return reply(res, 415, "");
  const name = normalise(url.searchParams.get("name") ?? "");
  const type = TYPES[url.searchParams.get("type") ?? ""];
  if (!name || type === undefined) return reply(res, 400, "");
  const asked = queries.get(name) ?? 0;
  queries.set(name, asked + 1);
  const stored = zone.get(name);
  const entry = stored?.rebind && asked >= stored.rebind.afterQueries ? stored.rebind.to : stored;
  if (entry?.httpStatus) return reply(res, entry.httpStatus, "");
  if (entry?.body === "garbage") return reply(res, 200, "<html>not dns</html>");
  if (entry?.body === "oversize") return reply(res, 200, oversizeAnswer(name));
  return reply(res, 200, JSON.stringify(answer(name, type, (n) => (n === name ? entry : zone.get(n)))));
}

function answer(name: string, type: number, lookup: (name: string) => FakeDnsEntry | undefined) {
  const records: { name: string; type: number; TTL: number; data: string }[] = [];
  let current = name;
  for (let hop = 0; hop < MAX_CHAIN; hop += 1) {
    const entry = lookup(current);
    if (!entry) return { Status: hop === 0 ? 3 : 0, Answer: records.length ? records : undefined };
    if (entry.rcode) return { Status: entry.rcode };
    const ttl = entry.ttl ?? 300;
    if (entry.CNAME) {
      records.push({ name: `${current}.`, type: CNAME_TYPE, TTL: ttl, data: `${normalise(entry.CNAME)}.` });
      current = normalise(entry.CNAME);
      continue;
    }
    const data = (type === 1 ? entry.A : entry.AAAA) ?? [];
    for (const address of data) records.push({ name: `${current}.`, type, TTL: ttl, data: address });
    return { Status: 0, Question: [{ name, type }], Answer: records };
  }
  return { Status: 2 };
}

function oversizeAnswer(name: string): string {
  const record = { name: `${name}.`, type: 1, TTL: 300, data: "93.184.216.34" };
  return JSON.stringify({ Status: 0, Answer: Array(20_000).fill(record) });
}

function normalise(name: string): string {
  return decodeURIComponent(name).toLowerCase().replace(/\.$/, "");
}

function reply(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "application/dns-json" });
  res.end(body);
}
