import { describe, expect, it } from "vitest";
import { OPERATIONS } from "../../src/http/openapi-operations";
import { fuzzHttp, fuzzTimeout } from "../support/fuzz/run";
import { casesOver } from "./arbitraries/requests";
import { ROUTES } from "./arbitraries/routes";

const RUNS = 2000;

describe("fuzzing the whole HTTP surface", () => {
  it("has a route for every operation in the OpenAPI route table", () => {
    const fuzzed = new Set(ROUTES.map((r) => `${r.method} ${r.path}`));
    const missing = OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`).filter(
      (op) => !fuzzed.has(op),
    );
    expect(missing).toEqual([]);
  });

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
      ]);
      await fuzzHttp("whole-surface", arbitrary, RUNS);
    },
    fuzzTimeout(RUNS),
  );
});
