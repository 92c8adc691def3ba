import { describe, it } from "vitest";
import { fuzzHttp, fuzzTimeout } from "../support/fuzz/run";
import { casesOver } from "./arbitraries/requests";
import { ROUTES } from "./arbitraries/routes";

const RUNS = 2000;

describe("fuzzing the whole HTTP surface", () => {
  it(
    "survives every route with random methods, paths, queries, headers, content types and bodies at once",
    async () => {
      const arbitrary = casesOver(ROUTES, "chaos", [
        "article",
        "articlePatch",
        "feed",
        "feedPatch",
        "token",
        "webhook",
        "webhookPatch",
        "replay",
        "hubForm",
        "feedDocument",
        "activity",
      ]);
      await fuzzHttp("whole-surface", arbitrary, RUNS);
    },
    fuzzTimeout(RUNS),
  );
});
