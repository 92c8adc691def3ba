import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver } from "../node/webhook-receiver";
import { describeInBrowser, openPage } from "./support/browser";
import { callApi, ferryOrigin, signInWith, startToken, waitUntil } from "./support/console";

/** Where the README's screenshots live (committed): `CONSOLE_SCREENSHOTS=1 npm run test:browser` renews them. */
const SCREENSHOT_DIR = resolve(import.meta.dirname, "..", "..", "docs", "screenshots");
const TAKE = process.env.CONSOLE_SCREENSHOTS === "1";
/** A feed with good, odd and broken items, so the import screen shows every outcome. */
const IMPORT_SAMPLE = resolve(import.meta.dirname, "..", "fixtures", "import", "messy.rss.xml");

const describeWhenAsked = TAKE ? describeInBrowser : (describe.skip as typeof describe);

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

describeWhenAsked("console screenshots for the README", () => {
  const slug = `harbour-${Date.now().toString(36)}`;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const endpoints: string[] = [];

  afterAll(async () => {
    await receiver?.close();
  });

  beforeAll(async () => {
    receiver = await startReceiver();
    await callApi("/v1/feeds", startToken(), { slug, title: "Harbour News", language: "en" });
    // Subscribers first, so that the stories below reach them: one healthy, one failing, one paused.
    const hooks = [
      { url: `http://127.0.0.1:${receiver.port}/hooks/ok/search`, description: "Search index" },
      {
        url: `http://127.0.0.1:${receiver.port}/hooks/fail-3/analytics`,
        description: "Analytics",
      },
      {
        url: `http://127.0.0.1:${receiver.port}/hooks/ok/newsletter`,
        description: "Newsletter",
        events: ["article.published"],
        filter: { tags: ["ferries"] },
        ordering: "fifo",
        rate_limit_per_second: 5,
      },
    ];
    for (const hook of hooks) {
      const created = await callApi(`/v1/feeds/${slug}/webhooks`, startToken(), hook);
      expect(created.status).toBe(201);
      endpoints.push(created.json.id as string);
    }
    await callApi(`/v1/feeds/${slug}/webhooks/${endpoints[2]}`, startToken(), { paused: true }, "PATCH");
    const websub = await fetch(`${ferryOrigin()}/websub`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        "hub.mode": "subscribe",
        "hub.topic": `${ferryOrigin()}/feeds/${slug}/rss.xml`,
        "hub.callback": `http://127.0.0.1:${receiver.port}/hooks/ok/reader`,
      }),
    });
    expect(websub.status).toBe(202);
    await waitUntil(
      "the WebSub subscription verified",
      async () => (await callApi(`/v1/feeds/${slug}/websub`, startToken())).json.items as { state: string }[],
      (items) => items[0]?.state === "active",
    );
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

  it("saves the webhook, WebSub, token and import screens", async () => {
    for (const endpoint of endpoints.slice(0, 2)) {
      for (let i = 0; i < 3; i += 1) {
        await callApi(`/v1/feeds/${slug}/webhooks/${endpoint}/test`, startToken(), undefined, "POST");
      }
    }
    await waitUntil(
      "the search index's deliveries to succeed",
      async () =>
        (
          await callApi(
            `/v1/feeds/${slug}/webhooks/${endpoints[0]}/deliveries?status=succeeded`,
            startToken(),
          )
        ).json.items as unknown[],
      (items) => items.length >= 6,
    );
    const page = await openPage(1200, 800, "console-screenshots-screens");
    await signInWith(page, startToken());
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/webhooks`);
    await shoot(page, "console-webhooks");
    await waitUntil(
      "the analytics endpoint's six first attempts",
      async () =>
        (await callApi(`/v1/feeds/${slug}/webhooks/${endpoints[1]}/deliveries`, startToken())).json.items as {
          attempts: number;
        }[],
      (items) => items.reduce((sum, item) => sum + item.attempts, 0) >= 6,
    );
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/webhooks/${endpoints[1]}`);
    // Open the attempts of a delivery that met a failure (retried by now or not) to show its answers.
    const failed = page.locator("li.delivery").filter({ has: page.locator("td", { hasText: /^500$/ }) });
    await failed.first().locator("summary").click();
    await shoot(page, "console-webhook-endpoint");
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/websub`);
    await shoot(page, "console-websub");
    await page.goto(`${ferryOrigin()}/console/tokens/new`);
    await page.getByLabel("Label").fill("Newsroom CMS");
    await page.getByLabel("Role").selectOption("write");
    await page.getByLabel("Feeds").fill(slug);
    await page.getByRole("button", { name: "Create the token" }).click();
    await page.getByRole("heading", { name: "The token is created" }).waitFor();
    await shoot(page, "console-token-created");
    await page.goto(`${ferryOrigin()}/console/tokens`);
    await shoot(page, "console-tokens");
    // Into a feed of its own, so that the other screens keep showing only Harbour News's own stories.
    const archive = `${slug}-archive`;
    await callApi("/v1/feeds", startToken(), { slug: archive, title: "Harbour News archive" });
    await page.goto(`${ferryOrigin()}/console/feeds/${archive}/import`);
    await page.getByLabel("Feed file").setInputFiles(IMPORT_SAMPLE);
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByRole("heading", { name: /^Imported from/ }).waitFor();
    await shoot(page, "console-import");
    const dark = await openPage(1200, 800, "console-screenshots-endpoint-dark", { colorScheme: "dark" });
    await signInWith(dark, startToken());
    await dark.goto(`${ferryOrigin()}/console/feeds/${slug}/webhooks/${endpoints[0]}`);
    await shoot(dark, "console-webhook-endpoint-dark");
  });

  it("saves the article list on a phone", async () => {
    const page = await openPage(390, 844, "console-screenshots-phone");
    await signInWith(page, startToken());
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/articles`);
    await shoot(page, "console-articles-phone");
  });
});
