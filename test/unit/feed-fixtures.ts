import { XMLParser, XMLValidator } from "fast-xml-parser";
import { expect } from "vitest";
import type { Article } from "../../src/domain/article";
import type { FeedDocument, FeedUrls } from "../../src/feeds/feed-document";
import sample from "../fixtures/article.json";

/** Mon, 12 Jan 2015 15:30:00 GMT, the sample article's publication time. */
export const PUBLISHED_MS = Date.UTC(2015, 0, 12, 15, 30, 0);
export const MODIFIED_MS = Date.UTC(2015, 0, 13, 8, 5, 9, 250);
export const UPDATED_MS = Date.UTC(2015, 0, 14, 0, 0, 0);
export const ARTICLE_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
export const FEED_ID = "urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7";
/** GUIDs of imported articles as other feeds write them: a URL, a tag: URI, a bare string, another Ferry's id. */
export const IMPORTED_GUIDS = {
  url: "https://blog.example.com/?p=101",
  tag: "tag:blogger.com,1999:blog-1.post-2",
  plain: "post 42 & <more>",
  uuid: "123E4567-E89B-42D3-A456-426614174000",
} as const;

export function makeArticle(overrides: Partial<Article> = {}): Article {
  return {
    id: ARTICLE_ID,
    guid: null,
    feedSlug: "news",
    title: "A headline",
    summary: null,
    contentHtml: null,
    contentText: null,
    url: null,
    externalUrl: null,
    image: null,
    bannerImage: null,
    authors: [],
    tags: [],
    language: null,
    attachments: [],
    podcast: null,
    datePublished: PUBLISHED_MS,
    dateModified: null,
    createdAt: PUBLISHED_MS,
    updatedAt: PUBLISHED_MS,
    deletedAt: null,
    ...overrides,
  };
}

/** The news feed's URLs in every format, for the page that starts after `before` (or the first page). */
export function newsUrls(before: string | null = null): FeedUrls {
  const query = before === null ? "" : `?before=${before}`;
  return {
    rss: `https://ferry.test/feeds/news/rss.xml${query}`,
    atom: `https://ferry.test/feeds/news/atom.xml${query}`,
    json: `https://ferry.test/feeds/news/feed.json${query}`,
    html: `https://ferry.test/feeds/news/${query}`,
  };
}

export function makeDocument(overrides: Partial<FeedDocument> = {}): FeedDocument {
  return {
    id: FEED_ID,
    title: "News",
    description: null,
    homePageUrl: null,
    language: null,
    icon: null,
    authors: [],
    updated: UPDATED_MS,
    urls: newsUrls(),
    paging: { first: newsUrls(), next: null, archived: false },
    scope: { origin: "https://ferry.test", slug: "news", feedTitle: "News", filter: null },
    hubs: [],
    items: [],
    content: "full",
    podcast: null,
    generator: { name: "Ferry", uri: "https://ferry.test/docs", version: "0.1.0" },
    ...overrides,
  };
}

/** A document with every optional field set, so every element has something to render. */
export function makeFullDocument(): FeedDocument {
  return makeDocument({
    description: "All the news",
    homePageUrl: "https://news.example.com/",
    language: "en-GB",
    icon: "https://news.example.com/icon.png",
    authors: [{ name: "Editors", email: "editors@news.example.com", url: "https://news.example.com/about" }],
    hubs: ["https://hub.example.com/", "https://pubsubhubbub.example.org/?a=1&b=2"],
    paging: { first: newsUrls(), next: newsUrls("abc"), archived: false },
    items: [
      makeArticle({
        title: "Full article",
        summary: "The short version",
        contentHtml: '<p>Body with <a href="https://x.example/?a=1&amp;b=2">a link</a> &amp; more</p>',
        contentText: "Body with a link & more",
        url: "https://news.example.com/full",
        externalUrl: "https://elsewhere.example.org/story",
        image: "https://news.example.com/full.jpg",
        bannerImage: "https://news.example.com/full-banner.jpg",
        authors: [
          {
            name: "Ada",
            email: "ada@news.example.com",
            url: "https://ada.example.com/",
            avatar: "https://a.example/ada.png",
          },
          { name: "Grace", url: "https://grace.example.com/" },
        ],
        tags: ["science", "history"],
        language: "fr",
        attachments: [
          {
            url: "https://cdn.example.com/episode.mp3",
            mimeType: "audio/mpeg",
            title: "Episode 1",
            sizeInBytes: 123456,
            durationInSeconds: 3600,
          },
          { url: "https://cdn.example.com/notes.pdf", mimeType: "application/pdf" },
        ],
        dateModified: MODIFIED_MS,
      }),
    ],
  });
}

/** The real sample (JSON Feed item field names) mapped to an Article by hand. */
export function sampleArticle(): Article {
  return makeArticle({
    title: sample.title,
    summary: sample.summary,
    contentHtml: sample.content_html,
    url: sample.url,
    authors: sample.authors,
    tags: sample.tags,
    datePublished: Date.parse(sample.date_published),
  });
}

/** Strings that broke feed generators before: CDATA terminators, markup, entities, odd Unicode. */
export const NASTY_STRINGS: readonly string[] = [
  "Ends ]]> here",
  "]]>]]>]]>",
  "a ]]> b ]]]]><![CDATA[> c",
  "literal &amp; and a bare & too",
  "<b>bold</b> <script>alert(1)</script>",
  `quotes "double" and 'single'`,
  "emoji 👩🏽‍🎤 singer",
  "rtl \u202Eoverride\u202C end",
  "astral 𝕏 math",
  "half \ud83c pair",
  "low \udc00 half",
  "controls\u0001\u001b[31m\ufffe\uffff end",
  "line\nbreak\ttab\r\nwindows\rmac",
  "numeric &#x26; &#38; &nbsp; refs",
  "<!-- comment --> <?pi x?>",
  "王家卫 \u2028 \u2029 é",
];

/**
 * What a value must read as once parsed back: the input without the characters XML 1.0 forbids.
 * Written independently of the renderers (code unit by code unit) so the tests do not trust them.
 */
export function expectedClean(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += value.slice(i, i + 2);
      i++;
      continue;
    }
    const isSurrogate = unit >= 0xd800 && unit <= 0xdfff;
    const isControl = unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d;
    if (isSurrogate || isControl || unit === 0xfffe || unit === 0xffff) continue;
    out += value[i];
  }
  return out;
}

/** fast-xml-parser set up to keep text exactly: no trimming, no number parsing, all references decoded. */
export const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) =>
    ["item", "entry", "category", "author", "link", "atom:link", "media:content"].includes(name),
});

/** Checks what every XML feed must satisfy whatever it contains. */
export function expectSoundXml(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  expect(expectedClean(xml)).toBe(xml); // no XML-illegal character anywhere
  expect(xml).not.toContain("<![CDATA[");
  expect(xml).not.toContain("]]>");
  expect(xml).not.toMatch(/undefined|null|NaN|\[object Object\]/);
}
