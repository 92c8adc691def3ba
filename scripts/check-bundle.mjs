// `npm run bundle:check`: bundles the Worker as `wrangler deploy` would, without uploading anything (works
// offline), and fails when the gzipped script is over Ferry's budget.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** Ferry's own budget, well under Cloudflare's limits (3 MiB gzipped on Free, 10 MiB on Paid). */
const MAX_GZIP_BYTES = 1024 * 1024;
const root = fileURLToPath(new URL("..", import.meta.url));
const outdir = join(root, "dist");

function scripts(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return scripts(path);
    return /\.(m?js|cjs)$/.test(entry.name) ? [path] : [];
  });
}

rmSync(outdir, { recursive: true, force: true });
try {
  execFileSync("npx", ["--no-install", "wrangler", "deploy", "--dry-run", "--outdir", outdir], {
    cwd: root,
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
} catch (error) {
  console.error(`wrangler deploy --dry-run failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  process.exit(1);
}

const files = scripts(outdir);
if (files.length === 0) {
  console.error(`No JavaScript found in ${outdir}.`);
  process.exit(1);
}
let raw = 0;
let gzipped = 0;
for (const file of files) {
  const bytes = readFileSync(file);
  raw += bytes.length;
  gzipped += gzipSync(bytes).length;
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `Worker bundle (${files.map((f) => relative(root, f)).join(", ")}): ${kib(raw)}, ${kib(gzipped)} gzipped; budget ${kib(MAX_GZIP_BYTES)} gzipped.`,
);
if (gzipped > MAX_GZIP_BYTES) {
  console.error(
    "Over budget: find the dependency that grew (e.g. `npx esbuild --analyze`) before deploying.",
  );
  process.exit(1);
}
