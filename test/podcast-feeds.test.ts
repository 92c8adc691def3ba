import { SELF } from "cloudflare:test";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import type { ArticleOutput, FeedOutput } from "../src/domain/api-schemas";
import { publish } from "./support/articles";
import { atomProblems, rssProblems } from "./support/feed-validity";
import { readAllFormats } from "./support/feeds";
import { api, expectProblem, pointers } from "./support/http";
import { importOk } from "./support/import";
import {
  createFeedWith,
  createPodcastFeed,
  EPISODE,
  independentPodcastGuid,
  listArticles,
  PODCAST_SETTINGS,
} from "./support/podcasts";
import { createToken, ORIGIN } from "./support/seed";
import { NASTY_STRINGS, xmlParser } from "./unit/feed-fixtures";

async function fetchText(path: string): Promise<{ text: string; etag: string | null }> {
  const response = await SELF.fetch(`${ORIGIN}${path}`);
  expect(response.status, path).toBe(200);
  return { text: await response.text(), etag: response.headers.get("etag") };
}

const rssOf = async (slug: string) => (await fetchText(`/feeds/${slug}/rss.xml`)).text;
const atomOf = async (slug: string) => (await fetchText(`/feeds/${slug}/atom.xml`)).text;

async function patchFeed(slug: string, token: string, body: unknown): Promise<Response> {
  return api(`/v1/feeds/${slug}`, { method: "PATCH", token, body });
}

async function getFeed(slug: string, token: string): Promise<FeedOutput> {
  return (await (await api(`/v1/feeds/${slug}`, { token })).json()) as FeedOutput;
}

/** How often `xmlns:<prefix>=` is written in a document: a namespace is declared once, or not at all. */
function declarations(xml: string, prefix: string): number {
  return xml.split(`xmlns:${prefix}=`).length - 1;
}

