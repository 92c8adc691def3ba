import { describe, expect, it, vi } from "vitest";
import { publish } from "./support/articles";
import { readAllFormats } from "./support/feeds";
import { api } from "./support/http";
import { feedWithToken, SAMPLE_ARTICLE } from "./support/seed";

describe("the three feeds", () => {
  it("carry every field of the sample article, parsed by an independent parser", async () => {
    const { slug, token } = await feedWithToken();
    const article = await publish(slug, token, SAMPLE_ARTICLE);
    const { rss, atom, json } = await readAllFormats(slug);

    const rssItem = rss.items?.[0];
    expect(rss.items).toHaveLength(1);
    expect(rssItem?.title).toBe(SAMPLE_ARTICLE.title);
    expect(rssItem?.link).toBe(SAMPLE_ARTICLE.url);
    expect(rssItem?.guid).toEqual({ value: article.id, isPermaLink: false });
    expect(rssItem?.description).toBe(SAMPLE_ARTICLE.summary);
    expect(rssItem?.content?.encoded).toBe(article.content_html);
    expect(rssItem?.categories?.map((c) => c.name)).toEqual(SAMPLE_ARTICLE.tags);
    expect(new Date(rssItem?.pubDate as string).toISOString()).toBe("2015-01-12T15:30:00.000Z");
    expect(JSON.stringify(rssItem)).toContain("News Desk");

    const entry = atom.entries?.[0];
    expect(entry?.id).toBe(`urn:uuid:${article.id}`);
    expect(entry?.title).toMatchObject({ value: SAMPLE_ARTICLE.title });
    expect(entry?.links?.find((l) => (l.rel ?? "alternate") === "alternate")?.href).toBe(SAMPLE_ARTICLE.url);
    expect(entry?.content).toMatchObject({ value: article.content_html, type: "html" });
    expect(entry?.summary).toMatchObject({ value: SAMPLE_ARTICLE.summary });
    expect(entry?.authors?.[0]?.name).toBe("News Desk");
    expect(entry?.categories?.map((c) => c.term)).toEqual(SAMPLE_ARTICLE.tags);
    expect(new Date(entry?.published as string).toISOString()).toBe("2015-01-12T15:30:00.000Z");

    const item = json.items?.[0];
    expect(item?.id).toBe(article.id);
    expect(item?.title).toBe(SAMPLE_ARTICLE.title);
    expect(item?.url).toBe(SAMPLE_ARTICLE.url);
    expect(item?.summary).toBe(SAMPLE_ARTICLE.summary);
    expect(item?.content_html).toBe(article.content_html);
    expect(item?.authors).toEqual(SAMPLE_ARTICLE.authors);
    expect(item?.tags).toEqual(SAMPLE_ARTICLE.tags);
    expect(new Date(item?.date_published as string).toISOString()).toBe("2015-01-12T15:30:00.000Z");
  });

  it("keep the GUID stable across edits", async () => {
    const { slug, token } = await feedWithToken();
    const article = await publish(slug, token, SAMPLE_ARTICLE);
    const before = await readAllFormats(slug);
    await api(`/v1/feeds/${slug}/articles/${article.id}`, {
      method: "PATCH",
      token,
      body: { title: "Edited" },
    });
    const after = await readAllFormats(slug);
    expect(after.rss.items?.[0]?.guid).toEqual(before.rss.items?.[0]?.guid);
    expect(after.atom.entries?.[0]?.id).toBe(before.atom.entries?.[0]?.id);
    expect(after.json.items?.[0]?.id).toBe(before.json.items?.[0]?.id);
    expect(after.json.items?.[0]?.title).toBe("Edited");
  });

  it("list newest first, exclude deleted and future-dated articles, and respect the item limit", async () => {
    const { slug, token } = await feedWithToken();
    const old = await publish(slug, token, { title: "Old", date_published: "2020-01-01T00:00:00Z" });
    await publish(slug, token, { title: "New", date_published: "2021-01-01T00:00:00Z" });
    await publish(slug, token, { title: "Future", date_published: "2999-01-01T00:00:00Z" });
    const gone = await publish(slug, token, { title: "Gone", date_published: "2020-06-01T00:00:00Z" });
    await api(`/v1/feeds/${slug}/articles/${gone.id}`, { method: "DELETE", token });
    const { rss, atom, json } = await readAllFormats(slug);
    expect(rss.items?.map((i) => i.title)).toEqual(["New", "Old"]);
    expect(atom.entries?.map((e) => e.title?.value)).toEqual(["New", "Old"]);
    expect(json.items?.map((i) => i.title)).toEqual(["New", "Old"]);
    expect(json.items?.[1]?.id).toBe(old.id);
  });

  it("date the feed by its newest change, not by the time of the request", async () => {
    const { slug, token } = await feedWithToken();
    await publish(slug, token, { title: "One", date_published: "2020-01-01T00:00:00Z" });
    const first = await readAllFormats(slug);
    // A day later by the test's clock, rendered afresh (a token skips the cache): the documents are the same.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 86_400_000);
    try {
      for (const [file, before] of [
        ["rss.xml", first.rssXml],
        ["atom.xml", first.atomXml],
        ["feed.json", first.jsonText],
      ]) {
        const again = await api(`/feeds/${slug}/${file}`, { token });
        expect(again.headers.get("x-ferry-cache"), file).toBeNull();
        expect(await again.text(), file).toBe(before);
      }
    } finally {
      vi.useRealTimers();
    }
  });

  it("answer 404 problem for an unknown feed", async () => {
    const response = await api("/feeds/no-such-feed/rss.xml");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/problem\+json/);
  });
});
