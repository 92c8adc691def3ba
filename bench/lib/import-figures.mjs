// Import at the size limit: each hostile document (test/support/hostile-feeds.ts, bundled by the run)
// against an ordinary RSS feed of the same size, in the same run. Every import goes into a fresh feed,
// so each does the same work every round (the ordinary one creates all its items), and rounds alternate
// ordinary and hostile documents so that load from elsewhere falls on both alike.
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { round } from "./load.mjs";
import { createFeed } from "./seed.mjs";

/** CPU seconds the kernel counts per clock tick in /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU time (user + system, ms) of every process descended from this one: the workerd that Miniflare
 * runs. It includes local D1 (SQLite runs inside workerd), which in production is not the Worker's CPU,
 * so it is an upper bound on what an import costs the Worker. Null where /proc is missing.
 */
export function runtimeCpuMs() {
  let entries;
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const parents = new Map();
  const ticks = new Map();
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // The command name is in parentheses and may hold spaces: fields are counted after it.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(pid, fields[1]);
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  const self = String(process.pid);
  const descends = (pid) => {
    for (let p = parents.get(pid), hops = 0; p && hops < 16; p = parents.get(p), hops++)
      if (p === self) return true;
    return false;
  };
  let total = 0;
  for (const [pid, t] of ticks) if (descends(pid)) total += t;
  return (total * 1000) / CLOCK_TICKS_PER_S;
}

async function importOnce({ baseUrl, db, token, slug, document }) {
  await createFeed(db, slug);
  const cpuBefore = runtimeCpuMs();
  const started = performance.now();
  const response = await fetch(`${baseUrl}/v1/feeds/${slug}/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": document.mediaType },
    body: document.body,
  });
  const answer = await response.json();
  const wallMs = performance.now() - started;
  const cpuAfter = runtimeCpuMs();
  if (response.status >= 500)
    throw new Error(`import ${document.name}: ${response.status} ${JSON.stringify(answer)}`);
  const outcome =
    response.status === 200
      ? `${answer.created} created, ${answer.rejected} rejected`
      : `${response.status}: ${answer.detail}`;
  return {
    wallMs,
    cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    status: response.status,
    outcome,
  };
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  return sorted.length === 0 ? null : sorted[Math.floor((sorted.length - 1) / 2)];
};

/**
 * `documents.benign` and each of `documents.hostile` imported `rounds` times (after one warm-up import of
 * the ordinary document), in the order ordinary, hostile…, ordinary, hostile…; medians per document. The
 * other hostile shapes (`documents.others`) are imported once each, for the CPU they need.
 */
export async function measureImports({ baseUrl, db, token, documents, rounds, log }) {
  const all = [documents.benign, ...documents.hostile];
  const samples = new Map(all.map((d) => [d.name, []]));
  let feeds = 0;
  const next = (document) => importOnce({ baseUrl, db, token, slug: `bench-import-${++feeds}`, document });
  await next(documents.benign);
  for (let r = 0; r < rounds; r++) {
    for (const document of all) {
      const sample = await next(document);
      samples.get(document.name).push(sample);
      log?.(`import ${document.name}: ${round(sample.wallMs, 0)} ms, ${sample.outcome}`);
    }
  }
  const summary = (document) => {
    const runs = samples.get(document.name);
    return {
      name: document.name,
      bytes: document.bytes,
      wallMs: round(median(runs.map((s) => s.wallMs)), 1),
      cpuMs: round(median(runs.map((s) => s.cpuMs)), 0),
      maxCpuMs: round(Math.max(...runs.map((s) => s.cpuMs ?? 0)), 0),
      outcome: runs.at(-1).outcome,
      wallMsRuns: runs.map((s) => round(s.wallMs, 1)),
    };
  };
  for (const document of documents.others) {
    samples.set(document.name, [await next(document)]);
    log?.(`import ${document.name}: ${round(samples.get(document.name)[0].wallMs, 0)} ms (once)`);
  }
  return {
    rounds,
    benign: summary(documents.benign),
    hostile: documents.hostile.map(summary),
    others: documents.others.map(summary),
  };
}

/** The documents, at `bytes`, from the bundled test/support/hostile-feeds.ts. */
export function importDocuments(module, bytes) {
  const document = (name, body) => ({
    name,
    body,
    bytes: Buffer.byteLength(body),
    mediaType: module.mediaTypeOf(body),
  });
  return {
    benign: document("ordinary RSS", module.benignRss(bytes)),
    hostile: module.BENCH_SHAPES.map((shape) => document(shape, module.HOSTILE_FEEDS[shape](bytes))),
    others: Object.keys(module.HOSTILE_FEEDS)
      .filter((shape) => !module.BENCH_SHAPES.includes(shape))
      .map((shape) => document(shape, module.HOSTILE_FEEDS[shape](bytes))),
  };
}
