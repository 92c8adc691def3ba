// Turns the measurements into the figures of the issue: Ferry, its baseline from the same run, the ratio,
// the target and whether it is met; printed as a Markdown table and kept whole in JSON.
import { round } from "./load.mjs";

function ratioRow(figure, against, ferry, baseline, unit, target) {
  const ratio = baseline > 0 ? ferry / baseline : null;
  const pass =
    ratio !== null && (target.atLeast !== undefined ? ratio >= target.atLeast : ratio <= target.atMost);
  return {
    figure,
    against,
    ferry: round(ferry, 2),
    baseline: round(baseline, 2),
    unit,
    ratio: round(ratio, 2),
    target: target.atLeast !== undefined ? `≥ ${target.atLeast}×` : `≤ ${target.atMost}×`,
    pass,
  };
}

/** Rows read may not grow with the article count; a few rows of slack cover nothing real. */
function constantRow(figure, against, big, small) {
  return {
    figure,
    against,
    ferry: big,
    baseline: small,
    unit: "rows",
    ratio: small > 0 ? round(big / small, 2) : null,
    target: "constant",
    pass: big <= small,
  };
}

/** The rows of the figure groups that ran (BENCH_FIGURES), in the table's order. */
export function buildRows(m) {
  return [
    ...(m.feeds ? feedRows(m) : []),
    ...(m.publish ? publishRows(m) : []),
    ...(m.delivery ? deliveryRows(m) : []),
    ...(m.probe ? probeRows(m) : []),
    ...(m.imports ? importRows(m.imports) : []),
  ];
}

function feedRows(m) {
  const constantFeed = m.feeds.constantFeed.rps;
  const n = m.config.articles.toLocaleString("en");
  const kb = `${(m.feedBodyBytes / 1024).toFixed(1)} KiB`;
  return [
    ratioRow(
      "cached feed req/s: 200 (memo / Cache API)",
      `constant Worker, the same feed bytes (${kb}), 200`,
      m.feeds.cached200.rps,
      constantFeed,
      "req/s",
      { atLeast: 0.8 },
    ),
    ratioRow(
      "cached feed req/s: 304 Not Modified",
      "constant Worker, empty body, 200",
      m.feeds.cached304.rps,
      m.feeds.constantEmpty.rps,
      "req/s",
      { atLeast: 0.8 },
    ),
    ratioRow(
      `uncached feed req/s, ${n} articles`,
      `constant Worker, the same feed bytes (${kb})`,
      m.feeds.uncachedBig.rps,
      constantFeed,
      "req/s",
      { atLeast: 0.5 },
    ),
    ...honoFeedRows(m),
    ratioRow(
      `uncached feed p50, ${n} articles`,
      "the same, 100 articles",
      m.latency.big.p50,
      m.latency.small.p50,
      "ms",
      { atMost: 1.2 },
    ),
    ratioRow(
      `uncached feed p99, ${n} articles`,
      "the same, 100 articles",
      m.latency.big.p99,
      m.latency.small.p99,
      "ms",
      { atMost: 1.2 },
    ),
  ];
}

/**
 * Against what a user of the same stack would otherwise write (bench/hono-feed-worker.ts): uncached, Ferry must
 * cost no more than that Worker; cached, it must be an order of magnitude cheaper.
 */
function honoFeedRows(m) {
  const n = m.config.articles.toLocaleString("en");
  const against = `Hono + D1 + \`feed\` Worker, same page, every request (${(m.feeds.honoFeed.bytesPerResponse / 1024).toFixed(1)} KiB)`;
  return [
    ratioRow(
      `uncached feed req/s, ${n} articles, against Hono + D1 + \`feed\``,
      against,
      m.feeds.uncachedBig.rps,
      m.feeds.honoFeed.rps,
      "req/s",
      { atLeast: 1 },
    ),
    ratioRow(
      "cached feed req/s: 200 (memo / Cache API), against Hono + D1 + `feed`",
      against,
      m.feeds.cached200.rps,
      m.feeds.honoFeed.rps,
      "req/s",
      { atLeast: 10 },
    ),
  ];
}

