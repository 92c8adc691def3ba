import { env, SELF } from "cloudflare:test";
import { parseJsonFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { insertArticleStatement } from "../src/db/articles";
import { findFeedBySlug } from "../src/db/feeds";
import type { ArticleOutput } from "../src/domain/api-schemas";
import { buildArticle } from "../src/domain/article-build";
import blogger from "./fixtures/import/blogger.atom.xml?raw";
import jsonFeed11 from "./fixtures/import/jsonfeed-1.1.json?raw";
import { publish } from "./support/articles";
import { readAllFormats } from "./support/feeds";
import { api, expectProblem } from "./support/http";
import { importOk } from "./support/import";
import { createToken, feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";

const FULL_ARTICLE = {
  title: "Every field",
  summary: "All of them",
  content_html: '<p>HTML <a href="https://example.com/a">body</a></p>',
  content_text: "Text body",
  url: "https://example.com/every-field",
  external_url: "https://elsewhere.example.org/story",
  image: "https://example.com/every.jpg",
  banner_image: "https://example.com/every-banner.jpg",
  authors: [
    {
      name: "Ada",
      url: "https://ada.example.com/",
      email: "ada@example.com",
      avatar: "https://ada.example.com/a.png",
    },
    { email: "grace@example.com" },
  ],
  tags: ["science", "Ünïcode tag"],
  language: "fr-CA",
  attachments: [
    {
      url: "https://cdn.example.com/ep.mp3",
      mime_type: "audio/mpeg",
      title: "Episode",
      size_in_bytes: 123456,
      duration_in_seconds: 61.5,
    },
  ],
  date_published: "2016-05-04T03:02:01.5Z",
  date_modified: "2016-05-05T00:00:00Z",
  podcast: {
    episode: 3,
    season: 1,
    episode_type: "bonus",
    explicit: false,
    transcripts: [{ url: "https://cdn.example.com/ep.vtt", mime_type: "text/vtt", language: "fr" }],
    chapters_url: "https://cdn.example.com/ep.chapters.json",
  },
};

const CONTENT_FIELDS = [
  "title",
  "summary",
  "content_html",
  "content_text",
  "url",
  "external_url",
  "image",
  "banner_image",
  "authors",
  "tags",
  "language",
  "attachments",
  "podcast",
  "date_published",
  "date_modified",
] as const;

async function exportFeed(slug: string, token: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/v1/feeds/${slug}/export`, { headers: { authorization: `Bearer ${token}` } });
}

async function listAll(slug: string, token: string): Promise<ArticleOutput[]> {
  const response = await api(`/v1/feeds/${slug}/articles?limit=100`, { token });
  return ((await response.json()) as { items: ArticleOutput[] }).items;
}

/** A feed with articles of every kind: published, bare, future-dated, deleted, imported from RSS, Atom and JSON. */
async function populatedFeed() {
  const { slug, token } = await feedWithToken();
  await publish(slug, token, SAMPLE_ARTICLE);
  await publish(slug, token, FULL_ARTICLE);
  await publish(slug, token, { title: "Only a title", date_published: "2014-01-01T00:00:00Z" });
  await publish(slug, token, {
    title: "Scheduled",
    content_text: "Later",
    date_published: "2999-01-01T00:00:00Z",
  });
  const deleted = await publish(slug, token, { title: "Deleted" });
  await api(`/v1/feeds/${slug}/articles/${deleted.id}`, { method: "DELETE", token });
  await importOk(slug, token, blogger, "application/atom+xml");
  await importOk(slug, token, jsonFeed11, "application/feed+json");
  return { slug, token };
}

describe("GET /v1/feeds/:feed/export", () => {
  it("is every live article, future-dated ones included, newest first, as a JSON Feed 1.1 attachment", async () => {
    const { slug, token } = await populatedFeed();
    const response = await exportFeed(slug, await createToken({ role: "read", feeds: [slug] }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${slug}.json"`);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const raw = JSON.parse(await response.text());
    const feed = parseJsonFeed(raw);
    expect(raw.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.title).toBe(`Feed ${slug}`);
    expect(feed.feed_url).toBe(`${ORIGIN}/feeds/${slug}/feed.json`);

    const live = await listAll(slug, token);
    expect(live).toHaveLength(12);
    expect(feed.items?.map((item) => item.id)).toEqual(live.map((article) => article.guid ?? article.id));
    expect(feed.items?.map((item) => item.title)).toContain("Scheduled");
    expect(feed.items?.map((item) => item.title)).not.toContain("Deleted");
    expect(raw.items[0]._ferry).toEqual({
      id: live[0]?.id,
      created_at: live[0]?.created_at,
      updated_at: live[0]?.updated_at,
    });
    // Every item has a body, as JSON Feed requires; an article without one has an empty text.
    const bare = raw.items.find((item: { title: string }) => item.title === "Only a title");
    expect(bare.content_text).toBe("");
  });

  it("round-trips every field into a fresh feed, keeping GUIDs, and creates nothing on a second import", async () => {
    const source = await populatedFeed();
    const exported = await (await exportFeed(source.slug, source.token)).text();
    const target = await feedWithToken();
    expect(await importOk(target.slug, target.token, exported, "application/feed+json")).toMatchObject({
      format: "json",
      created: 12,
      skipped: 0,
      rejected: 0,
    });

    const originals = await listAll(source.slug, source.token);
    const copies = new Map((await listAll(target.slug, target.token)).map((a) => [a.guid, a]));
    for (const original of originals) {
      const copy = copies.get(original.guid ?? original.id);
      expect(copy, original.title).toBeDefined();
      for (const field of CONTENT_FIELDS)
        expect(copy?.[field], `${original.title}: ${field}`).toEqual(original[field]);
    }

    const again = await importOk(target.slug, target.token, exported, "application/feed+json");
    expect(again).toMatchObject({ created: 0, skipped: 12, rejected: 0 });
    // Restoring a feed from its own backup creates nothing either: native articles match by their id.
    expect(await importOk(source.slug, source.token, exported, "application/feed+json")).toMatchObject({
      created: 0,
      skipped: 12,
    });
  });

  it("leaves readers of the new feed the same GUIDs and Atom ids as the old one", async () => {
    const source = await populatedFeed();
    const exported = await (await exportFeed(source.slug, source.token)).text();
    const target = await feedWithToken();
    await importOk(target.slug, target.token, exported, "application/feed+json");
    const [before, after] = [await readAllFormats(source.slug), await readAllFormats(target.slug)];
    const sorted = (values: (string | undefined)[] | undefined) => [...(values ?? [])].sort();
    expect(sorted(after.rss.items?.map((i) => i.guid?.value))).toEqual(
      sorted(before.rss.items?.map((i) => i.guid?.value)),
    );
    expect(sorted(after.atom.entries?.map((e) => e.id))).toEqual(
      sorted(before.atom.entries?.map((e) => e.id)),
    );
    expect(sorted(after.json.items?.map((i) => i.id))).toEqual(sorted(before.json.items?.map((i) => i.id)));
  });

  it("streams a feed larger than one page of rows without losing or repeating an article", async () => {
    const { slug, token } = await feedWithToken();
    const feed = await findFeedBySlug(env.DB, slug);
    const count = 1234;
    const now = Date.now();
    const statements = Array.from({ length: count }, (_, i) => {
      const article = buildArticle(
        { title: `Article ${i}`, content_text: `Body ${i}` },
        { id: crypto.randomUUID(), feedSlug: slug, nowMs: now - i * 1000, previous: null },
      );
      return insertArticleStatement(env.DB, feed?.rowId as number, article, now);
    });
    for (let i = 0; i < statements.length; i += 200) await env.DB.batch(statements.slice(i, i + 200));
    const exported = JSON.parse(await (await exportFeed(slug, token)).text()) as {
      items: { id: string; title: string }[];
    };
    expect(exported.items).toHaveLength(count);
    expect(new Set(exported.items.map((item) => item.id)).size).toBe(count);
    expect(exported.items[0]?.title).toBe(`Article ${count - 1}`);
    expect(exported.items.at(-1)?.title).toBe("Article 0");
  });

  it("is refused without a token for the feed", async () => {
    const { slug } = await feedWithToken();
    await expectProblem(await exportFeed(slug, (await feedWithToken()).token), 403);
    await expectProblem(await SELF.fetch(`${ORIGIN}/v1/feeds/${slug}/export`), 401);
    const post = await SELF.fetch(`${ORIGIN}/v1/feeds/${slug}/export`, { method: "POST" });
    await expectProblem(post, 405);
  });
});
