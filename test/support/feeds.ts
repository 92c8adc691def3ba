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
