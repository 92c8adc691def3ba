// `npm run -s token`: prints the local publisher token that `npm start` made, for `TOKEN=$(npm run -s token)`.
import { existsSync, readFileSync } from "node:fs";
import { TOKEN_FILE } from "./lib/local-state.mjs";

if (!existsSync(TOKEN_FILE)) {
  console.error("No local publisher token yet: run `npm start` first.");
  process.exit(1);
}
console.log(readFileSync(TOKEN_FILE, "utf8").trim());
