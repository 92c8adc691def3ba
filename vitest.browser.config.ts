import { defineConfig } from "vitest/config";

/**
 * Browser tests: Node drives Debian's Chromium (playwright-core, no browser download) against Ferry started the
 * way `npm start` starts it, on a spare port with a database of its own.
 */
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    environment: "node",
    globalSetup: ["./test/browser/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One Ferry and one browser serve every file; files run one after another.
    fileParallelism: false,
  },
});
