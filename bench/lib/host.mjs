// One workerd for everything: Ferry and the baselines run side by side in a single Miniflare instance
// (the runtime `wrangler dev` uses, without its proxy or request logging), each Worker on its own
// loopback port, so every figure and its baseline are served by the same process on the same cores.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
// The Miniflare that the project's wrangler runs, so the runtime matches `wrangler dev`.
const wranglerRequire = createRequire(require.resolve("wrangler/package.json"));

/** The bench's queue for the publish-only Ferry: it has no consumer, so fan-out never runs there. */
export const SINK_QUEUE = "ferry-bench-sink";

/** Ferry's settings as wrangler reads them from wrangler.toml (bindings, queues, D1, compatibility). */
export async function readFerryWorkerOptions(root) {
  const wrangler = await import(require.resolve("wrangler"));
  const { workerOptions } = wrangler.unstable_getMiniflareWorkerOptions(join(root, "wrangler.toml"));
  return workerOptions;
}

/**
 * Starts the shared runtime. `ferry` is the Worker as configured (queue producer and consumer, D1);
 * `ferryPublish` is the same bundle and database with its producer pointed at a queue without a consumer;
 * `constant`, `honoFeed` (reading the same database) and `fetchLoop` are the baselines; `helper` probes queries
 * and times parts of a feed request.
 */
export async function startHost({ persistDir, bundles, ferryOptions, receiverUrl }) {
  const { Miniflare, convertV4MiniflareOptions } = await import(wranglerRequire.resolve("miniflare"));
  const {
    cronTriggers: _crons, // the bench runs no cron: a sweep mid-measurement would be noise
    rootPath: _root,
    modulesRules: _rules,
    ...config
  } = ferryOptions;
  const runtime = {
    compatibilityDate: config.compatibilityDate,
    compatibilityFlags: config.compatibilityFlags,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
  };
  // As `npm start` does: lets deliveries reach the receiver on 127.0.0.1 over http, and gives Ferry a key
  // for secrets at rest (one per run; the helper opens what Ferry sealed, so it gets the same one).
  const local = { ALLOW_INSECURE_LOCAL_WEBHOOKS: "true", SECRETS_KEY: randomBytes(32).toString("base64url") };
  const ferry = {
    ...config,
    ...runtime,
    modules: true,
    scriptPath: bundles.ferry.scriptPath,
    modulesRoot: bundles.ferry.modulesRoot,
    bindings: { ...config.bindings, ...local },
  };
  const producer = Object.keys(config.queueProducers ?? {})[0];
  const d1 = { d1Databases: config.d1Databases };
  const single = (name, scriptPath, extra = {}) => ({
    name,
    ...runtime,
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    ...extra,
  });
  // Ferry writes one structured log line per request; they are counted, not printed, so the terminal
  // is not part of what is measured. Errors are kept for the report.
  const logs = { lines: 0, errors: [] };
  const handleStructuredLogs = (entry) => {
    logs.lines += 1;
    if (entry.level === "error" && logs.errors.length < 20) logs.errors.push(entry.message);
  };
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      logRequests: false,
      handleStructuredLogs,
      cf: false,
      port: 0,
      resourcePersistencePath: persistDir,
      workers: [
        { ...ferry, name: "ferry" },
        {
          ...ferry,
          name: "ferry-publish",
          queueProducers: { [producer]: { queueName: SINK_QUEUE } },
          queueConsumers: {},
        },
        single("constant", bundles.constant),
        single("hono-feed", bundles.honoFeed, d1),
        single("fetch-loop", bundles.fetchLoop, { bindings: { RECEIVER_URL: receiverUrl } }),
        single("helper", bundles.helper, { ...d1, bindings: local }),
      ],
    }),
  );
  await mf.ready;
  const url = async (name) => (await mf.unsafeGetDirectURL(name)).href.replace(/\/$/, "");
  return {
    mf,
    urls: {
      ferry: await url("ferry"),
      ferryPublish: await url("ferry-publish"),
      constant: await url("constant"),
      honoFeed: await url("hono-feed"),
      fetchLoop: await url("fetch-loop"),
      helper: await url("helper"),
    },
    db: await mf.getD1Database("DB", "ferry"),
    queueConsumer: config.queueConsumers?.[config.queueProducers?.[producer]?.queueName] ?? {},
    logs,
    dispose: () => mf.dispose(),
  };
}
