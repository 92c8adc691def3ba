import { describe, it } from "vitest";
import { fuzzHttp, fuzzTimeout } from "../support/fuzz/run";
import { casesOver } from "./arbitraries/requests";
import { routesIn } from "./arbitraries/routes";

const RUNS = 1000;

describe("fuzzing the public surface: feeds, pages, OPML, WebSub hub, docs, health", () => {
  it(
    "never fails with a 5xx and answers every refusal with problem+json, changing nothing",
    async () => {
      // The hub is the one route here that writes, so it gets a larger share of the cases.
      const arbitrary = casesOver(
        routesIn("public", "websub", "meta"),
        "structured",
        ["hubForm", "article", "activity"],
        { websubHub: 6 },
      );
      await fuzzHttp("public-surface", arbitrary, RUNS);
    },
    fuzzTimeout(RUNS),
  );
});
