import { describe, it } from "vitest";
import { fuzzHttp, fuzzTimeout } from "../support/fuzz/run";
import { casesOver } from "./arbitraries/requests";
import { routesIn } from "./arbitraries/routes";

const RUNS = 800;

describe("fuzzing the token and webhook API", () => {
  it(
    "never fails with a 5xx and refuses with problem+json, changing no row and queueing nothing",
    async () => {
      const arbitrary = casesOver(routesIn("tokens", "webhooks"), "structured", [
        "token",
        "webhook",
        "webhookPatch",
        "replay",
      ]);
      await fuzzHttp("tokens-webhooks", arbitrary, RUNS);
    },
    fuzzTimeout(RUNS),
  );
});
