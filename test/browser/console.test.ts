import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startReceiver } from "../node/webhook-receiver";
import type { ReceivedRequest } from "../support/received-request";
import { describeInBrowser, openPage } from "./support/browser";
import {
  callApi,
  expectNoAccessibilityGaps,
  feedItems,
  ferryOrigin,
  focusRingOnTab,
  sidewaysOverflow,
  signInWith,
  startSite,
  startToken,
  waitUntil,
} from "./support/console";

const HOSTILE_HTML = readFileSync(
  resolve(import.meta.dirname, "../fixtures/console/hostile-preview.html"),
  "utf8",
);

describeInBrowser("the console", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let slug = "";
  let readToken = "";
  let endpointId = "";
  const hookId = randomUUID();
  const received = async (id: string) =>
    (await (await fetch(`http://127.0.0.1:${receiver.port}/log/${id}`)).json()) as ReceivedRequest[];

  beforeAll(async () => {
    receiver = await startReceiver();
    slug = `console-${Date.now().toString(36)}`;
    expect((await callApi("/v1/feeds", startToken(), { slug, title: "Console desk" })).status).toBe(201);
    const hook = await callApi(`/v1/feeds/${slug}/webhooks`, startToken(), {
      url: `http://127.0.0.1:${receiver.port}/hooks/ok/${hookId}`,
    });
    expect(hook.status).toBe(201);
    endpointId = hook.json.id as string;
    const reader = await callApi("/v1/tokens", startToken(), {
      label: "Reader",
      role: "read",
      feeds: [slug],
    });
    readToken = reader.json.token as string;
  });

  afterAll(async () => {
    await receiver?.close();
  });

  it("signs in with the token npm start printed, and out again", async () => {
    const page = await openPage(1280, 900, "console-sign-in");
    await page.goto(`${ferryOrigin()}/console/feeds`);
    expect(page.url()).toBe(`${ferryOrigin()}/console/sign-in?next=%2Fconsole%2Ffeeds`);
    await expectNoAccessibilityGaps(page);
    expect(await focusRingOnTab(page)).toEqual({ tag: "A", outline: "solid 3px" });
    await signInWith(page, startToken());
    await expect.poll(() => page.getByRole("link", { name: "Console desk", exact: true }).count()).toBe(1);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${ferryOrigin()}/console/sign-in?notice=signed-out`);
    expect(await page.getByRole("status").filter({ hasText: "You are signed out." }).count()).toBe(1);
    await page.goto(`${ferryOrigin()}/console/feeds`);
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
  });

  it("publishes what is composed: the article is in feed.json and the webhook receiver gets article.published", async () => {
    const page = await openPage(1280, 900, "console-compose");
    await signInWith(page, startToken());
    await page.getByRole("link", { name: "Console desk", exact: true }).click();
    await page.getByRole("link", { name: "New article" }).click();
    await expectNoAccessibilityGaps(page);
    await page.getByLabel("Title").fill("Night ferries return");
    await page.getByLabel("Summary").fill("Crossings resume at dusk.");
    await page.getByLabel("Content (HTML)").fill("<p>The <em>night</em> ferries are back.</p>");
    await page.getByLabel("Tags").fill("ferries, night");
    await page.getByRole("button", { name: "Publish" }).click();
    await page.waitForURL(/\/articles\/[0-9a-f-]{36}\?notice=published$/);
    expect(await page.getByText("The article is published.").count()).toBe(1);
    const id = /articles\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect((await feedItems(slug)).find((item) => item.id === id)?.title).toBe("Night ferries return");
    const deliveries = await waitUntil(
      "article.published at the receiver",
      () => received(hookId),
      (seen) => seen.some((request) => JSON.parse(request.body).data?.id === id),
    );
    const event = JSON.parse(
      deliveries.find((request) => JSON.parse(request.body).data?.id === id)?.body ?? "{}",
    );
    expect(event).toMatchObject({
      type: "article.published",
      data: { title: "Night ferries return", tags: ["ferries", "night"] },
    });
  });

  it("schedules an article: marked as scheduled, absent from the feed until its time", async () => {
    const page = await openPage(1280, 900, "console-schedule");
    await signInWith(page, startToken());
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/articles/new`);
    await page.getByLabel("Title").fill("Timetable for next year");
    await page.getByLabel("Publication time (UTC)").fill("2099-01-01T09:30");
    await page.getByRole("button", { name: "Publish" }).click();
    await page.waitForURL(/notice=scheduled$/);
    const id = /articles\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect(await page.getByText("Scheduled", { exact: true }).count()).toBe(1);
    await page.getByRole("link", { name: "← Console desk" }).click();
    const row = page.getByRole("row").filter({ hasText: "Timetable for next year" });
    expect(await row.getByText("Scheduled").count()).toBe(1);
    expect(await row.getByText("2099-01-01 09:30 UTC").count()).toBe(1);
    expect((await feedItems(slug)).map((item) => item.id)).not.toContain(id);
  });

  it("edits an article, then deletes it after asking: the feed follows each step", async () => {
    const page = await openPage(1280, 900, "console-edit");
    await signInWith(page, startToken());
    const created = await callApi(`/v1/feeds/${slug}/articles`, startToken(), { title: "Harbour closed" });
    const id = created.json.id as string;
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/articles`);
    await page.getByRole("link", { name: "Harbour closed", exact: true }).click();
    await expectNoAccessibilityGaps(page);
    await page.getByLabel("Title").fill("Harbour open again");
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(/notice=saved$/);
    expect((await feedItems(slug)).find((item) => item.id === id)?.title).toBe("Harbour open again");

    await page.getByRole("link", { name: "Delete…" }).click();
    expect(await page.getByRole("heading", { name: "Delete this article?" }).count()).toBe(1);
    await page.getByRole("button", { name: "Delete the article" }).click();
    await page.waitForURL(/notice=deleted$/);
    const row = page.getByRole("row").filter({ hasText: "Harbour open again" });
    expect(await row.getByText("Deleted").count()).toBe(1);
    expect((await feedItems(slug)).map((item) => item.id)).not.toContain(id);
  });

  it("gives a read token no button that writes, and refuses the form it forges", async () => {
    const page = await openPage(1280, 900, "console-read");
    await signInWith(page, readToken);
    await page.getByRole("link", { name: "Console desk", exact: true }).click();
    expect(await page.getByRole("link", { name: "New article" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: /^Delete/ }).count()).toBe(0);
    expect(
      await page
        .getByRole("button")
        .filter({ hasNotText: /^(Search|Sign out|Copy)$/ })
        .count(),
    ).toBe(0);
    const answer = page.waitForResponse((response) => response.request().method() === "POST");
    await page.evaluate((action) => {
      const form = document.createElement("form");
      form.method = "post";
      form.action = action;
      for (const [name, value] of [
        ["csrf", (document.querySelector('input[name="csrf"]') as HTMLInputElement).value],
        ["title", "Forged by a reader"],
        ["intent", "save"],
      ]) {
        const input = document.createElement("input");
        input.name = name as string;
        input.value = value as string;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    }, `/console/feeds/${slug}/articles`);
    expect((await answer).status()).toBe(403);
    await expect
      .poll(() => page.getByText("This needs a token with the write role; this one has read.").count())
      .toBe(1);
    expect((await feedItems(slug)).map((item) => item.title)).not.toContain("Forged by a reader");
  });

  it("refuses a form another site posts to it, though the browser sends the session cookie", async () => {
    const page = await openPage(1280, 900, "console-cross-site");
    await signInWith(page, startToken());
    // Another port of 127.0.0.1 is another origin but the same site, so SameSite=Strict still sends the cookie:
    // the Origin check alone must refuse it.
    const attacker =
      await startSite(`<!doctype html><form method="post" action="${ferryOrigin()}/console/feeds/${slug}/articles">
      <input name="title" value="Forged from elsewhere"><input name="intent" value="save"></form>
      <script>document.forms[0].submit()</script>`);
    try {
      const answer = page.waitForResponse((response) => response.request().method() === "POST");
      await page.goto(attacker.origin);
      const response = await answer;
      expect(response.request().headers().cookie ?? (await response.request().allHeaders()).cookie).toMatch(
        /ferry_console=/,
      );
      expect(response.status()).toBe(403);
      await expect.poll(() => page.getByText(/^This form was sent from another site\./).count()).toBe(1);
    } finally {
      await attacker.close();
    }
    const list = await callApi(`/v1/feeds/${slug}/articles`, startToken());
    expect((list.json.items as { title: string }[]).map((item) => item.title)).not.toContain(
      "Forged from elsewhere",
    );
  });

  it("previews hostile HTML as the feeds carry it: no dialog opens and nothing loads", async () => {
    const page = await openPage(1280, 900, "console-hostile");
    await signInWith(page, startToken());
    const trackerId = randomUUID();
    const tracker = `http://127.0.0.1:${receiver.port}/hooks/ok/${trackerId}`;
    const dialogs: string[] = [];
    const elsewhere: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on("response", (response) => {
      if (!response.url().startsWith(ferryOrigin())) elsewhere.push(response.url());
    });
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/articles/new`);
    await page.getByLabel("Title").fill("Hostile preview");
    await page.getByLabel(/^Link/).fill(`${tracker}/article`);
    await page.getByLabel("Content (HTML)").fill(HOSTILE_HTML.replaceAll("__TRACKER__", tracker));
    await page.getByRole("button", { name: "Preview" }).click();
    await page.waitForLoadState("load");
    const frame = page.frameLocator('iframe[title="Preview of the article\'s content"]');
    await expect.poll(() => frame.getByText("Hostile content for the console's preview").count()).toBe(1);
    expect(await page.locator("iframe").first().getAttribute("sandbox")).toBe("");
    expect(await frame.locator("script, iframe[srcdoc], object, embed, form").count()).toBe(0);
    // The sanitiser keeps images (made absolute against the link): the frame's policy is what keeps them unloaded.
    expect(await frame.locator(`img[src^="${tracker}"]`).count()).toBeGreaterThan(0);
    expect(dialogs).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(await received(trackerId)).toEqual([]);
    const list = await callApi(`/v1/feeds/${slug}/articles`, startToken());
    expect((list.json.items as { title: string }[]).map((item) => item.title)).not.toContain(
      "Hostile preview",
    );
  });

  it("creates a token and shows its secret once, with a copy button", async () => {
    const page = await openPage(1280, 900, "console-token");
    await signInWith(page, startToken());
    await page.getByRole("link", { name: "Tokens", exact: true }).click();
    await page.getByRole("link", { name: "New token" }).click();
    await page.waitForURL(`${ferryOrigin()}/console/tokens/new`);
    await expectNoAccessibilityGaps(page);
    const label = `Newsroom CMS ${randomUUID().slice(0, 8)}`;
    await page.getByLabel("Label").fill(label);
    await page.getByLabel("Role").selectOption("write");
    await page.getByLabel("Feeds").fill(slug);
    await page.getByRole("button", { name: "Create the token" }).click();
    await page.getByRole("heading", { name: "The token is created" }).waitFor();
    const secret = (await page.locator("#secret-value").textContent()) ?? "";
    expect(secret).toMatch(/^fry_/);
    expect(await page.getByRole("button", { name: "Copy the token" }).isVisible()).toBe(true);
    expect((await callApi(`/v1/feeds/${slug}/articles`, secret)).status).toBe(200);
    await page.getByRole("link", { name: "Back to the tokens" }).click();
    await page.waitForURL(`${ferryOrigin()}/console/tokens`);
    expect(await page.getByText(label).count()).toBe(1);
    expect(await page.content()).not.toContain(secret);
  });

  it("sends a webhook test ping that appears in the log, redelivers it, and charts the attempts", async () => {
    const page = await openPage(1280, 900, "console-webhook");
    await signInWith(page, startToken());
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/webhooks`);
    await page.getByRole("link", { name: `http://127.0.0.1:${receiver.port}/hooks/ok/${hookId}` }).click();
    await page.getByRole("button", { name: "Send a test event" }).click();
    await page.waitForURL(/notice=test-sent$/);
    const ping = page.locator("li.delivery", { hasText: "webhook.test" });
    await waitUntil(
      "the test ping succeeded in the delivery log",
      async () => {
        await page.reload();
        return ping.getByText("Succeeded", { exact: true }).count();
      },
      (count) => count === 1,
    );
    const deliveryId = (await ping.getAttribute("id")) as string;
    await ping.locator("summary").click();
    expect(await ping.getByRole("cell", { name: "200" }).count()).toBe(1);
    await ping.getByRole("button", { name: `Redeliver ${deliveryId}` }).click();
    await page.waitForURL(/notice=redelivered$/);
    const pings = await waitUntil(
      "the redelivered ping at the receiver",
      async () => (await received(hookId)).filter((r) => JSON.parse(r.body).type === "webhook.test"),
      (seen) => seen.length === 2,
    );
    expect(new Set(pings.map((r) => r.headers["webhook-id"])).size).toBe(1);
    await page.goto(`${ferryOrigin()}/console/feeds/${slug}/webhooks/${endpointId}`);
    const chart = page.locator("#chart-day svg");
    expect(await chart.getAttribute("role")).toBe("img");
    expect(await chart.locator("title").textContent()).toContain("Delivery attempts");
    expect(await chart.locator(".bars-succeeded rect").count()).toBeGreaterThan(0);
    expect(await page.locator("#chart-week .mean circle").count()).toBeGreaterThan(0);
  });

  it("fits a phone: every screen without sideways scrolling, every control labelled", async () => {
    const page = await openPage(390, 844, "console-phone");
    await signInWith(page, startToken());
    for (const path of [
      "/console/feeds",
      `/console/feeds/${slug}/articles`,
      `/console/feeds/${slug}/articles/new`,
      `/console/feeds/${slug}/settings`,
      `/console/feeds/${slug}/webhooks`,
      `/console/feeds/${slug}/webhooks/${endpointId}`,
      `/console/feeds/${slug}/webhooks/new`,
      `/console/feeds/${slug}/websub`,
      `/console/feeds/${slug}/import`,
      "/console/tokens",
      "/console/tokens/new",
    ]) {
      await page.goto(`${ferryOrigin()}${path}`);
      expect(await sidewaysOverflow(page), path).toBeLessThanOrEqual(0);
      await expectNoAccessibilityGaps(page);
    }
  });
});