function publishRows(m) {
  const s = m.config.subscribers.toLocaleString("en");
  return [
    ratioRow(
      `publish p50, ${s} subscribers`,
      "the same, 0 subscribers",
      m.publish.many.p50,
      m.publish.none.p50,
      "ms",
      { atMost: 1.2 },
    ),
    ratioRow(
      `publish p99, ${s} subscribers`,
      "the same, 0 subscribers",
      m.publish.many.p99,
      m.publish.none.p99,
      "ms",
      { atMost: 1.2 },
    ),
    ratioRow(
      `publish p99, ${s} subscribers filtered by tag`,
      "the same, 0 subscribers",
      m.publish.filtered.p99,
      m.publish.none.p99,
      "ms",
      { atMost: 1.2 },
    ),
  ];
}

function deliveryRows(m) {
  const s = m.config.subscribers.toLocaleString("en");
  return [
    ratioRow(
      `deliver one event to ${s} subscribers`,
      `fetch loop Worker, ${m.config.deliveryConcurrency} in flight`,
      m.delivery.ferry.median.totalMs,
      m.delivery.loop.median.totalMs,
      "ms",
      { atMost: 1.5 },
    ),
    ratioRow(
      `deliver ${m.fifo.count.toLocaleString("en")} events to one FIFO endpoint, in order`,
      "fetch loop Worker, one request at a time",
      m.fifo.ferry.totalMs,
      m.fifo.loop.totalMs,
      "ms",
      { atMost: 1.5 },
    ),
  ];
}

function probeRows(m) {
  const rowsOf = (probe, name) => probe.paths.find((p) => p.name === name)?.rowsRead ?? null;
  const feedRows = (probe, page = "feed page") =>
    rowsOf(probe, "feed state (validators)") + rowsOf(probe, page);
  const n = m.config.articles.toLocaleString("en");
  return [
    constantRow(
      `D1 rows read per feed request, ${n} articles`,
      "the same, 100 articles",
      feedRows(m.probe.big),
      feedRows(m.probe.small),
    ),
    constantRow(
      `D1 rows read per older-page feed request (cursor halfway back), ${n} articles`,
      "the same, 100 articles",
      feedRows(m.probe.big, "feed page, with cursor"),
      feedRows(m.probe.small, "feed page, with cursor"),
    ),
    constantRow(
      `D1 rows read per older-page tag feed request, ${n} articles`,
      "the same, 100 articles",
      feedRows(m.probe.big, "tag feed page, with cursor"),
      feedRows(m.probe.small, "tag feed page, with cursor"),
    ),
    constantRow(
      `D1 rows read per publish, ${n} articles`,
      "the same, 100 articles",
      rowsOf(m.probe.big, "publish"),
      rowsOf(m.probe.small, "publish"),
    ),
  ];
}

const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

/** Each hostile document may take at most twice as long to import as an ordinary one of the same size. */
function importRows(imports) {
  const benign = imports.benign;
  return imports.hostile.map((hostile) =>
    ratioRow(
      `import ${mib(hostile.bytes)} hostile RSS: ${hostile.name}`,
      `ordinary RSS, ${mib(benign.bytes)} (${benign.outcome})`,
      hostile.wallMs,
      benign.wallMs,
      "ms",
      { atMost: 2 },
    ),
  );
}

export function markdownTable(rows) {
  const lines = [
    "| figure | Ferry | baseline (same run) | baseline is | ratio | target | result |",
    "|---|---:|---:|---|---:|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.figure} | ${r.ferry} ${r.unit} | ${r.baseline} ${r.unit} | ${r.against} | ${r.ratio ?? "–"}× | ${r.target} | ${r.pass ? "pass" : "**FAIL**"} |`,
    ),
  ];
  return lines.join("\n");
}

/** The figures behind the misses, for the groups that ran: request breakdown, delivery, rows read, imports. */
export function diagnosticsTables(m) {
  return [
    m.feeds ? feedBreakdownTable(m) : null,
    m.delivery ? deliveryTable(m) : null,
    m.probe ? rowsReadTable(m) : null,
    m.imports ? importTable(m.imports) : null,
  ]
    .filter((lines) => lines !== null)
    .map((lines) => lines.join("\n"))
    .join("\n\n");
}