describe("podcast settings", () => {
  it("make a feed a podcast feed, shown with the podcast:guid Ferry derives from its RSS URL", async () => {
    const { feed } = await createPodcastFeed();
    expect(feed.content).toBe("full");
    expect(feed.podcast).toEqual({
      ...PODCAST_SETTINGS,
      guid: await independentPodcastGuid(feed.urls.rss),
    });
  });

  const refused: [string, Record<string, unknown>, string][] = [
    ["a category Apple does not list", { categories: ["Tech"] }, "/podcast/categories/0"],
    ["a subcategory under the wrong category", { categories: ["Arts/Tech News"] }, "/podcast/categories/0"],
    ["no category", { categories: [] }, "/podcast/categories"],
    ["artwork over http", { image: "http://radio.example/artwork.jpg" }, "/podcast/image"],
    ["no explicit flag", { explicit: undefined }, "/podcast/explicit"],
    ["an explicit flag that is no boolean", { explicit: "no" }, "/podcast/explicit"],
    ["an unknown show type", { type: "daily" }, "/podcast/type"],
    ["a lock without an owner", { owner: undefined }, "/podcast/locked"],
    ["an owner without an email", { owner: { name: "Ada" } }, "/podcast/owner/email"],
    [
      "a funding link that is a script",
      { funding: [{ url: "javascript:alert(1)", title: "x" }] },
      "/podcast/funding/0/url",
    ],
    [
      "a funding text over 128 characters",
      { funding: [{ url: "https://x.example/", title: "x".repeat(129) }] },
      "/podcast/funding/0/title",
    ],
  ];
  it.each(refused)("refuse %s with a 422 naming the field, creating nothing", async (_, change, pointer) => {
    const admin = await createToken({ role: "admin" });
    const slug = `refused-${crypto.randomUUID().slice(0, 8)}`;
    const podcast = { ...PODCAST_SETTINGS, ...change };
    const problem = await expectProblem(
      await api("/v1/feeds", { token: admin, body: { slug, title: "T", language: "en", podcast } }),
      422,
    );
    expect(pointers(problem)).toEqual([pointer]);
    expect(problem.errors?.[0]?.detail).toContain(`\`${pointer.slice(1)}\``);
    await expectProblem(await api(`/v1/feeds/${slug}`, { token: admin }), 404);
  });

  it("need the feed's language, and a content mode that is full or excerpt", async () => {
    const admin = await createToken({ role: "admin" });
    const noLanguage = await expectProblem(
      await api("/v1/feeds", {
        token: admin,
        body: { slug: "no-language-pod", title: "T", podcast: PODCAST_SETTINGS },
      }),
      422,
    );
    expect(pointers(noLanguage)).toEqual(["/language"]);
    expect(noLanguage.detail).toMatch(/`language` is required for a podcast feed/);
    const badMode = await expectProblem(
      await api("/v1/feeds", { token: admin, body: { slug: "bad-mode", title: "T", content: "summary" } }),
      422,
    );
    expect(pointers(badMode)).toEqual(["/content"]);
  });

  it("merge a change into the current settings (RFC 7396) and check the result whole", async () => {
    const { slug, admin } = await createPodcastFeed();
    const merged = await patchFeed(slug, admin, { podcast: { explicit: true, funding: null } });
    expect(merged.status).toBe(200);
    const { funding, ...rest } = PODCAST_SETTINGS;
    expect((await merged.json()) as FeedOutput).toMatchObject({ podcast: { ...rest, explicit: true } });
    expect((await getFeed(slug, admin)).podcast?.funding).toBeUndefined();

    const before = await getFeed(slug, admin);
    const noImage = await expectProblem(await patchFeed(slug, admin, { podcast: { image: null } }), 422);
    expect(pointers(noImage)).toEqual(["/podcast/image"]);
    const badCategory = await expectProblem(
      await patchFeed(slug, admin, { podcast: { categories: ["Nope"] } }),
      422,
    );
    expect(pointers(badCategory)).toEqual(["/podcast/categories/0"]);
    const noLanguage = await expectProblem(await patchFeed(slug, admin, { language: null }), 422);
    expect(pointers(noLanguage)).toEqual(["/language"]);
    expect(await getFeed(slug, admin)).toEqual(before);

    const off = await patchFeed(slug, admin, { podcast: null });
    expect(off.status).toBe(200);
    expect(((await off.json()) as FeedOutput).podcast).toBeUndefined();
    const xml = await rssOf(slug);
    expect(declarations(xml, "itunes")).toBe(0);
    expect(declarations(xml, "podcast")).toBe(0);
  });

  it("turn a feed into a podcast only with everything Apple requires", async () => {
    const { slug, admin } = await createFeedWith({});
    const partial = await expectProblem(await patchFeed(slug, admin, { podcast: { explicit: false } }), 422);
    expect(pointers(partial).sort()).toEqual(["/podcast/categories", "/podcast/image"]);
    const whole = await patchFeed(slug, admin, { language: "en-GB", podcast: PODCAST_SETTINGS });
    expect(whole.status, await whole.clone().text()).toBe(200);
    expect(((await whole.json()) as FeedOutput).podcast?.categories).toEqual(PODCAST_SETTINGS.categories);
  });
});

