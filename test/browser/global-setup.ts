import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { findChromium } from "./support/chromium";

const root = resolve(import.meta.dirname, "..", "..");
const START_TIMEOUT_MS = 180_000;

declare module "vitest" {
  export interface ProvidedContext {
    ferryOrigin: string;
    ferryToken: string;
  }
}

/** Starts Ferry as `npm start` does (its own port and state) once for every browser test, and stops it after. */
export default async function setup(project: TestProject) {
  if (findChromium() === null && process.env.CI !== "true") {
    console.warn("Browser tests skipped: Chromium is not installed (apt-get install -y chromium).");
    project.provide("ferryOrigin", "");
    project.provide("ferryToken", "");
    return;
  }
  const stateDir = mkdtempSync(join(tmpdir(), "ferry-browser-"));
  const port = await freePort();
  const ferry = spawn(process.execPath, [join(root, "scripts", "start.mjs")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), FERRY_STATE_DIR: stateDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const token = await publisherToken(ferry);
  project.provide("ferryOrigin", `http://127.0.0.1:${port}`);
  project.provide("ferryToken", token);
  return async () => {
    const exited = new Promise((done) => ferry.once("exit", done));
    ferry.kill("SIGTERM");
    await exited;
    rmSync(stateDir, { recursive: true, force: true });
  };
}

function publisherToken(ferry: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let output = "";
    const timer = setTimeout(() => fail(new Error(`Ferry did not start:\n${output}`)), START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output += chunk;
      const match = /Publisher token: (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    ferry.stdout?.on("data", read);
    ferry.stderr?.on("data", read);
    ferry.once("exit", (code) => fail(new Error(`Ferry exited (${code}) before it was ready:\n${output}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}
