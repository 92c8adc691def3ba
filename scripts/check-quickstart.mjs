// `npm run check:quickstart`: runs the README's "Publish an article" commands exactly as written against a fresh
// `npm start` (a spare port, a database of its own), checks what they print, then stops `npm start` with SIGTERM
// and checks that the port is free and no process it started is left. Fails loudly when any step breaks.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const README_PORT = 8787;
const SECTION = "### Publish an article";
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 15_000;
const FIRST_STORY = JSON.parse(readFileSync(join(root, "test/fixtures/article.json"), "utf8")).title;
const SECOND_STORY = JSON.parse(readFileSync(join(root, "test/fixtures/article-2.json"), "utf8")).title;

const stateDir = mkdtempSync(join(tmpdir(), "ferry-quickstart-"));
const port = await freePort();
const env = { ...process.env, PORT: String(port), FERRY_STATE_DIR: stateDir };
let output = "";
const server = spawn("npm", ["start"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
server.stdout.on("data", (chunk) => (output += chunk));
server.stderr.on("data", (chunk) => (output += chunk));

try {
  await waitFor(
    () => output.includes("Publisher token:"),
    START_TIMEOUT_MS,
    "npm start never printed its token",
  );
  const blocks = readmeBlocks();
  if (blocks.length < 2) throw new Error(`expected two sh blocks under "${SECTION}", found ${blocks.length}`);
  const [publish, read] = blocks;

  const first = JSON.parse(runBlock(publish));
  if (first.title !== SECOND_STORY)
    throw new Error(`publish answered ${JSON.stringify(first).slice(0, 300)}`);
  const again = JSON.parse(runBlock(publish));
  if (again.id !== first.id)
    throw new Error(`repeating the publish command made a second article ${again.id}`);

  const feeds = runBlock(read);
  for (const title of [FIRST_STORY, SECOND_STORY]) {
    // The words before any character that XML might escape, so the check does not depend on escaping style.
    const words = title.split(/['"&<>]/)[0];
    if (feeds.split(words).length - 1 < 3) {
      throw new Error(`"${title}" is not in all three feeds:\n${feeds.slice(0, 2000)}`);
    }
  }
  const feedJson = JSON.parse(feeds.slice(feeds.indexOf('{"version"')));
  if (feedJson.items.length !== 2) throw new Error(`feed.json holds ${feedJson.items.length} items, not 2`);

  await stopAndCheck();
  console.log(`quick start: ${blocks.length} README blocks ran on port ${port}; npm start stopped cleanly.`);
} catch (error) {
  console.error(`quick start check failed: ${error instanceof Error ? error.message : error}`);
  console.error(`--- npm start output ---\n${output.slice(-4000)}`);
  killTree(server.pid, "SIGKILL");
  process.exitCode = 1;
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}

/** The sh blocks of the README's publish section, with the README's port replaced by this run's. */
function readmeBlocks() {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README has no "${SECTION}" section`);
  const end = readme.indexOf("\n## ", start);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map(([, body]) =>
    body.replaceAll(`127.0.0.1:${README_PORT}`, `127.0.0.1:${port}`),
  );
}

function runBlock(block) {
  try {
    return execFileSync("bash", ["-euo", "pipefail", "-c", block], { cwd: root, env, encoding: "utf8" });
  } catch (error) {
    throw new Error(`README command failed:\n${block}\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  }
}

/** SIGTERM to `npm start` itself, as a process manager would send it: the port and every process must go. */
async function stopAndCheck() {
  const started = descendants(server.pid);
  const exited = new Promise((done) => server.once("exit", done));
  server.kill("SIGTERM");
  await waitFor(async () => !(await listening(port)), STOP_TIMEOUT_MS, `port ${port} still answers`);
  await Promise.race([
    exited,
    sleep(STOP_TIMEOUT_MS).then(() => Promise.reject(new Error("npm start kept running"))),
  ]);
  await waitFor(() => started.every((pid) => !running(pid)), STOP_TIMEOUT_MS, "processes were left running");
}

/** Every process below `pid`, read from /proc (Linux); elsewhere only the port is checked. */
function descendants(pid) {
  if (!existsSync("/proc/self/stat")) return [];
  const parents = new Map();
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    const stat = readStat(Number(entry));
    if (stat) parents.set(Number(entry), stat.ppid);
  }
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [child, ppid] of parents) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** A zombie has exited; only its parent's reaping is left, which some container inits never do. */
function running(pid) {
  const stat = readStat(pid);
  return stat !== null && stat.state !== "Z";
}

function readStat(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ").at(-1).split(" ");
    return { state: fields[0], ppid: Number(fields[1]) };
  } catch {
    return null;
  }
}

function killTree(pid, signal) {
  for (const child of [...descendants(pid), pid]) {
    try {
      process.kill(child, signal);
    } catch {
      // already gone
    }
  }
}

function listening(p) {
  return new Promise((done) => {
    const socket = connect(p, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port: free } = probe.address();
      probe.close(() => done(free));
    });
  });
}

async function waitFor(condition, timeoutMs, message) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(message);
    await sleep(100);
  }
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}
