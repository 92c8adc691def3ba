// Builds every Worker the benchmark runs: Ferry exactly as `wrangler deploy` would bundle it, and the
// baselines and the bench helper with esbuild. Nothing here touches the network.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);

/**
 * The bench helper Worker (query probe and request breakdown) runs Ferry's own code, so it lives under
 * test/ where it is type-checked as Worker code; it is bundled from there by path.
 */
export const HELPER_ENTRY = "test/support/bench/worker.ts";

/** The feed documents the import figure sends: the same module the import tests use, bundled for Node. */
export const IMPORT_DOCUMENTS_ENTRY = "test/support/hostile-feeds.ts";

/** Ferry's production bundle, from `wrangler deploy --dry-run` (no account, no upload). */
export function buildFerry(root, outDir) {
  mkdirSync(outDir, { recursive: true });
  execFileSync("npx", ["--no-install", "wrangler", "deploy", "--dry-run", "--outdir", outDir], {
    cwd: root,
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", WRANGLER_LOG: "error" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return { scriptPath: join(outDir, "index.js"), modulesRoot: outDir };
}

/** A single-module Worker from a TypeScript entry, bundled for workerd. */
export async function buildWorker(entry, outFile) {
  const esbuild = require("esbuild");
  await esbuild.build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    logLevel: "error",
  });
  return outFile;
}
