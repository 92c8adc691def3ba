import { expect, it } from "vitest";
import { describeInBrowser, ferryOrigin, openPage } from "./support/browser";

/**
 * Words of table cells that the browser broke anywhere but after a hyphen or dash (where typography allows it):
 * each word is measured character by character, and a line change must follow a "-" or "–".
 */
function brokenWords(): string[] {
  const broken: string[] = [];
  const topOf = (node: Node, start: number, end: number) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    return [...range.getClientRects()].map((rect) => Math.round(rect.top));
  };
  for (const cell of document.querySelectorAll("td, th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      for (const match of text.matchAll(/\S+/g)) {
        const start = match.index;
        if (new Set(topOf(node, start, start + match[0].length)).size < 2) continue;
        for (let i = 1; i < match[0].length; i++) {
          const newLine =
            topOf(node, start + i, start + i + 1)[0] !== topOf(node, start + i - 1, start + i)[0];
          if (newLine && !"-–".includes(match[0][i - 1] ?? ""))
            broken.push(`${match[0].slice(0, i)}/${match[0].slice(i)}`);
        }
      }
    }
  }
  return broken;
}

describeInBrowser.each([
  [1280, 900],
  [390, 844],
])("/docs at %i px", (width, height) => {
  it("never breaks a word in its tables and never overflows the page sideways", async () => {
    const page = await openPage(width, height, "docs");
    const response = await page.goto(`${ferryOrigin()}/docs`);
    expect(response?.status()).toBe(200);
    expect(await page.locator("table").count()).toBeGreaterThan(10);
    expect(await page.evaluate(brokenWords)).toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it("shows method badges without decorations: no underline, not inside a link", async () => {
    const page = await openPage(width, height, "docs-badges");
    await page.goto(`${ferryOrigin()}/docs`);
    const badges = await page.evaluate(() =>
      [...document.querySelectorAll(".method")].map((badge) => ({
        text: badge.textContent,
        decoration: getComputedStyle(badge).textDecorationLine,
        inLink: badge.closest("a") !== null,
      })),
    );
    expect(badges.length).toBeGreaterThan(10);
    for (const badge of badges) expect(badge).toMatchObject({ decoration: "none", inLink: false });
  });
});
