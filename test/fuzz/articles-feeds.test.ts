import { describe, it } from "vitest";
import { fuzzHttp, fuzzTimeout } from "../support/fuzz/run";
import { casesOver } from "./arbitraries/requests";
import { routesIn } from "./arbitraries/routes";

/** Cases per CI run; `npm run fuzz` runs many more with a random seed. */
const RUNS = 800;

describe("fuzzing the article and feed API", () => {
  it(
    "never fails with a 5xx, refuses with problem+json and no change, and keeps every written feed parseable",
    async () => {
      const arbitrary = casesOver(routesIn("articles", "feeds"), "structured", [
        "article",
        "articlePatch",
        "feed",
        "feedPatch",
        "feedDocument",
      ]);
      await fuzzHttp("articles-feeds", arbitrary, RUNS);
    },
    fuzzTimeout(RUNS),
  );
});
