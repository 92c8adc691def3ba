// Runs SQL against Ferry's D1 database through wrangler, locally or on Cloudflare.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { persistArgs } from "./local-state.mjs";

export const DATABASE_NAME = "ferry";
const WRANGLER_ENV = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };

/** Runs wrangler with the project's own binary; throws with wrangler's output when it fails. */
export function wrangler(args, { quiet = false } = {}) {
  try {
    return execFileSync("npx", ["--no-install", "wrangler", ...args], {
      env: WRANGLER_ENV,
      encoding: "utf8",
      stdio: ["ignore", "pipe", quiet ? "pipe" : "inherit"],
    });
  } catch (error) {
    throw new Error(`wrangler ${args.join(" ")} failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  }
}

/** Where a command runs: on Cloudflare, or in the local state `npm start` uses. */
function target(remote) {
  return remote ? ["--remote"] : ["--local", ...persistArgs()];
}

export function applyMigrations({ remote = false } = {}) {
  wrangler(["d1", "migrations", "apply", DATABASE_NAME, ...target(remote)], { quiet: true });
}

/** Executes SQL (one or more statements) and returns the rows of the last statement. */
export function executeSql(sql, { remote = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "ferry-sql-"));
  const file = join(dir, "query.sql");
  try {
    writeFileSync(file, sql);
    const out = wrangler(["d1", "execute", DATABASE_NAME, ...target(remote), "--json", `--file=${file}`], {
      quiet: true,
    });
    const parsed = JSON.parse(out.slice(out.indexOf("[")));
    return parsed.at(-1)?.results ?? [];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** SQL string literal: single quotes doubled; NULL for null/undefined. */
export function sqlValue(value) {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}
