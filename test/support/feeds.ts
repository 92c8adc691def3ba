import { SELF } from "cloudflare:test";
import { XMLValidator } from "fast-xml-parser";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { expect } from "vitest";
import { ORIGIN } from "./seed";

/** Fetches one feed format and checks status, media type and (for XML) well-formedness. */
async function fetchFeed(path: string, contentType: RegExp): Promise<string> {
  const response = await SELF.fetch(`${ORIGIN}${path}`);
  expect(response.status, path).toBe(200);
  expect(response.headers.get("content-type"), path).toMatch(contentType);
  return response.text();
}

function assertWellFormed(xml: string): void {
  const verdict = XMLValidator.validate(xml);
  expect(verdict === true ? true : JSON.stringify(verdict)).toBe(true);
  // XML 1.0 forbids these characters even when escaped; a parser may tolerate them, a reader may not.
  expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/);
  expect(xml).not.toContain("undefined");
}

/** All three formats of a feed, parsed by an independent parser (feedsmith), never by Ferry's own code. */
export async function readAllFormats(slug: string) {
  const rssXml = await fetchFeed(`/feeds/${slug}/rss.xml`, /^application\/rss\+xml; charset=utf-8$/);
  const atomXml = await fetchFeed(`/feeds/${slug}/atom.xml`, /^application\/atom\+xml; charset=utf-8$/);
  const jsonText = await fetchFeed(`/feeds/${slug}/feed.json`, /^application\/feed\+json; charset=utf-8$/);
  assertWellFormed(rssXml);
  assertWellFormed(atomXml);
  const json = JSON.parse(jsonText);
  expect(json.version).toBe("https://jsonfeed.org/version/1.1");
  return {
    rssXml,
    atomXml,
    jsonText,
    rss: parseRssFeed(rssXml),
    atom: parseAtomFeed(atomXml),
    json: parseJsonFeed(json),
  };
}

/** All three formats of a feed at a base path such as `/feeds/news/tags/film/`, checked and parsed like readAllFormats. */
export async function readAllFormatsAt(basePath: string) {
  const rssXml = await fetchFeed(`${basePath}rss.xml`, /^application\/rss\+xml; charset=utf-8$/);
  const atomXml = await fetchFeed(`${basePath}atom.xml`, /^application\/atom\+xml; charset=utf-8$/);
  const jsonText = await fetchFeed(`${basePath}feed.json`, /^application\/feed\+json; charset=utf-8$/);
  assertWellFormed(rssXml);
  assertWellFormed(atomXml);
  return {
    rss: parseRssFeed(rssXml),
    atom: parseAtomFeed(atomXml),
    json: parseJsonFeed(JSON.parse(jsonText)),
  };
}

export type FeedFileFormat = "rss" | "atom" | "json";

const FEED_FILES: Record<FeedFileFormat, { file: string; contentType: RegExp }> = {
  rss: { file: "rss.xml", contentType: /^application\/rss\+xml; charset=utf-8$/ },
  atom: { file: "atom.xml", contentType: /^application\/atom\+xml; charset=utf-8$/ },
  json: { file: "feed.json", contentType: /^application\/feed\+json; charset=utf-8$/ },
};

/** One page of a feed: its item ids (GUIDs, without `urn:uuid:`) and its RFC 5005 / JSON Feed links. */
export interface FeedPage {
  ids: string[];
  self: string | undefined;
  next: string | undefined;
  links: { rel?: string; href?: string }[];
}

/** Fetches and parses one page, given an absolute URL or a path, with the independent parsers. */
export async function readFeedPage(format: FeedFileFormat, url: string): Promise<FeedPage> {
  const path = url.startsWith(ORIGIN) ? url.slice(ORIGIN.length) : url;
  const text = await fetchFeed(path, FEED_FILES[format].contentType);
  if (format === "json") {
    const feed = parseJsonFeed(JSON.parse(text));
    return {
      ids: (feed.items ?? []).map((i) => i.id ?? ""),
      self: feed.feed_url,
      next: feed.next_url,
      links: [],
    };
  }
  assertWellFormed(text);
  const links = format === "rss" ? (parseRssFeed(text).atom?.links ?? []) : (parseAtomFeed(text).links ?? []);
  const ids =
    format === "rss"
      ? (parseRssFeed(text).items ?? []).map((i) => i.guid?.value ?? "")
      : (parseAtomFeed(text).entries ?? []).map((e) => (e.id ?? "").replace(/^urn:uuid:/, ""));
  const href = (rel: string) => links.find((l) => l.rel === rel)?.href;
  return { ids, self: href("self"), next: href("next"), links };
}

/**
 * Follows `next` links from a feed's first page to its last, calling `between` after each page (to
 * publish concurrently, say). Returns every page in order.
 */
export async function walkFeedPages(
  format: FeedFileFormat,
  basePath: string,
  between: (pageIndex: number) => Promise<void> = async () => {},
): Promise<FeedPage[]> {
  const pages: FeedPage[] = [];
  let url: string | undefined = `${basePath}${FEED_FILES[format].file}`;
  while (url) {
    expect(pages.length, "too many pages: the walk does not end").toBeLessThan(100);
    const page = await readFeedPage(format, url);
    pages.push(page);
    await between(pages.length - 1);
    url = page.next;
  }
  return pages;
}
