import { applyD1Migrations, env } from "cloudflare:test";

// Runs before each test file: every file starts from a fully migrated local D1.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
