import { parseAtomFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { IMPORTED_GUID_NAMESPACE } from "../../src/domain/guid-uri";
import { nameUuid } from "../../src/domain/uuid";
import { renderAtom } from "../../src/feeds/atom";
import {
  ARTICLE_ID,
  expectedClean,
  expectSoundXml,
  FEED_ID,
  IMPORTED_GUIDS,
  makeArticle,
  makeDocument,
  makeFullDocument,
  NASTY_STRINGS,
  newsUrls,
  sampleArticle,
  xmlParser,
} from "./feed-fixtures";

const ENTRY_ID = `urn:uuid:${ARTICLE_ID}`;

function parseRawFeed(xml: string) {
  return xmlParser.parse(xml).feed;
}

describe("renderAtom with every field set", () => {
  const doc = makeFullDocument();
  const xml = renderAtom(doc);
  const feed = parseAtomFeed(xml);
  const entry = feed.entries?.[0];

  it("is a sound Atom document in the Atom namespace, declaring the extensions it uses and no other", () => {
    expectSoundXml(xml);
    const raw = parseRawFeed(xml);
    expect(raw["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(raw["@_xmlns:media"]).toBe("http://search.yahoo.com/mrss/");
    // The first page of a feed is no archive: fh is unused, so undeclared.
    expect(raw["@_xmlns:fh"]).toBeUndefined();
    expect(raw["@_xml:lang"]).toBe("en-GB");
  });

  it("describes the feed", () => {
    expect(feed.id).toBe(FEED_ID);
    expect(feed.title).toEqual({ value: "News", type: "text" });
    expect(feed.subtitle).toEqual({ value: "All the news", type: "text" });
    expect(feed.updated).toBe("2015-01-14T00:00:00Z");
    expect(feed.authors).toEqual([
      { name: "Editors", uri: "https://news.example.com/about", email: "editors@news.example.com" },
    ]);
    expect(feed.icon).toBe("https://news.example.com/icon.png");
    expect(feed.generator).toEqual({ text: "Ferry", uri: "https://ferry.test/docs", version: "0.1.0" });
  });

  it("links to itself, its page, its hubs, its first page and its next, older page (RFC 5005)", () => {
    expect(feed.links).toEqual([
      { rel: "self", type: "application/atom+xml", href: "https://ferry.test/feeds/news/atom.xml" },
      { rel: "alternate", type: "text/html", href: "https://news.example.com/" },
      { rel: "hub", href: "https://hub.example.com/" },
      { rel: "hub", href: "https://pubsubhubbub.example.org/?a=1&b=2" },
      { rel: "first", href: "https://ferry.test/feeds/news/atom.xml" },
      { rel: "next", href: "https://ferry.test/feeds/news/atom.xml?before=abc" },
      { rel: "prev-archive", href: "https://ferry.test/feeds/news/atom.xml?before=abc" },
    ]);
    expect(parseRawFeed(xml)["fh:archive"]).toBeUndefined();
  });

  it("describes the entry", () => {
    expect(entry?.id).toBe(ENTRY_ID);
    expect(entry?.title).toEqual({ value: "Full article", type: "text" });
    expect(entry?.published).toBe("2015-01-12T15:30:00Z");
    expect(entry?.updated).toBe("2015-01-13T08:05:09.250Z");
    expect(entry?.summary).toEqual({ value: "The short version", type: "text" });
    expect(entry?.content).toEqual({ value: doc.items[0]?.contentHtml, type: "html" });
    expect(entry?.categories).toEqual([{ term: "science" }, { term: "history" }]);
    expect(entry?.xml?.lang).toBe("fr");
    expect(entry?.authors).toEqual([
      { name: "Ada", uri: "https://ada.example.com/", email: "ada@news.example.com" },
      { name: "Grace", uri: "https://grace.example.com/" },
    ]);
  });

  it("links to the article, the related page and every attachment as an enclosure", () => {
    expect(entry?.links).toEqual([
      { rel: "alternate", href: "https://news.example.com/full" },
      { rel: "related", href: "https://elsewhere.example.org/story" },
      {
        rel: "enclosure",
        href: "https://cdn.example.com/episode.mp3",
        type: "audio/mpeg",
        length: 123456,
        title: "Episode 1",
      },
      { rel: "enclosure", href: "https://cdn.example.com/notes.pdf", type: "application/pdf" },
    ]);
  });

  it("gives the image as Media RSS content and thumbnail, not as an enclosure, and every attachment too", () => {
    expect(entry?.media?.contents).toEqual([
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
    expect(entry?.media?.thumbnails).toEqual([{ url: "https://news.example.com/full.jpg" }]);
  });
});

describe("renderAtom ids and dates", () => {
  it("uses urn:uuid URIs as entry ids", () => {
    const ids = ["123e4567-e89b-42d3-a456-426614174000", ARTICLE_ID];
    const xml = renderAtom(
      makeDocument({ authors: [{ name: "A" }], items: ids.map((id) => makeArticle({ id })) }),
    );
    for (const entry of parseAtomFeed(xml).entries ?? []) {
      expect(entry.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(new URL(entry.id ?? "").protocol).toBe("urn:");
    }
  });

  it("uses an imported GUID that is an absolute URI as the entry id, verbatim", () => {
    const items = [makeArticle({ guid: IMPORTED_GUIDS.url }), makeArticle({ guid: IMPORTED_GUIDS.tag })];
    const entries =
      parseAtomFeed(renderAtom(makeDocument({ authors: [{ name: "A" }], items }))).entries ?? [];
    expect(entries.map((entry) => entry.id)).toEqual([IMPORTED_GUIDS.url, IMPORTED_GUIDS.tag]);
  });

  it("gives a GUID that is no URI a name-based urn:uuid, the same on every rendering", async () => {
    const render = () =>
      parseAtomFeed(renderAtom(makeDocument({ items: [makeArticle({ guid: IMPORTED_GUIDS.plain })] })))
        .entries?.[0]?.id;
    const expected = `urn:uuid:${await nameUuid(IMPORTED_GUID_NAMESPACE, IMPORTED_GUIDS.plain)}`;
    expect(render()).toBe(expected);
    expect(render()).toBe(expected);
  });

  it("keeps another Ferry's article id as urn:uuid, so the entry id survives a move", () => {
    const entry = parseAtomFeed(
      renderAtom(makeDocument({ items: [makeArticle({ guid: IMPORTED_GUIDS.uuid })] })),
    ).entries?.[0];
    expect(entry?.id).toBe(`urn:uuid:${IMPORTED_GUIDS.uuid.toLowerCase()}`);
  });

  it("uses the publication date as updated when the article was never modified", () => {
    const entry = parseAtomFeed(renderAtom(makeDocument({ items: [makeArticle()] }))).entries?.[0];
    expect(entry?.published).toBe("2015-01-12T15:30:00Z");
    expect(entry?.updated).toBe("2015-01-12T15:30:00Z");
  });
});

describe("renderAtom authors", () => {
  it("names the feed as its author when neither the feed nor some entry has one", () => {
    const doc = makeDocument({ items: [makeArticle({ authors: [{ name: "Ada" }] }), makeArticle()] });
    expect(parseAtomFeed(renderAtom(doc)).authors).toEqual([{ name: "News" }]);
  });

  it("adds no feed author when every entry has its own", () => {
    const doc = makeDocument({ items: [makeArticle({ authors: [{ name: "Ada" }] })] });
    expect(parseRawFeed(renderAtom(doc)).author).toBeUndefined();
  });

  it("adds no feed author to an empty feed", () => {
    expect(parseRawFeed(renderAtom(makeDocument())).author).toBeUndefined();
  });

  it("always gives an author a name: email, then URL, then unknown", () => {
    const authors = [
      { email: "e@example.com" },
      { url: "https://u.example/" },
      { avatar: "https://a.example/a.png" },
    ];
    const entry = parseAtomFeed(renderAtom(makeDocument({ items: [makeArticle({ authors })] }))).entries?.[0];
    expect(entry?.authors).toEqual([
      { name: "e@example.com", email: "e@example.com" },
      { name: "https://u.example/", uri: "https://u.example/" },
      { name: "unknown" },
    ]);
  });
});

describe("renderAtom paging", () => {
  it("marks an older page as an RFC 5005 archive document with the same feed id", () => {
    const doc = makeDocument({
      urls: newsUrls("abc"),
      paging: { first: newsUrls(), next: newsUrls("def"), archived: true },
    });
    const xml = renderAtom(doc);
    expectSoundXml(xml);
    expect(parseRawFeed(xml)["fh:archive"]).toBe("");
    expect(parseRawFeed(xml)["@_xmlns:fh"]).toBe("http://purl.org/syndication/history/1.0");
    const feed = parseAtomFeed(xml);
    expect(feed.id).toBe(FEED_ID);
    expect(feed.links).toEqual([
      {
        rel: "self",
        type: "application/atom+xml",
        href: "https://ferry.test/feeds/news/atom.xml?before=abc",
      },
      { rel: "alternate", type: "text/html", href: "https://ferry.test/feeds/news/" },
      { rel: "first", href: "https://ferry.test/feeds/news/atom.xml" },
      { rel: "current", href: "https://ferry.test/feeds/news/atom.xml" },
      { rel: "next", href: "https://ferry.test/feeds/news/atom.xml?before=def" },
      { rel: "prev-archive", href: "https://ferry.test/feeds/news/atom.xml?before=def" },
    ]);
  });
});

describe("renderAtom fallbacks", () => {
  it("renders an empty feed without optional elements, paging links or undefined", () => {
    const xml = renderAtom(makeDocument());
    expectSoundXml(xml);
    const raw = parseRawFeed(xml);
    expect(raw.entry).toBeUndefined();
    expect(raw.subtitle).toBeUndefined();
    expect(raw.icon).toBeUndefined();
    expect(raw["@_xml:lang"]).toBeUndefined();
    expect(raw.link).toEqual([
      {
        "@_rel": "self",
        "@_type": "application/atom+xml",
        "@_href": "https://ferry.test/feeds/news/atom.xml",
      },
      { "@_rel": "alternate", "@_type": "text/html", "@_href": "https://ferry.test/feeds/news/" },
    ]);
  });

  it("renders a bare article (no url, summary, content or authors) with required elements only", () => {
    const xml = renderAtom(makeDocument({ items: [makeArticle()] }));
    expectSoundXml(xml);
    const raw = parseRawFeed(xml).entry[0];
    expect(Object.keys(raw).sort()).toEqual(["content", "id", "published", "title", "updated"]);
    // Content stands in for the missing alternate link, which RFC 4287 would otherwise require.
    expect(raw.content).toEqual({ "#text": "A headline", "@_type": "text" });
  });

  it("falls back from HTML to plain text to the summary for content", () => {
    const render = (overrides: Parameters<typeof makeArticle>[0]) =>
      parseAtomFeed(renderAtom(makeDocument({ items: [makeArticle(overrides)] }))).entries?.[0]?.content;
    expect(render({ contentHtml: "<p>h</p>", contentText: "t" })).toEqual({
      value: "<p>h</p>",
      type: "html",
    });
    expect(render({ contentText: "t <b>", summary: "s" })).toEqual({ value: "t <b>", type: "text" });
    expect(render({ summary: "s" })).toEqual({ value: "s", type: "text" });
  });

  it("skips empty tags", () => {
    const entry = parseAtomFeed(renderAtom(makeDocument({ items: [makeArticle({ tags: ["", "x"] })] })))
      .entries?.[0];
    expect(entry?.categories).toEqual([{ term: "x" }]);
  });
});

describe("renderAtom with hostile text", () => {
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
          authors: [{ name: nasty, email: "a@example.com" }],
          tags: [nasty],
          url: "https://news.example.com/?q=a&b=<c>",
          attachments: [{ url: "https://cdn.example.com/a.mp3", mimeType: "audio/mpeg", title: nasty }],
        }),
      ],
    });
    const xml = renderAtom(doc);
    expectSoundXml(xml);

    const feed = parseAtomFeed(xml);
    expect(feed.title?.value).toBe(clean);
    expect(feed.subtitle?.value).toBe(clean);
    expect(feed.authors).toEqual([{ name: clean }]);
    const entry = feed.entries?.[0];
    expect(entry?.title?.value).toBe(clean);
    expect(entry?.summary?.value).toBe(clean);
    expect(entry?.content).toEqual({ value: clean, type: "html" });
    expect(entry?.authors).toEqual([{ name: clean, email: "a@example.com" }]);
    expect(entry?.categories).toEqual([{ term: clean }]);
    expect(entry?.links?.[0]?.href).toBe("https://news.example.com/?q=a&b=<c>");
    expect(entry?.links?.[1]?.title).toBe(clean);
  });
});

describe("renderAtom with the sample article", () => {
  it("carries the sample through unchanged", () => {
    const article = sampleArticle();
    const xml = renderAtom(makeDocument({ items: [article] }));
    expectSoundXml(xml);
    const entry = parseAtomFeed(xml).entries?.[0];
    expect(entry?.title?.value).toBe(article.title);
    expect(entry?.links).toEqual([{ rel: "alternate", href: article.url }]);
    expect(entry?.summary?.value).toBe(article.summary);
    expect(entry?.content).toEqual({ value: article.contentHtml, type: "html" });
    expect(entry?.authors).toEqual([{ name: "News Desk" }]);
    expect(entry?.categories?.map((c) => c.term)).toEqual(["film", "alibaba", "china", "business"]);
    expect(entry?.published).toBe("2015-01-12T15:30:00Z");
  });
});
