import { describe, expect, it } from "vitest";
import { OPERATIONS } from "../../src/http/openapi-operations";
import { fuzzHttp, fuzzTimeout } from "../support/fuzz/run";
import { casesOver } from "./arbitraries/requests";
import { ROUTES } from "./arbitraries/routes";

const RUNS = 2000;

describe("fuzzing the whole HTTP surface", () => {
  it("has a route for every operation in the OpenAPI route table", () => {
    // A fuzz route's `{param}` stands for any one segment: `/feeds/{feed}/{kind}/{term}/{file}` covers
    // `/feeds/{feed}/tags/{tag}/rss.xml` and the other tag and author files.
    const fuzzed = ROUTES.map(
      (r) => new RegExp(`^${r.method} ${r.path.replace(/[.]/g, "\\.").replace(/\{\w+\}/g, "[^/]+")}$`),
    );
    const missing = OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path}`).filter(
      (op) => !fuzzed.some((route) => route.test(op)),
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
