import { parseJsonFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { renderJsonFeed } from "../../src/feeds/json-feed";
import {
  ARTICLE_ID,
  expectedClean,
  IMPORTED_GUIDS,
  makeArticle,
  makeDocument,
  makeFullDocument,
  NASTY_STRINGS,
  newsUrls,
  sampleArticle,
} from "./feed-fixtures";

// biome-ignore lint/suspicious/noExplicitAny: the raw JSON is inspected key by key.
type Json = any;

function parseRaw(json: string): Json {
  return JSON.parse(json);
}

/** Every null anywhere in a JSON value: absent keys must be left out instead. */
function findNulls(value: Json, path = "$"): string[] {
  if (value === null) return [path];
  if (typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, child]) => findNulls(child, `${path}.${key}`));
}

describe("renderJsonFeed with every field set", () => {
  const doc = makeFullDocument();
  const json = renderJsonFeed(doc);
  const raw = parseRaw(json);
  const feed = parseJsonFeed(json);

  it("is JSON Feed 1.1 without nulls", () => {
    expect(raw.version).toBe("https://jsonfeed.org/version/1.1");
    expect(findNulls(raw)).toEqual([]);
  });

  it("describes the feed", () => {
    expect(feed.title).toBe("News");
    expect(feed.home_page_url).toBe("https://news.example.com/");
    expect(feed.feed_url).toBe("https://ferry.test/feeds/news/feed.json");
    expect(feed.description).toBe("All the news");
    expect(feed.icon).toBe("https://news.example.com/icon.png");
    expect(feed.language).toBe("en-GB");
    expect(feed.next_url).toBe("https://ferry.test/feeds/news/feed.json?before=abc");
    expect(feed.hubs).toEqual([
      { type: "WebSub", url: "https://hub.example.com/" },
      { type: "WebSub", url: "https://pubsubhubbub.example.org/?a=1&b=2" },
    ]);
    // JSON Feed authors have no email field; the URL wins over a mailto: fallback.
    expect(feed.authors).toEqual([{ name: "Editors", url: "https://news.example.com/about" }]);
    expect(raw.author).toBeUndefined();
  });

  it("describes the item", () => {
    const article = doc.items[0];
    expect(raw.items[0]).toEqual({
      id: ARTICLE_ID,
      url: "https://news.example.com/full",
      external_url: "https://elsewhere.example.org/story",
      title: "Full article",
      content_html: article?.contentHtml,
      content_text: "Body with a link & more",
      summary: "The short version",
      image: "https://news.example.com/full.jpg",
      banner_image: "https://news.example.com/full-banner.jpg",
      date_published: "2015-01-12T15:30:00Z",
      date_modified: "2015-01-13T08:05:09.250Z",
      authors: [
        { name: "Ada", url: "https://ada.example.com/", avatar: "https://a.example/ada.png" },
        { name: "Grace", url: "https://grace.example.com/" },
      ],
      tags: ["science", "history"],
      language: "fr",
      attachments: [
        {
          url: "https://cdn.example.com/episode.mp3",
          mime_type: "audio/mpeg",
          title: "Episode 1",
          size_in_bytes: 123456,
          duration_in_seconds: 3600,
        },
        { url: "https://cdn.example.com/notes.pdf", mime_type: "application/pdf" },
      ],
    });
    expect(feed.items?.[0]?.id).toBe(ARTICLE_ID);
    expect(feed.items?.[0]?.attachments?.[0]?.size_in_bytes).toBe(123456);
  });
});

describe("renderJsonFeed ids", () => {
  it("uses an imported article's original GUID as the item id, and the article id otherwise", () => {
    const items = [
      makeArticle({ guid: IMPORTED_GUIDS.plain }),
      makeArticle({ guid: IMPORTED_GUIDS.url }),
      makeArticle(),
    ];
    const raw = parseRaw(renderJsonFeed(makeDocument({ items })));
    expect(raw.items.map((item: { id: string }) => item.id)).toEqual([
      IMPORTED_GUIDS.plain,
      IMPORTED_GUIDS.url,
      ARTICLE_ID,
    ]);
  });
});

