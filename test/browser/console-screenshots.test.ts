import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { describeInBrowser, openPage } from "./support/browser";
import { callApi, ferryOrigin, signInWith, startToken } from "./support/console";

/** Where the README's screenshots live (committed): `CONSOLE_SCREENSHOTS=1 npm run test:browser` renews them. */
const SCREENSHOT_DIR = resolve(import.meta.dirname, "..", "..", "docs", "screenshots");
const TAKE = process.env.CONSOLE_SCREENSHOTS === "1";

const describeWhenAsked = TAKE ? describeInBrowser : (describe.skip as typeof describe);

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

describeWhenAsked("console screenshots for the README", () => {
  const slug = `harbour-${Date.now().toString(36)}`;

  beforeAll(async () => {
    await callApi("/v1/feeds", startToken(), { slug, title: "Harbour News", language: "en" });
    const stories = [
      {
        title: "Night ferries return to the northern route",
        date_published: "2026-11-20T18:00:00Z",
        tags: ["ferries"],
      },
      {
        title: "New timetable for the winter season",
        date_published: "2026-11-22T08:30:00Z",
        tags: ["timetable"],
      },
      {
        title: "Harbour master retires after 30 years",
        date_published: "2026-11-23T12:00:00Z",
        tags: ["people"],
      },
      {
        title: "Storm warning: crossings may be cancelled",
        date_published: "2099-01-05T06:00:00Z",
        tags: ["weather"],
      },
    ];
    for (const story of stories) {
      const created = await callApi(`/v1/feeds/${slug}/articles`, startToken(), {
        ...story,
        summary: "From the harbour desk.",
        content_html: "<p>From the harbour desk.</p>",
      });
      expect(created.status).toBe(201);
    }
  });

  it.each(["light", "dark"] as const)("saves the screens in %s mode", async (colorScheme) => {
    const page = await openPage(1200, 800, `console-screenshots-${colorScheme}`, { colorScheme });
    const suffix = colorScheme === "dark" ? "-dark" : "";
    await page.goto(`${ferryOrigin()}/console/sign-in`);
    if (colorScheme === "light") await shoot(page, "console-sign-in");
    await signInWith(page, startToken());
    await shoot(page, `console-feeds${suffix}`);
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/articles`);
    await shoot(page, `console-articles${suffix}`);
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/articles/new`);
    await page.getByLabel("Title").fill("Ferry fares frozen for another year");
    await page.getByLabel("Summary").fill("The council keeps fares where they are.");
    await page
      .getByLabel("Content (HTML)")
      .fill(
        '<p>Fares stay <strong>frozen</strong> until next winter.</p><script>alert("never runs")</script>',
      );
    await page.getByLabel("Tags").fill("fares, council");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.waitForLoadState("load");
    if (colorScheme === "light") await shoot(page, "console-compose-preview");
  });

  it("saves the article list on a phone", async () => {
    const page = await openPage(390, 844, "console-screenshots-phone");
    await signInWith(page, startToken());
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/articles`);
    await shoot(page, "console-articles-phone");
  });
});
