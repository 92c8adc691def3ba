import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { startFakeDoh } from "./test/node/fake-doh.js";

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
          // Names resolve through a fake DoH server on 127.0.0.1 (test/node/fake-doh.ts), never the network.
          // It starts here, not in globalSetup, because these bindings are fixed before globalSetup runs.
          DNS_RESOLVER_URL: (await startFakeDoh()).url,
          // Fixed keys for secrets at rest, for tests only. With a previous key set, every test runs as during a
          // key rotation: what either key sealed must keep working.
          SECRETS_KEY: "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
          SECRETS_KEY_PREVIOUS: "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8",
          // One-second retries and timeouts keep fault-injection tests short; the logic is the same.
          WEBHOOK_RETRY_SCHEDULE: "1,1,1,1,1,1,1",
          // Likewise a circuit opened by five failures probes after 1 s (then 2 s, 4 s…), not 60 s.
          CIRCUIT_COOLDOWN_SECONDS: "1",
          DELIVERY_TIMEOUT_MS: "1000",
          // Tests write to D1 directly and read feeds at once; the isolate memo is tested on its own.
          FEED_MEMO_TTL_MS: "0",
        },
      },
    }),
  ],
  test: {
    include: ["test/**/*.test.ts"],
    // Browser tests run in Node against a started Ferry: vitest.browser.config.ts;
    // test/node holds the Node-side servers and the tests that must run in Node: vitest.node.config.ts.
    exclude: ["test/browser/**", "test/node/**", "**/node_modules/**"],
    setupFiles: ["./test/apply-migrations.ts"],
    globalSetup: ["./test/node/global-setup.ts", "./test/node/fake-fediverse-setup.ts"],
    testTimeout: 30_000,
    // Every test file loads the Worker afresh; these packages pre-bundled into one module each load in
    // a fraction of the time their hundreds of files take one by one.
    deps: {
      optimizer: {
        ssr: {
          enabled: true,
          include: [
            "@valibot/to-json-schema",
            "entities",
            "fast-check",
            "fast-xml-parser",
            "feedsmith",
            "hono",
            "hono/factory",
            "hono/http-exception",
            "htmlparser2",
            "standardwebhooks",
            "valibot",
          ],
        },
      },
    },
    // Test files spend most of their time waiting on workerd, so even two cores run two at once well
    // (vitest's default leaves one core idle: one worker on a two-core machine).
    maxWorkers: Math.max(2, availableParallelism()),
    // The Worker logs one JSON line per request for operators; in test output it would bury everything else.
    onConsoleLog: (log: string) => !log.includes('"message":"request"'),
  },
}));
