import type { D1Migration } from "cloudflare:test";
import type { Env as FerryEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends FerryEnv {
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
