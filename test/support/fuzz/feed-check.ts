import { XMLValidator } from "fast-xml-parser";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import { ORIGIN } from "../../fuzz/arbitraries/names";
import { send } from "./client";
import { encodeSegment } from "./world";

/** XML 1.0 forbids these even escaped; a parser may tolerate them, a reader may not. */
const XML_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters XML forbids is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** RFC 822 as RSS 2.0 uses it, with a four-digit year. */
const RFC822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;

export class BrokenFeed extends Error {
  override name = "BrokenFeed";
}

/** Fetches a public document; the Authorization header makes Ferry skip the Cache API and render it afresh from D1. */
async function fetchDocument(path: string, contentType: RegExp): Promise<string> {
  const response = await send(
    new Request(`${ORIGIN}${path}`, { headers: { authorization: "Bearer fuzz-feed-check" } }),
  );
  const text = await response.text();
  if (response.status !== 200)
    throw new BrokenFeed(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  const type = response.headers.get("content-type") ?? "";
  if (!contentType.test(type)) throw new BrokenFeed(`${path} answered with content-type ${type}`);
  return text;
}

function assertWellFormedXml(path: string, xml: string): void {
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true)
    throw new BrokenFeed(`${path} is not well-formed XML: ${JSON.stringify(verdict.err)}`);
  const forbidden = XML_FORBIDDEN.exec(xml);
  if (forbidden) {
    const at = forbidden.index;
    throw new BrokenFeed(
      `${path} holds a character XML forbids (U+${forbidden[0].charCodeAt(0).toString(16)}) near ${JSON.stringify(xml.slice(Math.max(0, at - 60), at + 20))}`,
    );
  }
}

function assertDates(path: string, dates: (string | undefined)[], pattern: RegExp, name: string): void {
  for (const date of dates) {
    if (date !== undefined && !pattern.test(date))
      throw new BrokenFeed(`${path} has a ${name} date ${JSON.stringify(date)}`);
  }
}

/**
 * Reads the RSS, Atom and JSON Feed documents under `base` (e.g. `/feeds/news/`) with independent parsers
 * (feedsmith, fast-xml-parser): each must answer 200, be well-formed, parse, carry dates in its format's
 * syntax, and list the same items in the same order as the other two.
 */
export async function checkFeedDocuments(base: string): Promise<number> {
  const rssPath = `${base}rss.xml`;
  const atomPath = `${base}atom.xml`;
  const jsonPath = `${base}feed.json`;
  const rssXml = await fetchDocument(rssPath, /^application\/rss\+xml; charset=utf-8$/);
  const atomXml = await fetchDocument(atomPath, /^application\/atom\+xml; charset=utf-8$/);
  const jsonText = await fetchDocument(jsonPath, /^application\/feed\+json; charset=utf-8$/);
  assertWellFormedXml(rssPath, rssXml);
  assertWellFormedXml(atomPath, atomXml);

  const rss = parseRssFeed(rssXml);
  const atom = parseAtomFeed(atomXml);
  let jsonValue: { version?: unknown };
  try {
    jsonValue = JSON.parse(jsonText);
  } catch (error) {
    throw new BrokenFeed(`${jsonPath} is not JSON: ${(error as Error).message}`);
  }
  if (jsonValue.version !== "https://jsonfeed.org/version/1.1")
    throw new BrokenFeed(`${jsonPath} is not JSON Feed 1.1`);
  const json = parseJsonFeed(jsonValue);

  const rssItems = rss.items ?? [];
  const atomEntries = atom.entries ?? [];
  const jsonItems = json.items ?? [];
  assertDates(
    rssPath,
    [rss.lastBuildDate, rss.pubDate, ...rssItems.map((i) => i.pubDate)],
    RFC822,
    "RFC 822",
  );
  assertDates(
    atomPath,
    [atom.updated, ...atomEntries.flatMap((e) => [e.updated, e.published])],
    RFC3339,
    "RFC 3339",
  );
  assertDates(
    jsonPath,
    jsonItems.flatMap((i) => [i.date_published, i.date_modified]),
    RFC3339,
    "RFC 3339",
  );

  const ids = {
    rss: rssItems.map((i) => i.guid?.value ?? ""),
    atom: atomEntries.map((e) => e.id ?? ""),
    json: jsonItems.map((i) => i.id ?? ""),
  };
  // RSS and JSON Feed carry a GUID verbatim; an Atom id is that GUID when it can be a URI, else a urn:uuid.
  const sameItems =
    ids.rss.join("\n") === ids.json.join("\n") &&
    ids.atom.length === ids.rss.length &&
    ids.atom.every(
      (id, i) => id === ids.rss[i] || id === `urn:uuid:${ids.rss[i]?.toLowerCase()}` || UUID_URN.test(id),
    );
  if (!sameItems) throw new BrokenFeed(`${base} lists different items per format: ${JSON.stringify(ids)}`);
  return ids.rss.length;
}

/** The HTML page and the three documents of a feed, and of the first tag and author of an article just written. */
export async function checkFeedAfterWrite(
  slug: string,
  article: { tags?: unknown; authors?: unknown } | null,
): Promise<void> {
  const base = `/feeds/${encodeSegment(slug)}/`;
  await checkFeedDocuments(base);
  await fetchDocument(base, /^text\/html; charset=utf-8$/);
  const tag = Array.isArray(article?.tags) && typeof article.tags[0] === "string" ? article.tags[0] : null;
  if (tag) await checkFeedDocuments(`${base}tags/${encodeSegment(tag)}/`);
  const author = Array.isArray(article?.authors)
    ? (article.authors[0] as { name?: unknown } | undefined)
    : undefined;
  if (typeof author?.name === "string")
    await checkFeedDocuments(`${base}authors/${encodeSegment(author.name)}/`);
}

/** The directory of feeds, after a feed was created or changed: the HTML list and well-formed OPML. */
export async function checkDirectory(): Promise<void> {
  await fetchDocument("/", /^text\/html; charset=utf-8$/);
  assertWellFormedXml("/opml.xml", await fetchDocument("/opml.xml", /^text\/x-opml; charset=utf-8$/));
}
