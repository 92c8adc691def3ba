// `npm run types`: writes worker-configuration.d.ts with `wrangler types`: the bindings and vars of wrangler.toml
// as the global `WranglerEnv` (src/env.ts adds what wrangler.toml does not list), and the Workers runtime's own
// types for wrangler.toml's compatibility date and flags, from the installed workerd.
// `npm run types:check` (run first by `npm test`) generates them again into a temporary file and fails on any
// difference: a binding, var or compatibility setting changed, or wrangler updated, without `npm run types`.
// Offline: nothing but the local workerd is asked.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const TYPES_FILE = "worker-configuration.d.ts";
const FLAGS = [
  "--env-interface=WranglerEnv",
  // Secrets are typed in src/env.ts, never read from a developer's .dev.vars (which `npm start` writes), so
  // every machine generates the same file.
  "--env-file=/dev/null",
  // Plain `string` rather than each var's literal value: tests and `npm start` set other values.
  "--strict-vars=false",
];

/** Runs `wrangler types` into `file`, a path relative to the repository (the file's imports are relative to it). */
function generate(file) {
  try {
    execFileSync("npx", ["--no-install", "wrangler", "types", ...FLAGS, file], {
      cwd: root,
      env: {
        ...process.env,
        CI: "true",
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_INCLUDE_PROCESS_ENV: "false",
      },
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
    });
  } catch (error) {
    console.error(`wrangler types failed:\n${error.stdout ?? ""}${error.stderr ?? ""}`);
    process.exit(1);
  }
}

/** The first line where two texts differ, 1-based, or null when they are equal. */
function firstDifference(a, b) {
  if (a === b) return null;
  const [left, right] = [a.split("\n"), b.split("\n")];
  const line = left.findIndex((text, i) => text !== right[i]);
  return (line === -1 ? left.length : line) + 1;
}

if (!process.argv.includes("--check")) {
  generate(TYPES_FILE);
  console.log(`Wrote ${TYPES_FILE}.`);
} else {
  // Beside the committed file, so that the generated import of the Worker's entry resolves the same way.
  const scratch = `.${TYPES_FILE.replace(/\.d\.ts$/, "")}-check-${process.pid}.d.ts`;
  let fresh;
  try {
    generate(scratch);
    // The header repeats the command, which named the scratch file; the committed file was written without a path.
    fresh = readFileSync(join(root, scratch), "utf8").replace(` ${scratch}\``, "`");
  } finally {
    rmSync(join(root, scratch), { force: true });
  }
  let committed = "";
  try {
    committed = readFileSync(join(root, TYPES_FILE), "utf8");
  } catch {
    // A missing file differs from anything generated.
  }
  const line = firstDifference(committed, fresh);
  if (line !== null) {
    console.error(
      `${TYPES_FILE} is out of date (first difference at line ${line}): run \`npm run types\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`${TYPES_FILE} matches wrangler.toml and the installed wrangler.`);
}
