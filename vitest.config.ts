import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const migrationsDir = fileURLToPath(new URL("./migrations", import.meta.url));

export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(migrationsDir),
          // The receiver in test/node listens on 127.0.0.1 over plain http.
          ALLOW_INSECURE_LOCAL_WEBHOOKS: "true",
          // One-second retries and timeouts keep fault-injection tests short; the logic is the same.
          WEBHOOK_RETRY_SCHEDULE: "1,1,1,1,1,1,1",
          DELIVERY_TIMEOUT_MS: "1000",
          // Tests write to D1 directly and read feeds at once; the isolate memo is tested on its own.
          FEED_MEMO_TTL_MS: "0",
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["./test/apply-migrations.ts"],
    globalSetup: ["./test/node/global-setup.ts"],
    testTimeout: 30_000,
    // The Worker logs one JSON line per request for operators; in test output it would bury everything else.
    onConsoleLog: (log: string) => !log.includes('"message":"request"'),
  },
}));
