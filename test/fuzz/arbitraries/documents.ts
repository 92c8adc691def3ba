import fc from "fast-check";
import type { BodySpec } from "./bodies";
import { stringifyWithDeep } from "./deep";
import { SEED_TAG } from "./names";
import { longString, nastyString, storableText, validDate } from "./values";

/**
 * Feed documents to import (POST /v1/feeds/{feed}/import): RSS 2.0, Atom 1.0 and JSON Feed documents built
 * from a few items, then damaged in one way: hostile text, entity tricks, truncation, a lying encoding, far
 * too many items, bad dates, nesting, or a member of the wrong kind.
 */

type Format = "rss" | "atom" | "json";

interface DocItem {
  title: string;
  link: string | null;
  guid: string | null;
  date: string | null;
  content: string | null;
  tags: string[];
  author: string | null;
}

const item: fc.Arbitrary<DocItem> = fc.record({
  title: fc.oneof({ weight: 4, arbitrary: storableText }, { weight: 1, arbitrary: nastyString }),
  link: fc.option(fc.webUrl()),
  guid: fc.option(fc.oneof(fc.uuid(), fc.webUrl(), storableText)),
  date: fc.option(validDate),
  content: fc.option(
    fc.oneof(storableText, fc.constantFrom("<p>x</p>", "<script>alert(1)</script>", "]]>", "&amp;&lt;")),
  ),
  tags: fc.array(fc.oneof(storableText, fc.constant(SEED_TAG)), { maxLength: 3 }),
  author: fc.option(storableText),
});

const escapeXml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const httpDate = (iso: string | null) => (iso === null ? null : new Date(iso).toUTCString());