describe("episodes", () => {
  it("in a podcast feed need every attachment's exact size in bytes: a 422 naming it, nothing stored", async () => {
    const { slug, admin } = await createPodcastFeed();
    const [audio, notes] = EPISODE.attachments;
    const { size_in_bytes, ...sizeless } = audio;
    for (const attachments of [
      [sizeless, notes],
      [{ ...audio, size_in_bytes: 0 }, notes],
    ]) {
      const problem = await expectProblem(
        await api(`/v1/feeds/${slug}/articles`, { token: admin, body: { ...EPISODE, attachments } }),
        422,
      );
      expect(pointers(problem)).toEqual(["/attachments/0/size_in_bytes"]);
      expect(problem.detail).toMatch(/required in a podcast feed/);
    }
    const both = await expectProblem(
      await api(`/v1/feeds/${slug}/articles`, {
        token: admin,
        body: { ...EPISODE, attachments: [sizeless, { url: notes.url, mime_type: notes.mime_type }] },
      }),
      422,
    );
    expect(pointers(both)).toEqual(["/attachments/0/size_in_bytes", "/attachments/1/size_in_bytes"]);
    expect(await listArticles(slug, admin)).toEqual([]);

    const stored = await publish(slug, admin, EPISODE);
    const patch = await api(`/v1/feeds/${slug}/articles/${stored.id}`, {
      method: "PATCH",
      token: admin,
      body: { attachments: [sizeless] },
    });
    expect(pointers(await expectProblem(patch, 422))).toEqual(["/attachments/0/size_in_bytes"]);

    // A feed that is no podcast takes attachments of unknown size, as before.
    const plain = await createFeedWith({});
    await publish(plain.slug, plain.admin, { ...EPISODE, attachments: [sizeless] });
  });

  it("keep their details through the API: create, read, merge patch", async () => {
    const { slug, admin } = await createPodcastFeed();
    const stored = await publish(slug, admin, EPISODE);
    expect(stored.podcast).toEqual(EPISODE.podcast);
    const read = (await (
      await api(`/v1/feeds/${slug}/articles/${stored.id}`, { token: admin })
    ).json()) as ArticleOutput;
    expect(read.podcast).toEqual(EPISODE.podcast);
    const patched = await api(`/v1/feeds/${slug}/articles/${stored.id}`, {
      method: "PATCH",
      token: admin,
      body: { podcast: { season: null, episode_type: "bonus" } },
    });
    expect(patched.status).toBe(200);
    const { season, ...rest } = EPISODE.podcast;
    expect(((await patched.json()) as ArticleOutput).podcast).toEqual({ ...rest, episode_type: "bonus" });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ["episode 0", { episode: 0 }, "/podcast/episode"],
    ["a fractional season", { season: 1.5 }, "/podcast/season"],
    ["an unknown episode type", { episode_type: "mini" }, "/podcast/episode_type"],
    ["explicit as text", { explicit: "yes" }, "/podcast/explicit"],
    [
      "a transcript at a script URL",
      { transcripts: [{ url: "javascript:x", mime_type: "text/vtt" }] },
      "/podcast/transcripts/0/url",
    ],
    [
      "a transcript without a type",
      { transcripts: [{ url: "https://x.example/t.vtt" }] },
      "/podcast/transcripts/0/mime_type",
    ],
    [
      "a transcript in no language",
      { transcripts: [{ url: "https://x.example/t", mime_type: "text/vtt", language: "<en>" }] },
      "/podcast/transcripts/0/language",
    ],
    ["chapters over ftp", { chapters_url: "ftp://x.example/c.json" }, "/podcast/chapters_url"],
  ];
  it.each(invalid)("refuse %s with a 422 naming the field", async (_, change, pointer) => {
    const { slug, admin } = await createPodcastFeed();
    const body = { ...EPISODE, podcast: { ...EPISODE.podcast, ...change } };
    const problem = await expectProblem(await api(`/v1/feeds/${slug}/articles`, { token: admin, body }), 422);
    expect(pointers(problem)).toEqual([pointer]);
  });
});

describe("RSS of a podcast feed", () => {
  it("carries Apple's and Podcasting 2.0's channel and item tags, each namespace declared once", async () => {
    const { slug, admin } = await createPodcastFeed();
    await publish(slug, admin, EPISODE);
    const xml = await rssOf(slug);
    expect(rssProblems(xml)).toEqual([]);
    for (const prefix of ["itunes", "podcast", "media", "atom", "content"])
      expect(declarations(xml, prefix)).toBe(1);

    const feed = parseRssFeed(xml);
    expect(feed.language).toBe("en");
    expect(feed.itunes).toEqual({
      author: PODCAST_SETTINGS.author,
      owner: PODCAST_SETTINGS.owner,
      image: PODCAST_SETTINGS.image,
      categories: [
        { text: "Technology" },
        { text: "News", categories: [{ text: "Tech News" }, { text: "Politics" }] },
      ],
      explicit: false,
      type: "serial",
      complete: true,
    });
    expect(feed.podcast).toEqual({
      guid: await independentPodcastGuid(`${ORIGIN}/feeds/${slug}/rss.xml`),
      locked: { value: true, owner: "ada@radio.example" },
      fundings: [{ url: PODCAST_SETTINGS.funding[0].url, display: "Support the show" }],
    });

    const item = feed.items?.[0];
    const [audio] = EPISODE.attachments;
    expect(item?.enclosures).toEqual([
      { url: audio.url, length: audio.size_in_bytes, type: audio.mime_type },
    ]);
    expect(item?.itunes).toEqual({
      duration: 1834,
      image: EPISODE.image,
      episode: 1,
      season: 2,
      episodeType: "full",
      explicit: true,
    });
    expect(item?.podcast).toEqual({
      transcripts: [
        { url: "https://radio.example/episodes/1.vtt", type: "text/vtt", language: "en" },
        { url: "https://radio.example/episodes/1.srt", type: "application/x-subrip" },
      ],
      chapters: { url: EPISODE.podcast.chapters_url, type: "application/json+chapters" },
    });
  });

  it("writes explicit as true or false, and leaves out what a show did not set", async () => {
    const minimal = { image: "https://radio.example/a.png", categories: ["True Crime"], explicit: true };
    const { slug, admin } = await createPodcastFeed(minimal);
    await publish(slug, admin, {
      title: "Trailer",
      attachments: [{ url: "https://cdn.radio.example/t.m4v", mime_type: "video/x-m4v", size_in_bytes: 10 }],
    });
    const xml = await rssOf(slug);
    expect(rssProblems(xml)).toEqual([]);
    const channel = xmlParser.parse(xml).rss.channel;
    expect(channel["itunes:explicit"]).toBe("true");
    for (const absent of [
      "itunes:owner",
      "itunes:type",
      "itunes:complete",
      "podcast:locked",
      "podcast:funding",
    ])
      expect(channel[absent], absent).toBeUndefined();
    // The feed has no author either, so there is no itunes:author.
    expect(channel["itunes:author"]).toBeUndefined();
    expect(channel.item[0]["itunes:duration"]).toBeUndefined();
    expect(parseRssFeed(xml).items?.[0]?.itunes).toBeUndefined();
  });

  it("names the same podcast:guid on every page of the feed", async () => {
    const { slug, admin } = await createFeedWith({
      language: "en",
      podcast: PODCAST_SETTINGS,
      item_limit: 1,
    });
    await publish(slug, admin, { ...EPISODE, date_published: "2025-01-01T00:00:00Z" });
    await publish(slug, admin, EPISODE);
    const first = parseRssFeed(await rssOf(slug));
    const next = first.atom?.links?.find((l) => l.rel === "next")?.href ?? "";
    expect(next).toContain("?before=");
    const older = parseRssFeed((await fetchText(next.slice(ORIGIN.length))).text);
    expect(older.podcast?.guid).toBe(first.podcast?.guid);
    expect(first.podcast?.guid).toBe(await independentPodcastGuid(`${ORIGIN}/feeds/${slug}/rss.xml`));
  });
});

describe("Media RSS", () => {
  const article = {
    title: "Pictures",
    url: "https://news.example/pictures",
    image: "https://news.example/lead.webp",
    attachments: [
      { url: "https://news.example/gallery-1.png", mime_type: "image/png", size_in_bytes: 2048 },
      {
        url: "https://news.example/clip.mp4",
        mime_type: "video/mp4",
        size_in_bytes: 99_999,
        duration_in_seconds: 12.6,
      },
    ],
  };

  it("is in every RSS feed: the picture as content and thumbnail, every attachment with its medium", async () => {
    const { slug, admin } = await createFeedWith({});
    await publish(slug, admin, article);
    const xml = await rssOf(slug);
    expect(rssProblems(xml)).toEqual([]);
    expect(declarations(xml, "media")).toBe(1);
    expect(declarations(xml, "itunes")).toBe(0);
    expect(declarations(xml, "podcast")).toBe(0);
    const item = parseRssFeed(xml).items?.[0];
    expect(item?.media?.contents).toEqual([
      { url: article.image, medium: "image", type: "image/webp" },
      { url: article.attachments[0]?.url, type: "image/png", medium: "image", fileSize: 2048 },
      {
        url: article.attachments[1]?.url,
        type: "video/mp4",
        medium: "video",
        fileSize: 99_999,
        duration: 13,
      },
    ]);
    expect(item?.media?.thumbnails).toEqual([{ url: article.image }]);
    // The one enclosure is the video, not the picture that comes first.
    expect(item?.enclosures?.map((e) => e.url)).toEqual([article.attachments[1]?.url]);
  });

  it("is in Atom too, beside an enclosure link with its length for every attachment", async () => {
    const { slug, admin } = await createFeedWith({});
    await publish(slug, admin, article);
    const xml = await atomOf(slug);
    expect(atomProblems(xml)).toEqual([]);
    expect(declarations(xml, "media")).toBe(1);
    expect(declarations(xml, "fh")).toBe(0);
    const entry = parseAtomFeed(xml).entries?.[0];
    expect(entry?.links?.filter((l) => l.rel === "enclosure")).toEqual([
      { rel: "enclosure", href: article.attachments[0]?.url, type: "image/png", length: 2048 },
      { rel: "enclosure", href: article.attachments[1]?.url, type: "video/mp4", length: 99_999 },
    ]);
    expect(entry?.media?.thumbnails).toEqual([{ url: article.image }]);
    expect(entry?.media?.contents?.map((c) => c.medium)).toEqual(["image", "image", "video"]);
  });

  it("keeps JSON Feed's own image and attachments", async () => {
    const { slug, admin } = await createFeedWith({});
    await publish(slug, admin, { ...article, banner_image: "https://news.example/banner.jpg" });
    const { json } = await readAllFormats(slug);
    expect(json.items?.[0]).toMatchObject({
      image: article.image,
      banner_image: "https://news.example/banner.jpg",
      attachments: article.attachments,
    });
  });
});

describe("excerpt feeds", () => {
  const BODY = "SECRET-BODY";
  const withSummary = {
    title: "Has a summary",
    summary: "Just the summary.",
    content_html: `<p>${BODY} in full.</p>`,
    url: "https://news.example/a",
    date_published: "2025-01-02T00:00:00Z",
  };
  const withoutSummary = {
    title: "Body only",
    content_html: `<p>${"Words of the story ".repeat(40)}${BODY}</p>`,
    date_published: "2025-01-01T00:00:00Z",
  };

  it("carry the summary, or a text excerpt, and never the body, in every format", async () => {
    const { slug, admin } = await createFeedWith({ content: "excerpt" });
    await publish(slug, admin, withSummary);
    await publish(slug, admin, withoutSummary);
    const { rss, atom, json, rssXml, atomXml, jsonText } = await readAllFormats(slug);
    for (const text of [rssXml, atomXml, jsonText]) expect(text).not.toContain(BODY);
    expect(rssProblems(rssXml)).toEqual([]);
    expect(atomProblems(atomXml)).toEqual([]);
    expect(declarations(rssXml, "content")).toBe(0);

    const excerpt = rss.items?.[1]?.description ?? "";
    expect(excerpt.startsWith("Words of the story")).toBe(true);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(Array.from(excerpt).length).toBeLessThanOrEqual(300);
    expect(rss.items?.map((i) => i.description)).toEqual(["Just the summary.", excerpt]);
    expect(rss.items?.map((i) => i.content)).toEqual([undefined, undefined]);

    // An entry with a link sends readers there; one without carries the excerpt as text content.
    expect(atom.entries?.map((e) => e.summary?.value)).toEqual(["Just the summary.", excerpt]);
    expect(atom.entries?.map((e) => e.content)).toEqual([undefined, { value: excerpt, type: "text" }]);

    expect(json.items?.map((i) => [i.content_html, i.content_text, i.summary])).toEqual([
      [undefined, "Just the summary.", "Just the summary."],
      [undefined, excerpt, excerpt],
    ]);
  });

  it("switch at once: the change gives every format a new ETag", async () => {
    const { slug, admin } = await createFeedWith({});
    await publish(slug, admin, withSummary);
    const before = await fetchText(`/feeds/${slug}/rss.xml`);
    expect(before.text).toContain(BODY);
    const patched = await patchFeed(slug, admin, { content: "excerpt" });
    expect(((await patched.json()) as FeedOutput).content).toBe("excerpt");
    const after = await fetchText(`/feeds/${slug}/rss.xml`);
    expect(after.etag).not.toBe(before.etag);
    expect(after.text).not.toContain(BODY);
    const back = await patchFeed(slug, admin, { content: null });
    expect(((await back.json()) as FeedOutput).content).toBe("full");
    expect((await fetchText(`/feeds/${slug}/rss.xml`)).text).toContain(BODY);
  });
});

describe("import of podcast feeds", () => {
  const sameMedia = (a: ArticleOutput) =>
    a.attachments.map(({ url, mime_type, size_in_bytes, duration_in_seconds }) => ({
      url,
      mime_type,
      size_in_bytes,
      duration_in_seconds,
    }));

  it("reads Ferry's RSS back: export as RSS → import → the same episode", async () => {
    const source = await createPodcastFeed();
    const original = await publish(source.slug, source.admin, EPISODE);
    const target = await createPodcastFeed();
    const result = await importOk(target.slug, target.admin, await rssOf(source.slug));
    expect(result).toMatchObject({ created: 1, rejected: 0 });
    const [copy] = await listArticles(target.slug, target.admin);
    expect(copy?.podcast).toEqual(original.podcast);
    expect(copy && sameMedia(copy)).toEqual(sameMedia(original));
    expect(copy?.image).toBe(original.image);
  });

  it("reads Ferry's export back: export → import → identical podcast fields and attachments", async () => {
    const source = await createPodcastFeed();
    const original = await publish(source.slug, source.admin, {
      ...EPISODE,
      attachments: [{ ...EPISODE.attachments[0], title: "MP3", duration_in_seconds: 1834.25 }],
    });
    const exported = await SELF.fetch(`${ORIGIN}/v1/feeds/${source.slug}/export`, {
      headers: { authorization: `Bearer ${source.admin}` },
    });
    const raw = await exported.text();
    expect(JSON.parse(raw)._ferry).toMatchObject({ content: "full", podcast: PODCAST_SETTINGS });
    const target = await createPodcastFeed();
    expect(await importOk(target.slug, target.admin, raw, "application/feed+json")).toMatchObject({
      created: 1,
    });
    const [copy] = await listArticles(target.slug, target.admin);
    expect(copy?.podcast).toEqual(original.podcast);
    expect(copy?.attachments).toEqual(original.attachments);
  });

  it("reads another host's itunes: and podcast: tags", async () => {
    const { slug, admin } = await createPodcastFeed();
    const document = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel><title>Elsewhere</title><link>https://elsewhere.example/</link><description>d</description>
<item><title>Zero</title><guid>ep-0</guid><pubDate>Mon, 05 Jan 2015 09:30:00 +0000</pubDate>
<enclosure url="https://elsewhere.example/0.mp3" length="1000" type="audio/mpeg; codecs=mp3"/>
<itunes:duration>00:30:34</itunes:duration><itunes:episode>0</itunes:episode><itunes:season>3</itunes:season>
<itunes:episodeType>Bonus</itunes:episodeType><itunes:explicit>yes</itunes:explicit>
<podcast:transcript url="/0.vtt" type="text/vtt; charset=utf-8" language="en_GB"/>
<podcast:chapters url="https://elsewhere.example/0.json" type="application/json+chapters"/></item>
<item><title>No length</title><guid>ep-1</guid><enclosure url="https://elsewhere.example/1.mp3" length="0" type="audio/mpeg"/></item>
</channel></rss>`;
    const result = await importOk(slug, admin, document);
    expect(result.items.map((i) => i.status)).toEqual(["created", "rejected"]);
    expect(result.items[1]?.errors?.map((e) => e.pointer)).toEqual(["/attachments/0/size_in_bytes"]);
    const [episode] = await listArticles(slug, admin);
    expect(episode?.attachments).toEqual([
      {
        url: "https://elsewhere.example/0.mp3",
        mime_type: "audio/mpeg",
        size_in_bytes: 1000,
        duration_in_seconds: 1834,
      },
    ]);
    // Episode 0 is not a number Apple takes; it is left out rather than costing the episode its import.
    expect(episode?.podcast).toEqual({
      season: 3,
      episode_type: "bonus",
      explicit: true,
      transcripts: [{ url: "https://elsewhere.example/0.vtt", mime_type: "text/vtt", language: "en-GB" }],
      chapters_url: "https://elsewhere.example/0.json",
    });
    // The same document goes into a feed that is no podcast whole.
    const plain = await createFeedWith({});
    expect(await importOk(plain.slug, plain.admin, document)).toMatchObject({ created: 2, rejected: 0 });
  });
});

describe("hostile values in every new field", () => {
  it.each(NASTY_STRINGS)("keep every format well-formed and read back as stored: %j", async (nasty) => {
    const podcast = {
      ...PODCAST_SETTINGS,
      author: nasty,
      owner: { name: nasty, email: "ada@radio.example" },
      image: 'https://radio.example/art.jpg?a=1&b="<x>"',
      funding: [{ url: "https://radio.example/give?a=<b>&c='d'", title: nasty }],
    };
    const { slug, admin, feed } = await createFeedWith({ language: "en", title: nasty, podcast });
    const stored = await publish(slug, admin, {
      ...EPISODE,
      title: nasty,
      summary: nasty,
      image: "https://radio.example/1.png?x=]]>&y=<z>",
      attachments: [
        { ...EPISODE.attachments[0], title: nasty, url: "https://cdn.radio.example/1.mp3?&<>\"'" },
      ],
      podcast: {
        ...EPISODE.podcast,
        transcripts: [{ url: "https://radio.example/t?]]>", mime_type: "text/vtt" }],
      },
    });
    const { rssXml, atomXml, rss } = await readAllFormats(slug);
    expect(rssProblems(rssXml)).toEqual([]);
    expect(atomProblems(atomXml)).toEqual([]);
    expect(rss.itunes?.author).toBe(feed.podcast?.author);
    expect(rss.itunes?.owner?.name).toBe(feed.podcast?.owner?.name);
    expect(rss.itunes?.image).toBe(podcast.image);
    expect(rss.podcast?.fundings).toEqual([
      { url: podcast.funding[0]?.url, display: feed.podcast?.funding?.[0]?.title },
    ]);
    const item = rss.items?.[0];
    expect(item?.title).toBe(stored.title);
    expect(item?.enclosures?.[0]?.url).toBe(stored.attachments[0]?.url);
    expect(item?.itunes?.image).toBe(stored.image);
    expect(item?.podcast?.transcripts?.[0]?.url).toBe("https://radio.example/t?]]>");
  });
});
