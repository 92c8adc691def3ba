/**
 * Feed documents of a given size for import: an ordinary RSS feed, and hostile shapes that once made an
 * import quadratic or worse. Pure string building, so the tests and the benchmark (which bundles this
 * module) send the same documents.
 */

export { MAX_IMPORT_BYTES } from "../../src/http/feed-document-body";

const CHANNEL_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hostile</title>' +
  "<link>https://hostile.example/</link><description>import test</description>";
const CHANNEL_TAIL = "</channel></rss>";
/** Longest description a filled item carries: under the 1 MiB an article may hold, so it is imported. */
const ITEM_BODY_CHARS = 1_000_000;
/** Attribute names are lower-cased by the parsers, so distinct names use lower case only. */
const NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_.";

function item(index: number, description: string, extra = ""): string {
  return (
    `<item><title>Item ${index}</title><link>https://hostile.example/${index}</link>` +
    `<guid>hostile-${index}</guid><pubDate>Mon, 05 Jan 2015 09:30:00 +0000</pubDate>${extra}` +
    `<description>${description}</description></item>`
  );
}

const cdata = (html: string) => `<![CDATA[${html}]]>`;
const repeatTo = (unit: string, chars: number) => unit.repeat(Math.max(1, Math.floor(chars / unit.length)));
const rss = (items: string) => CHANNEL_HEAD + items + CHANNEL_TAIL;

/**
 * An RSS document of at most `bytes` (ASCII, so bytes are characters) whose items' descriptions `body`
 * fills, as many as fit. `body` gets the characters it may use and returns the description as written.
 */
function rssFilledWith(bytes: number, body: (chars: number, index: number) => string): string {
  const items: string[] = [];
  let room = bytes - CHANNEL_HEAD.length - CHANNEL_TAIL.length;
  for (let index = 0; room > 1000; index++) {
    const overhead = item(index, "").length + 12;
    const next = item(index, body(Math.min(ITEM_BODY_CHARS, room - overhead), index));
    items.push(next);
    room -= next.length;
  }
  return rss(items.join(""));
}

/** `count` distinct attribute names of four characters each, each after a space and followed by `value`. */
export function distinctAttributes(count: number, value = ""): string {
  const base = NAME_ALPHABET.length;
  let out = "";
  for (let i = 0; i < count; i++) {
    out += " ";
    for (let n = i, digit = 0; digit < 4; digit++, n = Math.floor(n / base)) out += NAME_ALPHABET[n % base];
    out += value;
  }
  return out;
}

const PARAGRAPH =
  '<p>The council met on Tuesday &amp; voted 7–2 for the <a href="https://news.example/bridge">new bridge</a>; ' +
  "residents and traders were split, and the <em>mayor</em> promised a second consultation before works begin.</p>";

/** An ordinary RSS feed of at most `bytes`: items of a few paragraphs, an author and a category each. */
export function benignRss(bytes: number): string {
  const items: string[] = [];
  let room = bytes - CHANNEL_HEAD.length - CHANNEL_TAIL.length;
  for (let index = 0; ; index++) {
    const next = item(
      index,
      cdata(PARAGRAPH.repeat(5)),
      `<author>writer${index % 20}@news.example (Writer ${index % 20})</author><category>local</category>`,
    );
    // The en dash is three bytes in UTF-8.
    const size = new TextEncoder().encode(next).byteLength;
    if (size > room) break;
    items.push(next);
    room -= size;
  }
  return rss(items.join(""));
}

