import { execFileSync } from "node:child_process";

/** Debian's Chromium, or CHROMIUM_PATH: playwright-core never downloads a browser of its own. Null when absent. */
export function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {
      // try the next name
    }
  }
  return null;
}
