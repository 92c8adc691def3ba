import { describe, expect, it } from "vitest";
import { atomProblems, rssProblems } from "../support/feed-validity";

/** The offline stand-in for the W3C validator must itself fail on what it is there to catch. */

const ITUNES = 'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"';
const channel = (inner: string) =>
  `<channel><title>T</title><link>https://x.example/</link><description>d</description>${inner}</channel>`;
const rss = (attrs: string, inner: string) =>
  `<?xml version="1.0"?><rss version="2.0" ${attrs}>${channel(inner)}</rss>`;
const SHOW =
  '<language>en</language><itunes:image href="https://x.example/a.png"/><itunes:category text="Technology"/><itunes:explicit>false</itunes:explicit>';

describe("rssProblems", () => {
  it("passes a sound podcast", () => {
    const item =
      '<item><title>e</title><guid>g</guid><enclosure url="https://x.example/e.mp3" length="5" type="audio/mpeg"/></item>';
    expect(rssProblems(rss(ITUNES, SHOW + item))).toEqual([]);
  });

  const broken: [string, string][] = [
    ["not well-formed", `<?xml version="1.0"?><rss version="2.0">${channel("<item>")}</rss>`],
    [
      "an undeclared prefix",
      rss("", "<item><title>e</title><media:thumbnail url='https://x.example/'/></item>"),
    ],
    ["an unused declaration", rss('xmlns:dc="http://purl.org/dc/elements/1.1/"', "")],
    [
      "a declaration below the root",
      rss(
        ITUNES,
        `${SHOW}<item xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>a</dc:creator></item>`,
      ),
    ],
    [
      "an enclosure of length 0",
      rss(
        "",
        '<item><title>e</title><enclosure url="https://x.example/e" length="0" type="audio/mpeg"/></item>',
      ),
    ],
    [
      "two enclosures",
      rss(
        "",
        '<item><title>e</title><enclosure url="https://x.example/1" length="1" type="a/b"/><enclosure url="https://x.example/2" length="1" type="a/b"/></item>',
      ),
    ],
    ["a category Apple does not list", rss(ITUNES, SHOW.replace("Technology", "Tech"))],
    [
      "a subcategory of another category",
      rss(
        ITUNES,
        SHOW.replace(
          'text="Technology"/>',
          'text="Arts"><itunes:category text="Tech News"/></itunes:category>',
        ),
      ),
    ],
    ["explicit as yes", rss(ITUNES, SHOW.replace(">false<", ">yes<"))],
    ["artwork over http", rss(ITUNES, SHOW.replace("https://x.example/a.png", "http://x.example/a.png"))],
    ["a podcast without a language", rss(ITUNES, SHOW.replace("<language>en</language>", ""))],
    [
      "podcast tags in a feed that is no podcast",
      rss(
        'xmlns:podcast="https://podcastindex.org/namespace/1.0"',
        "<item><title>e</title><podcast:chapters url='https://x.example/c' type='application/json+chapters'/></item>",
      ),
    ],
    [
      "a fractional Media RSS duration",
      rss(
        'xmlns:media="http://search.yahoo.com/mrss/"',
        '<item><title>e</title><media:content url="https://x.example/v" duration="1.5"/></item>',
      ),
    ],
  ];
  /** What each broken document must be reported for: the check that exists to catch it. */
  const REPORTED: Readonly<Record<string, RegExp>> = {
    "not well-formed": /not well-formed/,
    "an undeclared prefix": /prefix media is not declared/,
    "an unused declaration": /prefix dc is declared but unused/,
    "a declaration below the root": /declared below the root/,
    "an enclosure of length 0": /length in bytes/,
    "two enclosures": /more than one enclosure/,
    "a category Apple does not list": /"Tech" is not an Apple Podcasts category/,
    "a subcategory of another category": /"Tech News" is not a subcategory of "Arts"/,
    "explicit as yes": /itunes:explicit must be true or false/,
    "artwork over http": /itunes:image needs an https href/,
    "a podcast without a language": /needs its language/,
    "podcast tags in a feed that is no podcast": /podcast tags in a feed that is no podcast/,
    "a fractional Media RSS duration": /duration is no whole number/,
  };
  it.each(broken)("reports %s", (name, xml) => {
    expect(rssProblems(xml).join("\n")).toMatch(REPORTED[name] ?? /never/);
  });
});

describe("atomProblems", () => {
  const feed = (inner: string, attrs = "") =>
    `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" ${attrs}><id>urn:x</id><title>t</title><updated>2015-01-01T00:00:00Z</updated>${inner}</feed>`;
  const entry = (inner: string) =>
    `<entry><id>urn:e</id><title>e</title><updated>2015-01-01T00:00:00Z</updated>${inner}</entry>`;

  it("passes a sound feed", () => {
    expect(
      atomProblems(
        feed(
          entry(
            '<content type="text">x</content><link rel="enclosure" href="https://x.example/a" length="3" type="audio/mpeg"/>',
          ),
        ),
      ),
    ).toEqual([]);
  });

  it("reports an entry with neither content nor an alternate link, and an enclosure without its length", () => {
    expect(atomProblems(feed(entry("")))).toEqual(["entry 0 has neither content nor an alternate link"]);
    expect(
      atomProblems(
        feed(entry('<content>x</content><link rel="enclosure" href="https://x.example/a" type="a/b"/>')),
      ),
    ).toEqual(["entry 0 needs its length in bytes"]);
    expect(atomProblems(feed("", 'xmlns:media="http://search.yahoo.com/mrss/"'))).toEqual([
      "prefix media is declared but unused",
    ]);
  });
});