/** The hostile shapes, each a builder of a document of at most `bytes`. */
export const HOSTILE_FEEDS = {
  /** `<a` repeated without `>` in CDATA descriptions: a tag-shaped regex retried from every `<`. */
  "anchors without >": (bytes: number) => rssFilledWith(bytes, (chars) => cdata(repeatTo("<a", chars))),
  /** The same entity-encoded: the XML parser decodes it to the same text. */
  "escaped anchors": (bytes: number) => rssFilledWith(bytes, (chars) => repeatTo("&lt;a", chars)),
  /** 100 000 nested elements per description, never closed. */
  "100 000 nested elements": (bytes: number) =>
    rssFilledWith(bytes, (chars) =>
      cdata(`${"<span>".repeat(Math.min(100_000, Math.floor(chars / 6) - 2))}x`),
    ),
  /** Deep nesting, then close tags that match nothing: each is looked for among the open elements. */
  "stray close tags": (bytes: number) =>
    rssFilledWith(bytes, (chars) => cdata("<b>".repeat(999) + repeatTo("</i>", chars - 3000))),
  /** One element with a million distinct attributes, or as many as the size allows. */
  "a million attributes": (bytes: number) => {
    const count = Math.min(1_000_000, Math.floor((bytes - 2000) / 5));
    return rss(item(0, cdata(`<p${distinctAttributes(count)}>text</p>`)));
  },
  /** An item element with as many distinct attributes as the size allows (650 000 in 5 MiB). */
  "XML attributes filling the document": (bytes: number) => {
    const count = Math.min(1_000_000, Math.floor((bytes - 2000) / 8));
    return rss(`<item${distinctAttributes(count, '=""')}><title>x</title></item>`);
  },
  /** A run of `&`, and runs of text that almost is a character reference. */
  "ampersand runs": (bytes: number) =>
    rssFilledWith(bytes, (chars) => cdata(`<p>${repeatTo("&", chars - 7)}</p>`)),
  "entity-like runs": (bytes: number) =>
    rssFilledWith(bytes, (chars, index) =>
      cdata(repeatTo(["&#1", "&#x1", "&amp", "&a1"][index % 4] as string, chars)),
    ),
  "whitespace runs": (bytes: number) =>
    rssFilledWith(bytes, (chars) => cdata(`<p>a${repeatTo(" \t\n", chars - 9)}b</p>`)),
  /** Dates that are a run of `(` or of spaces: a comment-stripping regex anchored only at the end. */
  "date runs": (bytes: number) => {
    const half = Math.floor((bytes - 1000) / 2);
    return rss(
      `<item><title>a</title><pubDate>${"(".repeat(half)}</pubDate></item>` +
        `<item><title>b</title><pubDate>1${" ".repeat(half - 2)}x</pubDate></item>`,
    );
  },
  /** XML elements nested 100 000 deep inside an item. */
  "nested XML elements": (bytes: number) => {
    const depth = Math.min(100_000, Math.floor((bytes - 1000) / 7));
    return rss(`<item><title>x</title>${"<x>".repeat(depth)}${"</x>".repeat(depth)}</item>`);
  },
  /** An Atom entry whose HTML title and content nest 100 000 elements. */
  "nested Atom HTML": (bytes: number) => {
    const depth = Math.min(100_000, Math.floor((bytes - 1000) / 6));
    const nested = cdata(`${"<b>".repeat(depth)}x`);
    return (
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>urn:x:1</id>' +
      `<updated>2015-01-05T09:30:00Z</updated><title type="html">${nested}</title>` +
      `<content type="html">${nested}</content></entry></feed>`
    );
  },
  /** A JSON Feed item with an extension of arrays nested as deep as the size allows. */
  "nested JSON": (bytes: number) => {
    const depth = Math.floor((bytes - 200) / 2);
    return `{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","title":"x","_deep":${"[".repeat(depth)}${"]".repeat(depth)}}]}`;
  },
} satisfies Record<string, (bytes: number) => string>;

export type HostileShape = keyof typeof HOSTILE_FEEDS;

/** Shapes the benchmark times against {@link benignRss} at the import size limit. */
export const BENCH_SHAPES: readonly HostileShape[] = [
  "anchors without >",
  "100 000 nested elements",
  "a million attributes",
  "XML attributes filling the document",
];

/** The media type a document is sent as: the format itself is detected from the content. */
export function mediaTypeOf(document: string): string {
  return document.startsWith("{") ? "application/feed+json" : "application/rss+xml";
}
