import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, describe, inject, onTestFailed } from "vitest";
import { findChromium } from "./chromium";

/** Where failing tests leave their screenshots (git-ignored). */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, "..", "..", "..", "test-results", "browser");

const CHROMIUM = findChromium();

/**
 * `describe` for browser tests. Without Chromium they are skipped with a warning on a developer's machine (so
 * `npm test` works with only Node.js and npm), but CI, which installs Chromium, fails instead of skipping.
 */
export const describeInBrowser: typeof describe =
  CHROMIUM !== null || process.env.CI === "true" ? describe : (describe.skip as typeof describe);

let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  browser = undefined;
});

export const ferryOrigin = () => inject("ferryOrigin");

/** A fresh page at the given viewport; its screenshot is saved if the running test fails. */
export async function openPage(
  width: number,
  height: number,
  label: string,
  options: { colorScheme?: "light" | "dark" } = {},
): Promise<Page> {
  if (CHROMIUM === null)
    throw new Error("Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)");
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const context = await browser.newContext({
    viewport: { width, height },
    colorScheme: options.colorScheme ?? "light",
  });
  const page = await context.newPage();
  onTestFailed(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${label}-${width}.png`), fullPage: true });
  });
  return page;
}
