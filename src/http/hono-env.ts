import type { TokenGrant } from "../db/tokens";
import type { Env } from "../env";

/** Hono's type parameters for every Ferry route: bindings plus what middleware sets. */
export interface FerryHono {
  Bindings: Env;
  Variables: {
    grant: TokenGrant;
    requestId: string;
  };
}