describe("renderJsonFeed fallbacks", () => {
  it("renders an empty feed with only the required keys and Ferry's page as home page", () => {
    const raw = parseRaw(renderJsonFeed(makeDocument()));
    expect(raw).toEqual({
      version: "https://jsonfeed.org/version/1.1",
      title: "News",
      home_page_url: "https://ferry.test/feeds/news/",
      feed_url: "https://ferry.test/feeds/news/feed.json",
      items: [],
    });
  });

  it("points feed_url at this page and next_url at the next, older one", () => {
    const doc = makeDocument({
      urls: newsUrls("abc"),
      paging: { first: newsUrls(), next: newsUrls("def"), archived: true },
    });
    const raw = parseRaw(renderJsonFeed(doc));
    expect(raw.feed_url).toBe("https://ferry.test/feeds/news/feed.json?before=abc");
    expect(raw.next_url).toBe("https://ferry.test/feeds/news/feed.json?before=def");
    expect(raw.home_page_url).toBe("https://ferry.test/feeds/news/");
    const last = makeDocument({
      urls: newsUrls("def"),
      paging: { first: newsUrls(), next: null, archived: true },
    });
    expect(parseRaw(renderJsonFeed(last))).not.toHaveProperty("next_url");
  });

  it("leaves absent keys out of a bare article and still gives it content", () => {
    const json = renderJsonFeed(makeDocument({ items: [makeArticle()] }));
    expect(json).not.toMatch(/undefined|null|NaN/);
    expect(parseRaw(json).items[0]).toEqual({
      id: ARTICLE_ID,
      title: "A headline",
      content_text: "A headline",
      date_published: "2015-01-12T15:30:00Z",
    });
    expect(parseJsonFeed(json).items).toHaveLength(1);
  });

  it("uses the summary, then the title, as content_text when there is no body", () => {
    const raw = parseRaw(renderJsonFeed(makeDocument({ items: [makeArticle({ summary: "Short" })] })));
    expect(raw.items[0].content_text).toBe("Short");
    expect(raw.items[0].summary).toBe("Short");
  });

  it("keeps only the body fields that exist", () => {
    const raw = parseRaw(renderJsonFeed(makeDocument({ items: [makeArticle({ contentHtml: "<p>x</p>" })] })));
    expect(raw.items[0].content_html).toBe("<p>x</p>");
    expect(raw.items[0]).not.toHaveProperty("content_text");
  });

  it("turns an email-only author into a mailto: URL and drops authors with nothing to say", () => {
    const authors = [{ email: "e@example.com" }, { avatar: "https://a.example/a.png" }, {}];
    const raw = parseRaw(renderJsonFeed(makeDocument({ authors, items: [makeArticle({ authors: [{}] })] })));
    expect(raw.authors).toEqual([{ url: "mailto:e@example.com" }, { avatar: "https://a.example/a.png" }]);
    expect(raw.items[0]).not.toHaveProperty("authors");
  });

  it("skips empty tags", () => {
    const raw = parseRaw(renderJsonFeed(makeDocument({ items: [makeArticle({ tags: ["", "x"] })] })));
    expect(raw.items[0].tags).toEqual(["x"]);
  });
});

describe("renderJsonFeed with hostile text", () => {
  it.each(NASTY_STRINGS)("round-trips %j in every text field, cleaned like the XML feeds", (nasty) => {
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
          contentText: nasty,
          authors: [{ name: nasty }],
          tags: [nasty],
          attachments: [{ url: "https://cdn.example.com/a.mp3", mimeType: "audio/mpeg", title: nasty }],
        }),
      ],
    });
    const json = renderJsonFeed(doc);
    // No lone surrogate escapes either: strict UTF-8 decoders in other languages reject them.
    expect(json).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/i);
    expect(expectedClean(json)).toBe(json);

    const feed = parseJsonFeed(json);
    expect(feed.title).toBe(clean);
    expect(feed.description).toBe(clean);
    expect(feed.authors).toEqual([{ name: clean }]);
    const item = parseRaw(json).items[0];
    expect(item.title).toBe(clean);
    expect(item.summary).toBe(clean);
    expect(item.content_html).toBe(clean);
    expect(item.content_text).toBe(clean);
    expect(item.authors).toEqual([{ name: clean }]);
    expect(item.tags).toEqual([clean]);
    expect(item.attachments[0].title).toBe(clean);
  });
});

describe("renderJsonFeed with the sample article", () => {
  it("carries the sample through with its JSON Feed field names", () => {
    const article = sampleArticle();
    const json = renderJsonFeed(makeDocument({ items: [article] }));
    const item = parseJsonFeed(json).items?.[0];
    expect(item?.title).toBe(article.title);
    expect(item?.url).toBe(article.url);
    expect(item?.summary).toBe(article.summary);
    expect(item?.content_html).toBe(article.contentHtml);
    expect(item?.authors).toEqual([{ name: "News Desk" }]);
    expect(item?.tags).toEqual(["film", "alibaba", "china", "business"]);
    expect(item?.date_published).toBe("2015-01-12T15:30:00Z");
  });
});
