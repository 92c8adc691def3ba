// `npm start`: local Ferry on http://127.0.0.1:8787 with local D1 migrated and seeded.
// Safe to run again: the seed never duplicates and the local token is reused.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, executeSql, sqlValue } from "./lib/d1.mjs";
import { hashApiToken, insertFeedSql, insertTokenSql, newApiToken } from "./lib/records.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const HOST = "127.0.0.1";
const PORT = Number(process.env.PORT ?? 8787);
const ORIGIN = `http://${HOST}:${PORT}`;
const TOKEN_FILE = join(root, ".wrangler", "ferry-local-token");
// Local Worker secrets: wrangler dev reads this file; it is git-ignored.
const DEV_VARS_FILE = join(root, ".dev.vars");
const SAMPLE = JSON.parse(readFileSync(join(root, "test", "fixtures", "article.json"), "utf8"));

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

const dev = spawn(
  "npx",
  [
    "--no-install",
    "wrangler",
    "dev",
    "--ip",
    HOST,
    "--port",
    String(PORT),
    "--test-scheduled",
    "--show-interactive-dev-session=false",
    // Local development only: lets webhooks and WebSub callbacks use http:// on this machine.
    "--var",
    "ALLOW_INSECURE_LOCAL_WEBHOOKS:true",
  ],
  { stdio: "inherit", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => dev.kill(signal));
dev.on("exit", (code) => process.exit(code ?? 0));

await waitForServer();
await seedSampleArticle(token);
console.log(`
Ferry is running on ${ORIGIN}
Publisher token: ${token}
Feeds:  ${ORIGIN}/feeds/news/rss.xml
        ${ORIGIN}/feeds/news/atom.xml
        ${ORIGIN}/feeds/news/feed.json
API docs: ${ORIGIN}/docs
Webhooks may target http://127.0.0.1 in this local session; run the cron sweep with
        curl ${ORIGIN}/__scheduled
`);

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
  if (!response.ok) throw new Error(`Seeding the sample article failed: ${response.status} ${await response.text()}`);
}
