import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { publish } from "./support/articles";
import { type FeedFileFormat, readFeedPage, walkFeedPages } from "./support/feeds";
import { api, expectProblem, parameters } from "./support/http";
import { createFeed, createToken, ORIGIN, uniqueSlug } from "./support/seed";

const PAGE_SIZE = 4;
const FORMATS: FeedFileFormat[] = ["rss", "atom", "json"];

async function pagedFeed() {
  const slug = await createFeed(uniqueSlug("paged"), { itemLimit: PAGE_SIZE });
  const token = await createToken({ feeds: [slug] });
  return { slug, token };
}

/** Articles dated one day apart in 2020, published at once (their dates order them); ids newest first. */
async function publishHistory(slug: string, token: string, count: number): Promise<string[]> {
  const articles = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      publish(slug, token, {
        title: `Old ${i}`,
        date_published: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(),
      }),
    ),
  );
  return articles.map((article) => article.id).reverse();
}

// Each test pages a feed of its own, so they run side by side.
describe.concurrent("paged feeds (RFC 5005, JSON Feed next_url)", () => {
  it.each(FORMATS)("%s: walking next links visits every article once, newest first", async (format) => {
    const { slug, token } = await pagedFeed();
    const ids = await publishHistory(slug, token, 10);
    const pages = await walkFeedPages(format, `/feeds/${slug}/`);
    expect(pages.map((p) => p.ids.length)).toEqual([4, 4, 2]);
    expect(pages.flatMap((p) => p.ids)).toEqual(ids);
    expect(pages.at(-1)?.next).toBeUndefined();
  });

  it.each(FORMATS)(
    "%s: sees every article present at the start exactly once while others are published",
    async (format) => {
      const { slug, token } = await pagedFeed();
      const original = await publishHistory(slug, token, 11);
      const added: string[] = [];
      const pages = await walkFeedPages(format, `/feeds/${slug}/`, async (page) => {
        // New articles at the top, and one backdated into the part of the history not yet walked.
        added.push((await publish(slug, token, { title: `New ${page}` })).id);
        added.push((await publish(slug, token, { title: `New ${page} b` })).id);
        if (page === 0)
          added.push(
            (await publish(slug, token, { title: "Backdated", date_published: "2019-06-01T00:00:00Z" })).id,
          );
      });
      const seen = pages.flatMap((p) => p.ids);
      expect(new Set(seen).size).toBe(seen.length); // no duplicates
      for (const id of original) expect(seen.filter((s) => s === id)).toHaveLength(1);
      // Nothing published after the walk began can slip in above the cursor; the backdated one is below it.
      expect(seen.filter((id) => !original.includes(id))).toEqual([added[2]]);
    },
  );

  it("links every page to the first page, and older pages back to it as archives", async () => {
    const { slug, token } = await pagedFeed();
    await publishHistory(slug, token, 9);
    const first = await readFeedPage("atom", `/feeds/${slug}/atom.xml`);
    const rels = (page: typeof first) => page.links.map((l) => l.rel);
    // The first page is the subscribable topic, so it also names the WebSub hub; archive pages do not.
    expect(rels(first)).toEqual(["self", "alternate", "hub", "first", "next", "prev-archive"]);
    expect(first.self).toBe(`${ORIGIN}/feeds/${slug}/atom.xml`);
    const second = await readFeedPage("atom", first.next ?? "");
    expect(second.self).toBe(first.next);
    expect(rels(second)).toEqual(["self", "alternate", "first", "current", "next", "prev-archive"]);
    expect(second.links.find((l) => l.rel === "current")?.href).toBe(`${ORIGIN}/feeds/${slug}/atom.xml`);
    const third = await readFeedPage("atom", second.next ?? "");
    expect(rels(third)).toEqual(["self", "alternate", "first", "current"]);

    const raw = (path: string) => api(path).then((r) => r.text());
    const parser = new XMLParser();
    expect(parser.parse(await raw(`/feeds/${slug}/atom.xml`)).feed["fh:archive"]).toBeUndefined();
    expect(
      parser.parse(await raw(new URL(second.self ?? "").pathname + new URL(second.self ?? "").search)).feed,
    ).toHaveProperty("fh:archive");
  });

  it("gives older pages a much longer Cache-Control than the first page", async () => {
    const { slug, token } = await pagedFeed();
    await publishHistory(slug, token, 6);
    const first = await api(`/feeds/${slug}/feed.json`);
    const next = ((await first.json()) as { next_url: string }).next_url;
    const older = await api(next.slice(ORIGIN.length));
    const maxAge = (r: Response) => Number(/max-age=(\d+)/.exec(r.headers.get("cache-control") ?? "")?.[1]);
    expect(maxAge(first)).toBeLessThanOrEqual(60);
    expect(maxAge(older)).toBeGreaterThanOrEqual(3600);
    expect(older.headers.get("cache-control")).toMatch(/stale-while-revalidate=\d+/);
  });

  it("pages the HTML page too", async () => {
    const { slug, token } = await pagedFeed();
    await publishHistory(slug, token, 5);
    const html = await (await api(`/feeds/${slug}/`)).text();
    const next = /<a rel="next" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&");
    expect(next).toMatch(new RegExp(`^${ORIGIN}/feeds/${slug}/\\?before=`));
    const older = await (await api((next ?? "").slice(ORIGIN.length))).text();
    expect(older).toContain("Old 0");
    expect(older).not.toContain("Old 4");
  });

  it.each(["nope", "", "AAAA", "MTIz", "x".repeat(65)])(
    "answers 400 for the page cursor %j",
    async (before) => {
      const { slug } = await pagedFeed();
      const problem = await expectProblem(await api(`/feeds/${slug}/rss.xml?before=${before}`), 400);
      expect(parameters(problem)).toEqual(["query before"]);
    },
  );
});
