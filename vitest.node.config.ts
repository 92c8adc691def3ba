import { defineConfig } from "vitest/config";

/**
 * Tests that run in Node rather than workerd: independent parsers that cannot load in the Workers runtime
 * (podcast-partytime needs Node's fs, os and path) read what Ferry's pure renderers write.
 */
export default defineConfig({
  test: {
    include: ["test/node/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
  },
});
