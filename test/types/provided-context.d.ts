// Values vitest's globalSetup (Node) hands to the tests (workerd) through provide()/inject().
declare module "vitest" {
  export interface ProvidedContext {
    /** Port of the loopback webhook receiver started by test/node/global-setup.ts. */
    receiverPort: number;
    /** Property-based fuzzing settings read from FUZZ_SEED / FUZZ_RUNS (see test/node/fuzz-settings.ts). */
    fuzz: {
      /** The fast-check seed every fuzz property starts from. */
      seed: number;
      /** Where the seed came from: the fixed CI seed, FUZZ_SEED=<n>, or FUZZ_SEED=random. */
      seedSource: "fixed" | "env" | "random";
      /** Cases per property; null = each property's modest CI default. */
      runs: number | null;
      /** Print every case and its answer (FUZZ_TRACE=1), to see what a run exercises. */
      trace: boolean;
    };
  }
}

export {};