function feedBreakdownTable(m) {
  const perRequest = (rps) => (rps > 0 ? round(1000 / rps, 3) : null);
  const steps = [
    ["constant Worker, empty body", m.feeds.constantEmpty],
    ["constant Worker, the same feed bytes", m.feeds.constantFeed],
    ["Hono + D1 + `feed` Worker, the same page rendered per request", m.feeds.honoFeed],
    ...Object.entries(m.breakdown).map(([name, step]) => [`helper: ${name}`, step]),
    ["Ferry: cached, 304", m.feeds.cached304],
    ["Ferry: cached, 200", m.feeds.cached200],
    ["Ferry: uncached (both caches bypassed)", m.feeds.uncachedBig],
  ];
  return [
    `Where an uncached feed request's time goes (${m.config.load.connections} connections; ms per request = 1000 / req/s, the capacity one request uses on this machine):`,
    "",
    "| step | req/s | ms per request | bytes |",
    "|---|---:|---:|---:|",
    ...steps.map(([name, s]) => `| ${name} | ${s.rps} | ${perRequest(s.rps)} | ${s.bytesPerResponse} |`),
    "",
    `Rendering alone (one connection, 50 renders per request): ${m.renderCost.msPerRender} ms per RSS rendering of the page.`,
  ];
}

function deliveryTable(m) {
  const d = m.delivery;
  const timeline = (name, r) =>
    `| ${name} | ${r.totalMs} | ${r.publishMs ?? "–"} | ${r.fanOutMs ?? "–"} | ${r.firstDeliveryMs} | ${r.firstToLastMs} | ${r.connections} |`;
  return [
    `Delivering one event to ${m.config.subscribers} subscribers (medians of ${m.config.deliveryRounds} rounds, ms from the publish request):`,
    "",
    "| sender | last delivery | publish answered | fan-out query + enqueue | first delivery | first → last | connections used |",
    "|---|---:|---:|---:|---:|---:|---:|",
    timeline("Ferry: publish → queue → consumer", d.ferry.median),
    timeline("Ferry's fan-out and inline delivery (4 lanes of 25), no queue", d.direct.median),
    timeline("fetch loop Worker (baseline)", d.loop.median),
    "",
    `The parts of Ferry's delivery work, timed separately batch by batch (${m.config.deliveryConcurrency} per batch) and summed over ${d.steps.deliveries} deliveries: ` +
      Object.entries(d.steps.stepsMs)
        .map(([name, ms]) => `${name} ${ms} ms`)
        .join(", ") +
      ` (fan-out ${d.steps.fanOutMs} ms).`,
  ];
}

function rowsReadTable(m) {
  const paths = m.probe.big.paths.map((big) => {
    const small = m.probe.small.paths.find((p) => p.name === big.name);
    const problems = [...new Set(big.statements.flatMap((s) => s.problems))];
    return `| ${big.name} | ${big.statements.length} | ${big.rowsRead} | ${small?.rowsRead ?? "–"} | ${problems.join("; ") || "none"} |`;
  });
  return [
    `D1 rows read (reads and the publish batch run for real; other writes only explained) and query-plan problems:`,
    "",
    `| path | statements | rows read, ${m.config.articles} articles | rows read, 100 articles | plan problems (SCAN / temp B-tree) |`,
    "|---|---:|---:|---:|---|",
    ...paths,
  ];
}

function importTable(imports) {
  const row = (d) =>
    `| ${d.name} | ${mib(d.bytes)} | ${d.outcome} | ${d.wallMs} | ${d.cpuMs ?? "–"} | ${d.maxCpuMs ?? "–"} |`;
  return [
    `Imports at the size limit, each into a fresh feed (medians of ${imports.rounds} rounds; runtime CPU is the whole workerd process, local D1 included, so it bounds what the Worker itself spends):`,
    "",
    "| document | size | answer | wall ms | runtime CPU ms | most runtime CPU ms |",
    "|---|---:|---|---:|---:|---:|",
    row(imports.benign),
    ...imports.hostile.map(row),
    ...imports.others.map((d) => row({ ...d, name: `${d.name} (once)` })),
  ];
}