function rss(items: readonly DocItem[], prolog = ""): string {
  const entries = items.map(
    (i) =>
      `<item><title>${escapeXml(i.title)}</title>${i.link ? `<link>${escapeXml(i.link)}</link>` : ""}` +
      `${i.guid ? `<guid isPermaLink="false">${escapeXml(i.guid)}</guid>` : ""}` +
      `${i.date ? `<pubDate>${httpDate(i.date)}</pubDate>` : ""}${i.content ? `<description>${escapeXml(i.content)}</description>` : ""}` +
      `${i.tags.map((t) => `<category>${escapeXml(t)}</category>`).join("")}${i.author ? `<dc:creator>${escapeXml(i.author)}</dc:creator>` : ""}</item>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>${prolog}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Imported</title><link>https://example.com/</link><description>d</description>${entries.join("")}</channel></rss>`;
}

function atom(items: readonly DocItem[], prolog = ""): string {
  const entries = items.map(
    (i, n) =>
      `<entry><id>${escapeXml(i.guid ?? `urn:fuzz:${n}:${i.title.length}`)}</id><title>${escapeXml(i.title)}</title>` +
      `<updated>${i.date ?? "2020-01-01T00:00:00Z"}</updated>${i.date ? `<published>${i.date}</published>` : ""}` +
      `${i.link ? `<link href="${escapeXml(i.link)}"/>` : ""}${i.content ? `<content type="html">${escapeXml(i.content)}</content>` : ""}` +
      `${i.tags.map((t) => `<category term="${escapeXml(t)}"/>`).join("")}${i.author ? `<author><name>${escapeXml(i.author)}</name></author>` : ""}</entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>${prolog}<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:fuzz:feed</id><title>Imported</title><updated>2020-01-01T00:00:00Z</updated>${entries.join("")}</feed>`;
}

function jsonFeed(items: readonly DocItem[]): Record<string, unknown> {
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: "Imported",
    items: items.map((i, n) => ({
      id: i.guid ?? `urn:fuzz:${n}:${i.title.length}`,
      ...(i.link ? { url: i.link } : {}),
      title: i.title,
      ...(i.content ? { content_html: i.content } : { content_text: i.title }),
      ...(i.date ? { date_published: i.date } : {}),
      tags: i.tags,
      ...(i.author ? { authors: [{ name: i.author }] } : {}),
    })),
  };
}

/** One way of damaging a document; `none` leaves it well-formed. */
type Damage =
  | { how: "none" }
  | { how: "raw-text"; text: string }
  | { how: "entity"; kind: "xxe" | "expansion" | "undefined" }
  | { how: "truncate"; at: number }
  | { how: "encoding"; label: string }
  | { how: "too-many-items" }
  | { how: "nesting"; depth: number }
  | { how: "wrong-root"; root: string }
  | {
      how: "json-member";
      path: "version" | "items" | "title" | "item" | "item.id" | "item.date_published" | "item.tags";
      value: unknown;
    };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ how: "none" as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ how: fc.constant("raw-text" as const), text: fc.oneof(nastyString, longString) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      how: fc.constant("entity" as const),
      kind: fc.constantFrom("xxe" as const, "expansion" as const, "undefined" as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      how: fc.constant("truncate" as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      how: fc.constant("encoding" as const),
      label: fc.constantFrom("ISO-8859-1", "UTF-16", "Shift_JIS", "x-unknown", "utf-7"),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ how: "too-many-items" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      how: fc.constant("nesting" as const),
      depth: fc.constantFrom(100, 5_000, 50_000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      how: fc.constant("wrong-root" as const),
      root: fc.constantFrom("rdf:RDF", "html", 'rss version="0.91"', "feed"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      how: fc.constant("json-member" as const),
      path: fc.constantFrom(
        "version" as const,
        "items" as const,
        "title" as const,
        "item" as const,
        "item.id" as const,
        "item.date_published" as const,
        "item.tags" as const,
      ),
      value: fc.oneof(
        nastyString,
        fc.constantFrom<unknown>(null, 1, [], {}, "https://jsonfeed.org/version/1", [[]], { id: 1 }),
      ),
    }),
  },
);

const EXPANSION =
  '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">' +
  '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>';
const XXE = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>';

function render(format: Format, items: DocItem[], d: Damage): string {
  if (format === "json") {
    const doc = jsonFeed(d.how === "too-many-items" ? manyItems(items) : items);
    if (d.how === "json-member") setJsonMember(doc, d.path, d.value);
    const text = stringifyWithDeep(doc);
    if (d.how === "raw-text") return text.replace('"title":"Imported"', `"title":"${d.text}"`);
    if (d.how === "truncate") return text.slice(0, Math.floor(text.length * d.at));
    if (d.how === "nesting")
      return text.replace(
        '"title":"Imported"',
        `"title":"Imported","x":${"[".repeat(d.depth)}${"]".repeat(d.depth)}`,
      );
    return text;
  }
  const build = format === "rss" ? rss : atom;
  switch (d.how) {
    case "raw-text":
      return build(items).replace("<title>Imported</title>", `<title>${d.text}</title>`);
    case "entity": {
      const prolog = d.kind === "xxe" ? XXE : d.kind === "expansion" ? EXPANSION : "";
      const reference = d.kind === "xxe" ? "&x;" : d.kind === "expansion" ? "&f;" : "&undefinedEntity;";
      return build(items, prolog).replace("<title>Imported</title>", `<title>${reference}</title>`);
    }
    case "truncate": {
      const text = build(items);
      return text.slice(0, Math.floor(text.length * d.at));
    }
    case "encoding":
      return build(items).replace(/encoding="[^"]*"/i, `encoding="${d.label}"`);
    case "too-many-items":
      return build(manyItems(items));
    case "nesting":
      return build(items).replace(
        "<title>Imported</title>",
        `<title>Imported</title><x>${"<x>".repeat(d.depth)}${"</x>".repeat(d.depth)}</x>`,
      );
    case "wrong-root":
      return build(items).replace(/<(rss|feed)\b[^>]*>/, `<${d.root}>`);
    default:
      return build(items);
  }
}

function manyItems(items: DocItem[]): DocItem[] {
  const base = items[0] ?? {
    title: "t",
    link: null,
    guid: null,
    date: null,
    content: null,
    tags: [],
    author: null,
  };
  return Array.from({ length: 5001 }, (_, i) => ({ ...base, guid: `many-${i}` }));
}

function setJsonMember(doc: Record<string, unknown>, path: string, value: unknown): void {
  const items = doc.items as Record<string, unknown>[];
  if (path === "item") items[0] = value as Record<string, unknown>;
  else if (path.startsWith("item.")) {
    if (items[0]) items[0][path.slice(5)] = value;
  } else doc[path] = value;
}

/** A feed document as an import body. */
export const feedDocumentBody: fc.Arbitrary<BodySpec> = fc
  .record({
    format: fc.constantFrom<Format>("rss", "atom", "json"),
    items: fc.array(item, { maxLength: 5 }),
    damage,
  })
  .map(
    ({ format, items, damage: d }): BodySpec => ({
      kind: "document",
      format,
      text: render(format, items, d),
    }),
  );
