// Where local Ferry keeps its state: wrangler's default folder, or FERRY_STATE_DIR when set (the quick-start
// check runs a second Ferry beside a developer's own this way, with a database of its own).
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");

/** The folder given to wrangler's `--persist-to`, or null for wrangler's default (`.wrangler/state`). */
export const STATE_DIR = process.env.FERRY_STATE_DIR ? resolve(process.env.FERRY_STATE_DIR) : null;

/** The local publisher token `npm start` made, kept so that later runs (and `npm run token`) reuse it. */
export const TOKEN_FILE = join(STATE_DIR ?? join(root, ".wrangler"), "ferry-local-token");

/** Arguments that point a local wrangler command at this state. */
export function persistArgs() {
  return STATE_DIR ? ["--persist-to", STATE_DIR] : [];
}
