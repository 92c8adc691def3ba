import fc from "fast-check";
import { inject } from "vitest";
import { describeCase, type FuzzCase } from "../../fuzz/arbitraries/case";
import { routeNamed } from "../../fuzz/arbitraries/routes";
import { recordingQueue, send } from "./client";
import { checkDirectory, checkFeedAfterWrite } from "./feed-check";
import { type Answer, checkAnswer, checkDatesEchoed, excerpt, InvariantViolation } from "./invariants";
import { type PreparedCase, prepareCase } from "./materialise";
import { type DbSnapshot, diffSnapshots, takeSnapshot } from "./snapshot";
import { decodeSegment, FuzzWorld } from "./world";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** What a fuzz run did, printed at its end so the issue note can quote it. */
class FuzzStats {
  cases = 0;
  acceptedWrites = 0;
  feedChecks = 0;
  readonly statuses = new Map<number, number>();
  /** Per route: how many cases answered 2xx, 3xx and 4xx. */
  readonly routes = new Map<string, [number, number, number]>();

  record(route: string, status: number): void {
    this.cases += 1;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    const [ok, redirect, refused] = this.routes.get(route) ?? [0, 0, 0];
    const kind = Math.floor(status / 100);
    this.routes.set(route, [
      ok + (kind === 2 ? 1 : 0),
      redirect + (kind === 3 ? 1 : 0),
      refused + (kind >= 4 ? 1 : 0),
    ]);
  }

  perRoute(): string {
    return [...this.routes]
      .map(([route, [ok, redirect, refused]]) => `${route} ${ok}/${redirect}/${refused}`)
      .join(", ");
  }

  summary(): string {
    const statuses = [...this.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(" ");
    return `${this.routes.size} routes, ${this.acceptedWrites} accepted writes, ${this.feedChecks} feed re-checks; statuses ${statuses}`;
  }
}

/** How many cases a property runs and from which seed: CI's fixed seed and modest count unless FUZZ_* say otherwise. */
export function fuzzParameters(defaultRuns: number): {
  seed: number;
  numRuns: number;
  seedSource: string;
  trace: boolean;
} {
  const settings = inject("fuzz");
  return {
    seed: settings.seed,
    numRuns: settings.runs ?? defaultRuns,
    seedSource: settings.seedSource,
    trace: settings.trace,
  };
}

/** A generous per-test timeout for `numRuns` cases (shrinking a failure included). */
export function fuzzTimeout(defaultRuns: number): number {
  return Math.max(120_000, fuzzParameters(defaultRuns).numRuns * 400);
}

/**
 * Runs `arbitrary` against the Worker and checks every invariant on every case. Prints the seed first (replay
 * with FUZZ_SEED=<seed>) and the number of cases run last; a failure throws fast-check's report, with the
 * shrunk counterexample and the broken invariant.
 */
export async function fuzzHttp(
  name: string,
  arbitrary: fc.Arbitrary<FuzzCase>,
  defaultRuns: number,
): Promise<void> {
  const { seed, numRuns, seedSource, trace } = fuzzParameters(defaultRuns);
  const world = await FuzzWorld.create();
  const stats = new FuzzStats();
  const startedAt = Date.now();
  console.log(`[fuzz] ${name}: seed ${seed} (${seedSource}), ${numRuns} runs; replay with FUZZ_SEED=${seed}`);
  let current: DbSnapshot | null = null;
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (c) => {
        const startedCase = Date.now();
        const prepared = await prepareCase(world, c);
        if (world.dirty || !current) {
          current = await takeSnapshot();
          world.dirty = false;
        }
        const before: DbSnapshot = current;
        recordingQueue.take();
        const response = await send(prepared.request);
        const answer: Answer = {
          status: response.status,
          headers: response.headers,
          text: await readText(response),
        };
        const queued = recordingQueue.take();
        const after = await takeSnapshot();
        current = after;
        stats.record(c.route, answer.status);
        if (trace)
          console.log(
            `[fuzz] ${answer.status} ${Date.now() - startedCase}ms ${describeCase(c).slice(0, 400)} -> ${answer.text.slice(0, 200)}`,
          );
        checkAnswer(prepared, answer);
        // A refusal changes nothing, and neither does a safe method whatever it answers (RFC 9110 §9.2.1).
        if (answer.status >= 400 || SAFE_METHODS.has(prepared.method))
          checkNothingChanged(prepared, answer, before, after, queued);
        await afterAnswer(world, stats, c, prepared, answer);
      }),
      { seed, numRuns },
    );
  } finally {
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    console.log(`[fuzz] ${name}: ${stats.cases} cases in ${seconds}s (seed ${seed}); ${stats.summary()}`);
    console.log(`[fuzz] ${name}: per route 2xx/3xx/4xx: ${stats.perRoute()}`);
  }
}

async function readText(response: Response): Promise<string> {
  return new TextDecoder().decode(await response.arrayBuffer());
}

/** The request left every table as it was and queued nothing. */
function checkNothingChanged(
  prepared: PreparedCase,
  answer: Answer,
  before: DbSnapshot,
  after: DbSnapshot,
  queued: unknown[],
): void {
  const changes = diffSnapshots(before, after, answer.status < 400);
  if (changes.length > 0 || queued.length > 0) {
    throw new InvariantViolation(
      `a ${answer.status >= 400 ? "refused" : "safe"} request (${answer.status}) changed state\n  request: ${prepared.method} ${excerpt(prepared.url, 300)}\n` +
        `  answer: ${excerpt(answer.text)}\n  changed: ${changes.join("\n           ")}\n  queued: ${JSON.stringify(queued)}`,
    );
  }
}

/** After an accepted write: the feeds it touched still parse; and the world learns what was created. */
async function afterAnswer(
  world: FuzzWorld,
  stats: FuzzStats,
  c: FuzzCase,
  prepared: PreparedCase,
  answer: Answer,
): Promise<void> {
  const route = routeNamed(c.route);
  const json = parseObject(answer.text);
  const accepted = answer.status >= 200 && answer.status < 300 && WRITE_METHODS.has(prepared.method);
  if (accepted) stats.acceptedWrites += 1;
  if (accepted && route.group === "articles" && json && c.body.kind === "json")
    checkDatesEchoed(prepared, c.body.value, answer, json);
  if (accepted && (route.group === "articles" || route.group === "feeds")) {
    const slug =
      typeof json?.feed === "string"
        ? json.feed
        : typeof json?.slug === "string"
          ? json.slug
          : decodeSegment(prepared.params.feed ?? "");
    await checkFeedAfterWrite(slug, route.group === "articles" ? json : null);
    if (route.group === "feeds") {
      await checkDirectory();
      await world.capItemLimits();
    }
    stats.feedChecks += 1;
  }
  await world.observe(
    c.route,
    answer.status,
    json,
    world.isAdminSelf(decodeSegment(prepared.params.token_id ?? "")),
  );
  if (accepted && route.group === "articles") await world.keepLiveArticles();
  if (accepted && route.group === "webhooks") await world.maintainDeliveryEndpoint();
  if (accepted && route.group === "tokens") await world.keepVictims();
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
