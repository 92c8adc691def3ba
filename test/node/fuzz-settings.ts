/** The seed CI fuzzes with, so a red build replays exactly; `FUZZ_SEED=random` explores instead. */
export const FIXED_FUZZ_SEED = 20_261_124;

export interface FuzzSettings {
  seed: number;
  seedSource: "fixed" | "env" | "random";
  runs: number | null;
  trace: boolean;
}

/**
 * Reads FUZZ_SEED (an integer, or `random`), FUZZ_RUNS (cases per property) and FUZZ_TRACE (`1` prints every
 * case and its answer) once for the whole run.
 */
export function readFuzzSettings(env: NodeJS.ProcessEnv): FuzzSettings {
  const rawSeed = env.FUZZ_SEED?.trim();
  let seed = FIXED_FUZZ_SEED;
  let seedSource: FuzzSettings["seedSource"] = "fixed";
  if (rawSeed === "random") {
    seed = Math.floor(Math.random() * 2 ** 31);
    seedSource = "random";
  } else if (rawSeed) {
    seed = Number(rawSeed);
    seedSource = "env";
    if (!Number.isSafeInteger(seed))
      throw new Error(`FUZZ_SEED must be an integer or "random", not ${rawSeed}`);
  }
  const rawRuns = env.FUZZ_RUNS?.trim();
  const runs = rawRuns ? Number(rawRuns) : null;
  if (runs !== null && !(Number.isSafeInteger(runs) && runs > 0)) {
    throw new Error(`FUZZ_RUNS must be a positive integer, not ${rawRuns}`);
  }
  return { seed, seedSource, runs, trace: env.FUZZ_TRACE === "1" };
}
