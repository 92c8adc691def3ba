import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import type { PodcastSettings } from "../../src/domain/feed";
import { podcastGuid } from "../../src/domain/feed-podcast";
import { renderAtom } from "../../src/feeds/atom";
import { renderJsonFeed } from "../../src/feeds/json-feed";
import { imageTypeOf, mediumOf } from "../../src/feeds/media-rss";
import { renderRss } from "../../src/feeds/rss";
import { rssProblems } from "../support/feed-validity";
import {
  expectedClean,
  expectSoundXml,
  makeArticle,
  makeDocument,
  NASTY_STRINGS,
  newsUrls,
  xmlParser,
} from "./feed-fixtures";

const SHOW: PodcastSettings = {
  image: "https://news.example.com/show.png",
  categories: ["Society & Culture/Documentary", "Technology", "Society & Culture/Philosophy"],
  explicit: false,
};

const EPISODE = makeArticle({
  title: "Episode",
  attachments: [
    { url: "https://cdn.example.com/e.mp3", mimeType: "audio/mpeg", sizeInBytes: 5, durationInSeconds: 59.5 },
  ],
  podcast: { episode: 7, explicit: false },
});

const podcastDocument = (podcast: PodcastSettings = SHOW, items = [EPISODE]) =>
  makeDocument({ language: "en", podcast, items });

const channelOf = (xml: string) => xmlParser.parse(xml).rss.channel;

describe("renderRss for a podcast", () => {
  it("nests each subcategory in its category, each category once, in the order first listed", () => {
    const xml = renderRss(podcastDocument());
    expect(rssProblems(xml)).toEqual([]);
    expect(parseRssFeed(xml).itunes?.categories).toEqual([
      { text: "Society & Culture", categories: [{ text: "Documentary" }, { text: "Philosophy" }] },
      { text: "Technology" },
    ]);
    expect(xml).toContain('<itunes:category text="Society &amp; Culture">');
  });

  it("names the GUID of the subscription document on an older page too", () => {
    const older = podcastDocument();
    older.urls = newsUrls("abc");
    older.paging = { first: newsUrls(), next: null, archived: true };
    expect(parseRssFeed(renderRss(older)).podcast?.guid).toBe(
      podcastGuid("https://ferry.test/feeds/news/rss.xml"),
    );
  });

  it("writes a lock that is off as no, and leaves out complete unless the show is complete", () => {
    const owner = { email: "o@example.com" };
    const channel = channelOf(renderRss(podcastDocument({ ...SHOW, owner, locked: false, complete: false })));
    expect(channel["podcast:locked"]).toEqual({ "#text": "no", "@_owner": "o@example.com" });
    expect(channel["itunes:complete"]).toBeUndefined();
    expect(channel["itunes:owner"]).toEqual({ "itunes:email": "o@example.com" });
  });

  it("falls back to the feed's author's name for itunes:author", () => {
    const doc = podcastDocument();
    doc.authors = [{ name: "Desk", email: "desk@example.com" }];
    expect(parseRssFeed(renderRss(doc)).itunes?.author).toBe("Desk");
  });

  it("gives the duration in whole seconds, from the enclosed audio", () => {
    const item = channelOf(renderRss(podcastDocument())).item[0];
    expect(item["itunes:duration"]).toBe("60");
    expect(item["itunes:explicit"]).toBe("false");
    expect(item["itunes:episode"]).toBe("7");
  });

  it("writes no podcast tags, and declares neither namespace, in a feed that is no podcast", () => {
    const xml = renderRss(makeDocument({ items: [EPISODE] }));
    expect(rssProblems(xml)).toEqual([]);
    expect(xml).not.toMatch(/itunes|podcastindex/);
  });

  it.each(NASTY_STRINGS)("stays well-formed with %j in every text setting", (nasty) => {
    const podcast: PodcastSettings = {
      ...SHOW,
      author: nasty,
      owner: { name: nasty, email: "o@example.com" },
      funding: [{ url: "https://give.example/?a=1&b=<2>", title: nasty }],
      locked: true,
    };
    const xml = renderRss(podcastDocument(podcast));
    expectSoundXml(xml);
    expect(rssProblems(xml)).toEqual([]);
    const feed = parseRssFeed(xml);
    const clean = expectedClean(nasty);
    // feedsmith trims text; the raw parse keeps it exactly.
    const channel = channelOf(xml);
    expect(channel["itunes:author"]).toBe(clean);
    expect(channel["itunes:owner"]["itunes:name"]).toBe(clean);
    expect(channel["podcast:funding"]).toEqual({
      "#text": clean,
      "@_url": "https://give.example/?a=1&b=<2>",
    });
    expect(feed.podcast?.locked).toEqual({ value: true, owner: "o@example.com" });
  });
});

describe("excerpt documents", () => {
  const article = makeArticle({
    summary: null,
    contentHtml: "<p>The <b>whole</b> story</p>",
    contentText: "The whole story",
    url: "https://news.example.com/s",
  });
  const doc = makeDocument({ content: "excerpt", items: [article] });

  it("carry a text excerpt instead of the body in RSS, Atom and JSON Feed", () => {
    const rss = parseRssFeed(renderRss(doc)).items?.[0];
    expect(rss?.description).toBe("The whole story");
    expect(rss?.content).toBeUndefined();
    const entry = parseAtomFeed(renderAtom(doc)).entries?.[0];
    expect(entry?.summary?.value).toBe("The whole story");
    expect(entry?.content).toBeUndefined();
    const item = parseJsonFeed(JSON.parse(renderJsonFeed(doc))).items?.[0];
    expect(item?.content_html).toBeUndefined();
    expect(item?.content_text).toBe("The whole story");
  });

  it("leave the document's own items untouched", () => {
    renderRss(doc);
    expect(doc.items[0]?.contentHtml).toBe("<p>The <b>whole</b> story</p>");
  });
});

describe("Media RSS helpers", () => {
  it("name the medium of a MIME type, or none", () => {
    expect(
      ["image/png", "AUDIO/MPEG", "video/mp4", "text/vtt", "application/pdf", "application/zip"].map(
        mediumOf,
      ),
    ).toEqual(["image", "audio", "video", "document", "document", undefined]);
  });

  it("tell an image's type from its file extension only", () => {
    expect(imageTypeOf("https://x.example/a/b.JPG?size=2")).toBe("image/jpeg");
    expect(imageTypeOf("https://x.example/a.webp#f")).toBe("image/webp");
    expect(imageTypeOf("https://x.example/a.b/c")).toBeUndefined();
    expect(imageTypeOf("https://x.example/picture")).toBeUndefined();
    expect(imageTypeOf("https://x.example/a.constructor")).toBeUndefined();
    expect(imageTypeOf("not a url")).toBeUndefined();
  });
});
