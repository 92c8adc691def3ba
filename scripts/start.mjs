// `npm start`: local Ferry on http://127.0.0.1:8787 (or PORT) with local D1 migrated and seeded.
// Safe to run again: the seed never duplicates and the local token is reused. SIGINT, SIGTERM and SIGHUP stop
// everything it started (wrangler, workerd, esbuild) before it exits.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, executeSql, sqlValue } from "./lib/d1.mjs";
import { persistArgs, TOKEN_FILE } from "./lib/local-state.mjs";
import { hashApiToken, insertFeedSql, insertTokenSql, newApiToken } from "./lib/records.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const HOST = "127.0.0.1";
const PORT = Number(process.env.PORT ?? 8787);
const ORIGIN = `http://${HOST}:${PORT}`;
// Local Worker secrets: wrangler dev reads this file; it is git-ignored.
const DEV_VARS_FILE = join(root, ".dev.vars");
const SAMPLE = JSON.parse(readFileSync(join(root, "test", "fixtures", "article.json"), "utf8"));

/** Set once stopping has begun; every later signal waits for the same stop. */
let stopping = null;

process.chdir(root);
ensureLocalSecretsKey();
console.log("Applying D1 migrations to the local database…");
applyMigrations();

executeSql(
  insertFeedSql({
    slug: "news",
    title: "Ferry News",
    description: "Sample feed seeded by npm start",
    homePageUrl: "https://news.example.com/",
    language: "en",
  }),
);
const token = ensureLocalToken();

// wrangler runs in a process group of its own, so that stopping can signal it and everything it spawned.
const dev = spawn(
  process.execPath,
  [
    join(root, "node_modules", "wrangler", "bin", "wrangler.js"),
    "dev",
    "--ip",
    HOST,
    "--port",
    String(PORT),
    ...persistArgs(),
    "--test-scheduled",
    "--show-interactive-dev-session=false",
    // Local development only: lets webhooks and WebSub callbacks use http:// on this machine.
    "--var",
    "ALLOW_INSECURE_LOCAL_WEBHOOKS:true",
  ],
  {
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  },
);
const EXIT_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
for (const signal of Object.keys(EXIT_CODES)) process.on(signal, () => stop(signal, EXIT_CODES[signal]));
dev.on("exit", (code) => stop("SIGTERM", code ?? 1));
// `npm start` runs this script under `sh -c`, and npm signals only that shell: when it goes, this script is
// re-parented, and that is the signal to stop.
const parentAtStart = process.ppid;
setInterval(() => {
  if (process.ppid !== parentAtStart) stop("SIGTERM", EXIT_CODES.SIGTERM);
}, 250).unref();

try {
  await waitForServer();
  await seedSampleArticle(token);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await stop("SIGTERM", 1);
}
console.log(`
Ferry is running on ${ORIGIN}
Publisher token: ${token}
        (\`npm run -s token\` prints it again)
Feeds:  ${ORIGIN}/feeds/news/rss.xml
        ${ORIGIN}/feeds/news/atom.xml
        ${ORIGIN}/feeds/news/feed.json
API docs: ${ORIGIN}/docs
Webhooks may target http://127.0.0.1 in this local session; run the cron sweep with
        curl ${ORIGIN}/__scheduled
Stop with Ctrl-C (or SIGTERM): everything started here stops with it.
`);

/**
 * Signals wrangler's whole process group and exits once no process of it is left (SIGKILL after 10 s), so a
 * process manager or script that stops `npm start` never leaks a server still holding the port.
 */
function stop(signal, exitCode) {
  stopping ??= (async () => {
    signalGroup(signal);
    if (!(await groupGone(10_000))) {
      signalGroup("SIGKILL");
      await groupGone(2_000);
    }
    process.exit(exitCode);
  })();
  return stopping;
}

function signalGroup(signal) {
  try {
    process.kill(-dev.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

async function groupGone(timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!groupRunning(dev.pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/**
 * Whether any process of the group still runs. An exited child stays a zombie until its new parent reaps it,
 * which some container inits never do, so on Linux zombies are read from /proc and do not count.
 */
function groupRunning(pgid) {
  if (existsSync("/proc/self/stat")) {
    return readdirSync("/proc").some((entry) => {
      if (!/^\d+$/.test(entry)) return false;
      try {
        // After the parenthesised command name: state, parent pid, process group.
        const fields = readFileSync(`/proc/${entry}/stat`, "utf8").split(") ").at(-1).split(" ");
        return Number(fields[2]) === pgid && fields[0] !== "Z";
      } catch {
        return false; // exited while being read
      }
    });
  }
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Gives local Ferry the key that encrypts webhook and WebSub secrets in D1: made on the first run and kept
 * after, since the local database's secrets are sealed under it. Other lines of .dev.vars are left alone.
 */
function ensureLocalSecretsKey() {
  const text = existsSync(DEV_VARS_FILE) ? readFileSync(DEV_VARS_FILE, "utf8") : "";
  if (/^\s*SECRETS_KEY\s*=/m.test(text)) return;
  const separator = text === "" || text.endsWith("\n") ? "" : "\n";
  const line = `SECRETS_KEY=${randomBytes(32).toString("base64url")}\n`;
  writeFileSync(DEV_VARS_FILE, `${text}${separator}${line}`, { mode: 0o600 });
  console.log("Created a local SECRETS_KEY in .dev.vars.");
}

/** Reuses the token saved by an earlier run if the database still knows it; otherwise makes a new one. */
function ensureLocalToken() {
  if (existsSync(TOKEN_FILE)) {
    const saved = readFileSync(TOKEN_FILE, "utf8").trim();
    const rows = executeSql(
      `SELECT 1 AS ok FROM api_tokens WHERE token_hash = ${sqlValue(hashApiToken(saved))} AND revoked_at IS NULL;`,
    );
    if (rows.length > 0) return saved;
  }
  const fresh = newApiToken();
  executeSql(insertTokenSql({ token: fresh, label: "local publisher (npm start)", role: "admin" }));
  mkdirSync(dirname(TOKEN_FILE), { recursive: true });
  writeFileSync(TOKEN_FILE, `${fresh}\n`, { mode: 0o600 });
  return fresh;
}

async function waitForServer() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${ORIGIN}/feeds/news/feed.json`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`Ferry did not answer on ${ORIGIN} within 60 s`);
}

/** Publishes the sample article through the real API, once: skipped when an article has its URL. */
async function seedSampleArticle(publisherToken) {
  const rows = executeSql(`SELECT 1 AS ok FROM articles WHERE url = ${sqlValue(SAMPLE.url)} LIMIT 1;`);
  if (rows.length > 0) return;
  const response = await fetch(`${ORIGIN}/v1/feeds/news/articles`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${publisherToken}`,
      "content-type": "application/json",
      "idempotency-key": "seed-sample-article",
    },
    body: JSON.stringify(SAMPLE),
  });
  if (!response.ok)
    throw new Error(`Seeding the sample article failed: ${response.status} ${await response.text()}`);
}
