import { describe, expect, it } from "vitest";
import { MAX_IMPORT_BYTES } from "../src/http/feed-document-body";
import messy from "./fixtures/import/messy.rss.xml?raw";
import wordpress from "./fixtures/import/wordpress.rss.xml?raw";
import { consoleFetch, consolePage, csrfOf, hiddenFieldOf, signIn, uploadForm } from "./support/console";
import { api } from "./support/http";
import { countEvents, importOk } from "./support/import";
import { createFeed, createToken, feedWithToken } from "./support/seed";

/** The import form's hidden fields, as the page rendered them. */
async function importFields(browser: { cookie: string }, slug: string) {
  const html = await consolePage(`/console/feeds/${slug}/import`, browser);
  return { csrf: csrfOf(html), idempotency_key: hiddenFieldOf(html, "idempotency_key") };
}

const rssFile = (content: string | Uint8Array) => ({ name: "feed.xml", type: "text/xml", content });
const articleTitles = async (slug: string, token: string) =>
  (
    (await (await api(`/v1/feeds/${slug}/articles?limit=100`, { token })).json()) as {
      items: { title: string }[];
    }
  ).items
    .map((item) => item.title)
    .sort();

describe.concurrent("importing in the console", () => {
  it("imports an uploaded feed file through the API's import and shows what became of each item", async () => {
    const { slug, token } = await feedWithToken("write");
    const browser = await signIn(token);
    const action = `/console/feeds/${slug}/import`;
    const response = await uploadForm(action, browser, await importFields(browser, slug), rssFile(messy));
    const html = await response.text();
    expect(response.status, html.slice(0, 2000)).toBe(200);
    const reported = /<p role="status">(\d+) created, (\d+) skipped, (\d+) rejected\./.exec(html);
    expect(reported, html).not.toBeNull();
    const [, created, skipped, rejected] = (reported as RegExpExecArray).map(Number);
    expect((created as number) + (skipped as number) + (rejected as number)).toBe(8);
    expect(html.match(/<td class="num" data-label="Item">/g)).toHaveLength(8);
    expect(html).toContain("Council approves new bridge");

    // The same document through the API: the articles the console created are there, so every item is skipped.
    const other = await createFeed();
    const viaApi = await importOk(other, await createToken({ role: "write", feeds: [other] }), messy);
    expect(viaApi.created).toBe(created);
    expect(await articleTitles(slug, token)).toEqual(
      await articleTitles(other, await createToken({ role: "read", feeds: [other] })),
    );
    const again = await uploadForm(action, browser, await importFields(browser, slug), rssFile(messy));
    expect(await again.text()).toContain(`0 created, ${(created as number) + (skipped as number)} skipped`);
    expect(await countEvents(slug)).toBe(0);
  });

  it("shows a file it cannot import as a problem beside the file field, importing nothing", async () => {
    const { slug, token } = await feedWithToken("write");
    const browser = await signIn(token);
    const action = `/console/feeds/${slug}/import`;
    const cases = [
      [rssFile("this is not a feed"), 400],
      [null, 422],
      [rssFile(new Uint8Array(MAX_IMPORT_BYTES + 1).fill(0x20)), 413],
    ] as const;
    for (const [file, status] of cases) {
      const response = await uploadForm(action, browser, await importFields(browser, slug), file);
      const html = await response.text();
      expect(response.status, html.slice(0, 500)).toBe(status);
      expect(html).toMatch(/<p class="field-error" id="f-file-error">[^<]+<\/p>/);
      expect(html).toMatch(/id="f-file"[^>]*aria-invalid="true"/);
    }
    expect(await articleTitles(slug, token)).toEqual([]);
  });

  it("downloads the feed as a JSON Feed attachment, for a read token too", async () => {
    const { slug, token } = await feedWithToken("write");
    await importOk(slug, token, wordpress);
    const reader = await signIn(await createToken({ role: "read", feeds: [slug] }));
    const page = await consolePage(`/console/feeds/${slug}/import`, reader);
    expect(page).toContain(`href="/console/feeds/${slug}/export"`);
    expect(page).not.toContain('enctype="multipart/form-data"');
    const download = await consoleFetch(`/console/feeds/${slug}/export`, { browser: reader });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    expect(download.headers.get("content-disposition")).toBe(`attachment; filename="${slug}.json"`);
    const feed = (await download.json()) as { version: string; items: unknown[] };
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.items).toHaveLength(4);
  });

  it("refuses an upload from a read token, without the CSRF token, or from another site", async () => {
    const slug = await createFeed();
    const writer = await signIn(await createToken({ role: "write", feeds: [slug] }));
    const reader = await signIn(await createToken({ role: "read", feeds: [slug] }));
    const action = `/console/feeds/${slug}/import`;
    const readerFields = { csrf: csrfOf(await consolePage("/console/feeds", reader)) };
    expect((await uploadForm(action, reader, readerFields, rssFile(messy))).status).toBe(403);
    expect((await uploadForm(action, writer, {}, rssFile(messy))).status).toBe(403);
    const fromElsewhere = await uploadForm(
      action,
      writer,
      await importFields(writer, slug),
      rssFile(messy),
      "https://evil.example",
    );
    expect(fromElsewhere.status).toBe(403);
    const token = await createToken({ role: "read", feeds: [slug] });
    expect(await articleTitles(slug, token)).toEqual([]);
  });
});
