import { parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { renderRss } from "../../src/feeds/rss";
import {
  ARTICLE_ID,
  expectedClean,
  expectSoundXml,
  IMPORTED_GUIDS,
  makeArticle,
  makeDocument,
  makeFullDocument,
  NASTY_STRINGS,
  newsUrls,
  PUBLISHED_MS,
  sampleArticle,
  UPDATED_MS,
  xmlParser,
} from "./feed-fixtures";

// Raw view of the document, for what feedsmith normalises away (attribute spelling, namespaces).
function parseChannel(xml: string) {
  return xmlParser.parse(xml).rss.channel;
}

describe("renderRss with every field set", () => {
  const doc = makeFullDocument();
  const xml = renderRss(doc);
  const feed = parseRssFeed(xml);
  const item = feed.items?.[0];

  it("is a sound RSS 2.0 document declaring the namespaces it uses, and no other", () => {
    expectSoundXml(xml);
    const rss = xmlParser.parse(xml).rss;
    expect(rss["@_version"]).toBe("2.0");
    expect(rss["@_xmlns:atom"]).toBe("http://www.w3.org/2005/Atom");
    expect(rss["@_xmlns:content"]).toBe("http://purl.org/rss/1.0/modules/content/");
    expect(rss["@_xmlns:dc"]).toBe("http://purl.org/dc/elements/1.1/");
    expect(rss["@_xmlns:media"]).toBe("http://search.yahoo.com/mrss/");
    // No archive marker on the first page, and not a podcast: these prefixes are unused, so undeclared.
    expect(rss["@_xmlns:fh"]).toBeUndefined();
    expect(rss["@_xmlns:itunes"]).toBeUndefined();
    expect(rss["@_xmlns:podcast"]).toBeUndefined();
  });

  it("describes the channel", () => {
    expect(feed.title).toBe("News");
    expect(feed.link).toBe("https://news.example.com/");
    expect(feed.description).toBe("All the news");
    expect(feed.language).toBe("en-GB");
    expect(feed.lastBuildDate).toBe("Wed, 14 Jan 2015 00:00:00 GMT");
    expect(Date.parse(feed.lastBuildDate ?? "")).toBe(UPDATED_MS);
    expect(feed.generator).toBe("Ferry 0.1.0");
    expect(feed.docs).toBe("https://www.rssboard.org/rss-specification");
    expect(feed.image).toEqual({
      url: "https://news.example.com/icon.png",
      title: "News",
      link: "https://news.example.com/",
    });
    expect(feed.managingEditor).toEqual({ email: "editors@news.example.com", name: "Editors" });
  });

  it("links to itself, its hubs, its first page and its next, older page (RFC 5005)", () => {
    expect(feed.atom?.links).toEqual([
      { rel: "self", href: "https://ferry.test/feeds/news/rss.xml", type: "application/rss+xml" },
      { rel: "hub", href: "https://hub.example.com/" },
      { rel: "hub", href: "https://pubsubhubbub.example.org/?a=1&b=2" },
      { rel: "first", href: "https://ferry.test/feeds/news/rss.xml" },
      { rel: "next", href: "https://ferry.test/feeds/news/rss.xml?before=abc" },
      { rel: "prev-archive", href: "https://ferry.test/feeds/news/rss.xml?before=abc" },
    ]);
    expect(parseChannel(xml)["fh:archive"]).toBeUndefined();
  });

  it("describes the item", () => {
    expect(item?.title).toBe("Full article");
    expect(item?.link).toBe("https://news.example.com/full");
    expect(item?.guid).toEqual({ value: ARTICLE_ID, isPermaLink: false });
    expect(item?.description).toBe("The short version");
    expect(item?.content?.encoded).toBe(doc.items[0]?.contentHtml);
    expect(item?.categories).toEqual([{ name: "science" }, { name: "history" }]);
    expect(item?.pubDate).toBe("Mon, 12 Jan 2015 15:30:00 GMT");
    expect(item?.dc?.languages).toEqual(["fr"]);
    expect(item?.atom?.links).toEqual([{ rel: "related", href: "https://elsewhere.example.org/story" }]);
  });

  it("puts the first author with an email in <author> and the others in dc:creator", () => {
    const raw = parseChannel(xml).item[0];
    expect(raw.author).toEqual(["ada@news.example.com (Ada)"]);
    expect(item?.dc?.creators).toEqual(["Grace"]);
  });

  it("writes one enclosure (the audio) and every attachment and the image as media:content", () => {
    expect(item?.enclosures).toEqual([
      { url: "https://cdn.example.com/episode.mp3", length: 123456, type: "audio/mpeg" },
    ]);
    expect(item?.media?.contents).toEqual([
      { url: "https://news.example.com/full.jpg", medium: "image", type: "image/jpeg" },
      {
        url: "https://cdn.example.com/episode.mp3",
        type: "audio/mpeg",
        medium: "audio",
        fileSize: 123456,
        duration: 3600,
      },
      { url: "https://cdn.example.com/notes.pdf", type: "application/pdf", medium: "document" },
    ]);
    expect(item?.media?.thumbnails).toEqual([{ url: "https://news.example.com/full.jpg" }]);
  });

  it("encloses the audio or video even when another attachment comes first", () => {
    const attachments = [
      { url: "https://cdn.example.com/cover.png", mimeType: "image/png", sizeInBytes: 10 },
      { url: "https://cdn.example.com/talk.mp4", mimeType: "video/mp4", sizeInBytes: 99 },
    ];
    const item = parseRssFeed(renderRss(makeDocument({ items: [makeArticle({ attachments })] }))).items?.[0];
    expect(item?.enclosures).toEqual([
      { url: "https://cdn.example.com/talk.mp4", length: 99, type: "video/mp4" },
    ]);
    expect(item?.media?.contents?.map((c) => c.medium)).toEqual(["image", "video"]);
  });
});

describe("renderRss GUIDs", () => {
  it("writes an imported article's original GUID verbatim, never as a permalink", () => {
    const guids = Object.values(IMPORTED_GUIDS);
    const xml = renderRss(makeDocument({ items: guids.map((guid) => makeArticle({ guid })) }));
    expectSoundXml(xml);
    expect(parseRssFeed(xml).items?.map((item) => item.guid)).toEqual(
      guids.map((value) => ({ value, isPermaLink: false })),
    );
  });
});

describe("renderRss paging", () => {
  it("marks an older page as an RFC 5005 archive document that links back to the subscription feed", () => {
    const doc = makeDocument({
      urls: newsUrls("abc"),
      paging: { first: newsUrls(), next: newsUrls("def"), archived: true },
    });
    const xml = renderRss(doc);
    expectSoundXml(xml);
    expect(parseChannel(xml)["fh:archive"]).toBe("");
    expect(parseRssFeed(xml).atom?.links).toEqual([
      { rel: "self", href: "https://ferry.test/feeds/news/rss.xml?before=abc", type: "application/rss+xml" },
      { rel: "first", href: "https://ferry.test/feeds/news/rss.xml" },
      { rel: "current", href: "https://ferry.test/feeds/news/rss.xml" },
      { rel: "next", href: "https://ferry.test/feeds/news/rss.xml?before=def" },
      { rel: "prev-archive", href: "https://ferry.test/feeds/news/rss.xml?before=def" },
    ]);
  });

  it("gives the last older page no next link", () => {
    const doc = makeDocument({
      urls: newsUrls("abc"),
      paging: { first: newsUrls(), next: null, archived: true },
    });
    const rels = parseRssFeed(renderRss(doc)).atom?.links?.map((l) => l.rel);
    expect(rels).toEqual(["self", "first", "current"]);
  });

  it("adds no paging links to a feed that fits on one page", () => {
    expect(parseRssFeed(renderRss(makeDocument())).atom?.links?.map((l) => l.rel)).toEqual(["self"]);
  });
});

describe("renderRss fallbacks", () => {
  it("falls back to Ferry's HTML page for the required channel link when there is no home page", () => {
    expect(parseRssFeed(renderRss(makeDocument())).link).toBe("https://ferry.test/feeds/news/");
    const older = makeDocument({
      urls: newsUrls("abc"),
      paging: { first: newsUrls(), next: null, archived: true },
    });
    expect(parseRssFeed(renderRss(older)).link).toBe("https://ferry.test/feeds/news/");
  });

  it("uses the title as the required description when the feed has none", () => {
    expect(parseRssFeed(renderRss(makeDocument({ description: null }))).description).toBe("News");
    expect(parseRssFeed(renderRss(makeDocument({ description: "" }))).description).toBe("News");
  });

  it("renders an empty feed", () => {
    const xml = renderRss(makeDocument());
    expectSoundXml(xml);
    expect(parseChannel(xml).item).toBeUndefined();
    expect(xml).not.toContain('atom:link rel="next"');
    expect(xml).not.toContain("<image>");
  });

  it("never writes undefined for a bare article (no url, summary, content or authors)", () => {
    const xml = renderRss(makeDocument({ items: [makeArticle()] }));
    expectSoundXml(xml);
    const raw = parseChannel(xml).item[0];
    expect(Object.keys(raw).sort()).toEqual(["guid", "pubDate", "title"]);
    expect(raw.guid).toEqual({ "#text": ARTICLE_ID, "@_isPermaLink": "false" });
  });

  it("links to the external URL when the article has no URL of its own", () => {
    const xml = renderRss(makeDocument({ items: [makeArticle({ externalUrl: "https://other.example/x" })] }));
    const item = parseRssFeed(xml).items?.[0];
    expect(item?.link).toBe("https://other.example/x");
    expect(item?.atom).toBeUndefined();
  });

  it("writes length 0 when an enclosure's size is unknown", () => {
    const attachments = [{ url: "https://cdn.example.com/a.ogg", mimeType: "audio/ogg" }];
    const xml = renderRss(makeDocument({ items: [makeArticle({ attachments })] }));
    expect(parseChannel(xml).item[0].enclosure).toEqual({
      "@_url": "https://cdn.example.com/a.ogg",
      "@_length": "0",
      "@_type": "audio/ogg",
    });
  });

  it("names authors without an email by name, then email, then URL, and skips avatar-only ones", () => {
    const authors = [
      { url: "https://only-url.example/" },
      { avatar: "https://a.example/x.png" },
      { name: "Named" },
      { email: "first@example.com" },
      { email: "second@example.com", name: "Second" },
    ];
    const raw = parseChannel(renderRss(makeDocument({ items: [makeArticle({ authors })] }))).item[0];
    expect(raw.author).toEqual(["first@example.com"]);
    expect(raw["dc:creator"]).toEqual(["https://only-url.example/", "Named", "Second"]);
  });

  it("writes a plain-text body as escaped HTML paragraphs", () => {
    const contentText = "Tom & <Jerry>\nsecond line\r\n\r\nnext paragraph";
    const item = parseRssFeed(renderRss(makeDocument({ items: [makeArticle({ contentText })] }))).items?.[0];
    expect(item?.content?.encoded).toBe("<p>Tom &amp; &lt;Jerry&gt;<br>second line</p><p>next paragraph</p>");
    expect(item?.description).toBe("Tom & <Jerry> second line next paragraph");
  });

  it("makes a plain-text description from the HTML body when there is no summary", () => {
    const contentHtml = "<p>One &amp; <b>two</b></p><script>skip()</script><p>three&nbsp;four</p>";
    const item = parseRssFeed(renderRss(makeDocument({ items: [makeArticle({ contentHtml })] }))).items?.[0];
    expect(item?.description).toBe("One & two three four"); // whitespace, NBSP included, collapses
    expect(item?.content?.encoded).toBe(contentHtml);
  });

  it("cuts a long description excerpt at 300 code points without splitting a surrogate pair", () => {
    const contentHtml = `<p>${"𝕏".repeat(500)}</p>`;
    const raw = parseChannel(renderRss(makeDocument({ items: [makeArticle({ contentHtml })] }))).item[0];
    const description: string = raw.description;
    expect(Array.from(description)).toHaveLength(300);
    expect(description).toBe(`${"𝕏".repeat(299)}…`);
  });
});

describe("renderRss with hostile text", () => {
  it.each(NASTY_STRINGS)("stays well-formed and round-trips %j in every text field", (nasty) => {
    const clean = expectedClean(nasty);
    const doc = makeDocument({
      title: nasty,
      description: nasty,
      authors: [{ name: nasty }],
      items: [
        makeArticle({
          title: nasty,
          summary: nasty,
          contentHtml: nasty,
          authors: [{ name: nasty, email: "a@example.com" }, { name: nasty }],
          tags: [nasty, "plain"],
          url: "https://news.example.com/?q=a&b=<c>",
        }),
      ],
    });
    const xml = renderRss(doc);
    expectSoundXml(xml);

    const feed = parseRssFeed(xml);
    expect(feed.title).toBe(clean);
    expect(feed.description).toBe(clean);
    expect(feed.dc?.creators).toEqual([clean]);
    const item = feed.items?.[0];
    expect(item?.title).toBe(clean);
    expect(item?.link).toBe("https://news.example.com/?q=a&b=<c>");
    expect(item?.description).toBe(clean);
    expect(item?.content?.encoded).toBe(clean);
    expect(item?.categories).toEqual([{ name: clean }, { name: "plain" }]);
    expect(item?.dc?.creators).toEqual([clean]);
    // feedsmith decodes entities again inside "email (name)", so the raw parse checks <author>.
    expect(parseChannel(xml).item[0].author).toEqual([`a@example.com (${clean})`]);
  });
});

describe("renderRss with the sample article", () => {
  it("carries the sample through unchanged", () => {
    const article = sampleArticle();
    const xml = renderRss(makeDocument({ items: [article] }));
    expectSoundXml(xml);
    const item = parseRssFeed(xml).items?.[0];
    expect(item?.title).toBe("Alibaba grabs Wong Kar-wai for its movie studio's first film");
    expect(item?.link).toBe(article.url);
    expect(item?.description).toBe(article.summary);
    expect(item?.content?.encoded).toBe(article.contentHtml);
    expect(item?.categories?.map((c) => c.name)).toEqual(["film", "alibaba", "china", "business"]);
    expect(item?.dc?.creators).toEqual(["News Desk"]);
    expect(item?.pubDate).toBe("Mon, 12 Jan 2015 15:30:00 GMT");
    expect(Date.parse(item?.pubDate ?? "")).toBe(PUBLISHED_MS);
  });
});
