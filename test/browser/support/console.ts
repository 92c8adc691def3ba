import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { expect, inject } from "vitest";

export const ferryOrigin = () => inject("ferryOrigin");
/** The admin token `npm start` printed. */
export const startToken = () => inject("ferryToken");

/** Calls Ferry's API with a token, as a publisher's script would. */
export async function callApi(path: string, token: string, body?: unknown, method = body ? "POST" : "GET") {
  const response = await fetch(`${ferryOrigin()}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Signs in through the sign-in form, as a person would, and lands on the feeds page. */
export async function signInWith(page: Page, token: string): Promise<void> {
  await page.goto(`${ferryOrigin()}/console/sign-in`);
  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${ferryOrigin()}/console/feeds`);
}

/** A plain HTTP server on 127.0.0.1 answering every request with `html`, counting what it was asked for. */
export async function startSite(
  html: string,
): Promise<{ origin: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/**
 * Every form control a person can reach that has no label: no `<label>`, no `aria-label`, no `aria-labelledby`.
 * Runs in the page.
 */
export function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement>("input, select, textarea")]
      .filter((control) => control.type !== "hidden")
      .filter(
        (control) =>
          (control.labels?.length ?? 0) === 0 &&
          !control.getAttribute("aria-label") &&
          !control.getAttribute("aria-labelledby"),
      )
      .map((control) => control.outerHTML),
  );
}

/** Tabs to the first control and says whether it shows a focus ring (an outline that is not `none`). */
export async function focusRingOnTab(page: Page): Promise<{ tag: string; outline: string }> {
  await page.keyboard.press("Tab");
  return page.evaluate(() => {
    const focused = document.activeElement as HTMLElement;
    const style = getComputedStyle(focused);
    return { tag: focused.tagName, outline: `${style.outlineStyle} ${style.outlineWidth}` };
  });
}

/** How far the page is wider than the window (0 or less: it fits a phone without sideways scrolling). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

export async function expectNoAccessibilityGaps(page: Page): Promise<void> {
  expect(await unlabelledControls(page)).toEqual([]);
}

/** Looks with `probe` until `done` holds of what it sees (for something that must happen), else fails. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T>,
  done: (seen: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const seen = await probe();
    if (done(seen)) return seen;
    if (performance.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms; last seen ${JSON.stringify(seen)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Items of a feed's JSON Feed, as any reader gets them. */
export async function feedItems(slug: string): Promise<{ id: string; title: string }[]> {
  const response = await fetch(`${ferryOrigin()}/feeds/${slug}/feed.json`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: { id: string; title: string }[] }).items;
}
