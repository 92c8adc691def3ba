import { XMLParser, XMLValidator } from "fast-xml-parser";
import { APPLE_PODCAST_CATEGORIES } from "../../src/domain/apple-podcast-categories";

/**
 * What the W3C feed validator and Apple's podcast checks would report about a feed that can be checked
 * offline: well-formed XML, namespaces declared once, at the root, and only when used, the elements RSS 2.0,
 * Atom and Apple Podcasts require, and the values they allow. Returns every problem found, in words; a sound
 * feed gives none. Written from the specifications, never from Ferry's renderers.
 */

type XmlNode = { [key: string]: unknown };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => !name.startsWith("@_") && name !== "#text",
});

const ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd";
const PODCAST = "https://podcastindex.org/namespace/1.0";
const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
const WHOLE_NUMBER = /^\d{1,15}$/;
const CLOCK = /^\d{1,3}(?::[0-5]\d){1,2}$/;

/** Problems of an RSS 2.0 document; for a podcast (`itunes:` declared) Apple's and Podcasting 2.0's too. */
export function rssProblems(xml: string): string[] {
  const problems = wellFormedness(xml);
  if (problems.length > 0) return problems;
  const root = parser.parse(xml) as XmlNode;
  const rss = first(root.rss);
  if (!rss) return ["the root element is not rss"];
  problems.push(...namespaceProblems(rss));
  if (rss["@_version"] !== "2.0") problems.push('rss must have version="2.0"');
  const channels = list(rss.channel);
  if (channels.length !== 1) return [...problems, "rss must hold exactly one channel"];
  const channel = channels[0] as XmlNode;
  for (const name of ["title", "link", "description"])
    if (list(channel[name]).length !== 1) problems.push(`channel needs exactly one ${name}`);
  const podcast = rss["@_xmlns:itunes"] === ITUNES;
  if (podcast) problems.push(...podcastChannelProblems(channel, rss));
  for (const [index, item] of list(channel.item).entries())
    problems.push(...itemProblems(item as XmlNode, podcast).map((p) => `item ${index}: ${p}`));
  return problems;
}

/** Problems of an Atom 1.0 document (RFC 4287), Media RSS and enclosures included. */
export function atomProblems(xml: string): string[] {
  const problems = wellFormedness(xml);
  if (problems.length > 0) return problems;
  const feed = first((parser.parse(xml) as XmlNode).feed);
  if (!feed) return ["the root element is not feed"];
  problems.push(...namespaceProblems(feed));
  if (feed["@_xmlns"] !== "http://www.w3.org/2005/Atom") problems.push("feed is not in the Atom namespace");
  for (const name of ["id", "title", "updated"])
    if (list(feed[name]).length !== 1) problems.push(`feed needs exactly one ${name}`);
  for (const [index, entry] of list(feed.entry).entries()) {
    const node = entry as XmlNode;
    for (const name of ["id", "title", "updated"])
      if (list(node[name]).length !== 1) problems.push(`entry ${index} needs exactly one ${name}`);
    const links = list(node.link) as XmlNode[];
    if (list(node.content).length === 0 && !links.some((l) => (l["@_rel"] ?? "alternate") === "alternate"))
      problems.push(`entry ${index} has neither content nor an alternate link`);
    for (const link of links.filter((l) => l["@_rel"] === "enclosure"))
      problems.push(...enclosureProblems(link["@_href"], link["@_length"], link["@_type"], `entry ${index}`));
    problems.push(...mediaProblems(node).map((p) => `entry ${index}: ${p}`));
  }
  return problems;
}

function wellFormedness(xml: string): string[] {
  const verdict = XMLValidator.validate(xml);
  return verdict === true ? [] : [`not well-formed: ${verdict.err.msg} (line ${verdict.err.line})`];
}

/** Each prefix used is declared, each declared one is used, and every declaration sits on the root. */
function namespaceProblems(root: XmlNode): string[] {
  const problems: string[] = [];
  const declared = Object.keys(root)
    .filter((key) => key.startsWith("@_xmlns:"))
    .map((key) => key.slice("@_xmlns:".length));
  const used = new Set<string>();
  collectPrefixes(root, used);
  for (const prefix of used)
    if (prefix !== "xml" && !declared.includes(prefix)) problems.push(`prefix ${prefix} is not declared`);
  for (const prefix of declared)
    if (!used.has(prefix)) problems.push(`prefix ${prefix} is declared but unused`);
  if (declaresBelow(root)) problems.push("a namespace is declared below the root element");
  return problems;
}

function declaresBelow(node: unknown): boolean {
  const children = Array.isArray(node) ? node : typeof node === "object" && node !== null ? [node] : [];
  return children.some((child) =>
    Object.entries(child as XmlNode).some(
      ([key, value]) =>
        !key.startsWith("@_") &&
        list(value).some(
          (element) =>
            typeof element === "object" &&
            element !== null &&
            (Object.keys(element).some((name) => name.startsWith("@_xmlns")) || declaresBelow(element)),
        ),
    ),
  );
}

function collectPrefixes(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const child of node) collectPrefixes(child, into);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  for (const [key, value] of Object.entries(node)) {
    const name = key.startsWith("@_") ? key.slice(2) : key;
    const colon = name.indexOf(":");
    if (colon > 0 && !name.startsWith("xmlns")) into.add(name.slice(0, colon));
    if (!key.startsWith("@_")) collectPrefixes(value, into);
  }
}

/** Apple Podcasts' channel requirements and the Podcasting 2.0 channel tags Ferry writes. */
function podcastChannelProblems(channel: XmlNode, rss: XmlNode): string[] {
  const problems: string[] = [];
  if (list(channel.language).length !== 1) problems.push("a podcast channel needs its language");
  const image = first(channel["itunes:image"]);
  if (!image || !String(image["@_href"] ?? "").startsWith("https://"))
    problems.push("itunes:image needs an https href");
  const categories = list(channel["itunes:category"]) as XmlNode[];
  if (categories.length === 0) problems.push("a podcast needs an itunes:category");
  for (const category of categories) {
    const name = String(category["@_text"]);
    const subcategories = APPLE_PODCAST_CATEGORIES[name];
    if (!Object.hasOwn(APPLE_PODCAST_CATEGORIES, name) || !subcategories) {
      problems.push(`"${name}" is not an Apple Podcasts category`);
      continue;
    }
    for (const sub of list(category["itunes:category"]) as XmlNode[])
      if (!subcategories.includes(String(sub["@_text"])))
        problems.push(`"${String(sub["@_text"])}" is not a subcategory of "${name}"`);
  }
  if (!["true", "false"].includes(textOf(channel["itunes:explicit"])))
    problems.push("itunes:explicit must be true or false");
  const type = channel["itunes:type"];
  if (type !== undefined && !["episodic", "serial"].includes(textOf(type)))
    problems.push("itunes:type must be episodic or serial");
  const complete = channel["itunes:complete"];
  if (complete !== undefined && textOf(complete) !== "Yes") problems.push("itunes:complete must be Yes");
  const owner = first(channel["itunes:owner"]);
  if (owner && !textOf(owner["itunes:email"]).includes("@")) problems.push("itunes:owner needs an email");
  if (rss["@_xmlns:podcast"] !== undefined && rss["@_xmlns:podcast"] !== PODCAST)
    problems.push("the podcast prefix names the wrong namespace");
  const guid = channel["podcast:guid"];
  if (
    guid !== undefined &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(textOf(guid))
  )
    problems.push("podcast:guid must be a UUIDv5");
  const locked = first(channel["podcast:locked"]);
  if (locked && (!["yes", "no"].includes(textOf(locked)) || !String(locked["@_owner"] ?? "").includes("@")))
    problems.push("podcast:locked must be yes or no, with the owner's email");
  for (const funding of list(channel["podcast:funding"]) as XmlNode[]) {
    if (!isHttpUrl(funding["@_url"])) problems.push("podcast:funding needs a url");
    if (textOf(funding).length > 128) problems.push("podcast:funding text is longer than 128 characters");
  }
  return problems;
}

function itemProblems(item: XmlNode, podcast: boolean): string[] {
  const problems: string[] = [];
  if (list(item.title).length === 0 && list(item.description).length === 0)
    problems.push("needs a title or a description");
  const enclosures = list(item.enclosure) as XmlNode[];
  if (enclosures.length > 1) problems.push("has more than one enclosure");
  for (const enclosure of enclosures)
    problems.push(
      ...enclosureProblems(enclosure["@_url"], enclosure["@_length"], enclosure["@_type"], "enclosure"),
    );
  const pubDate = item.pubDate;
  if (pubDate !== undefined && Number.isNaN(Date.parse(textOf(pubDate)))) problems.push("pubDate is no date");
  problems.push(...mediaProblems(item));
  if (!podcast) {
    if (Object.keys(item).some((key) => key.startsWith("itunes:") || key.startsWith("podcast:")))
      problems.push("podcast tags in a feed that is no podcast");
    return problems;
  }
  if (list(item.guid).length !== 1) problems.push("an episode needs a guid");
  const explicit = item["itunes:explicit"];
  if (explicit !== undefined && !["true", "false"].includes(textOf(explicit)))
    problems.push("itunes:explicit must be true or false");
  const duration = item["itunes:duration"];
  if (duration !== undefined && !WHOLE_NUMBER.test(textOf(duration)) && !CLOCK.test(textOf(duration)))
    problems.push("itunes:duration must be seconds or HH:MM:SS");
  for (const name of ["itunes:episode", "itunes:season"]) {
    const value = item[name];
    if (value !== undefined && (!WHOLE_NUMBER.test(textOf(value)) || Number(textOf(value)) < 1))
      problems.push(`${name} must be a whole number above 0`);
  }
  const episodeType = item["itunes:episodeType"];
  if (episodeType !== undefined && !["full", "trailer", "bonus"].includes(textOf(episodeType)))
    problems.push("itunes:episodeType must be full, trailer or bonus");
  const image = first(item["itunes:image"]);
  if (image && !isHttpUrl(image["@_href"])) problems.push("itunes:image needs an href");
  for (const transcript of list(item["podcast:transcript"]) as XmlNode[])
    if (!isHttpUrl(transcript["@_url"]) || !MIME_TYPE.test(String(transcript["@_type"] ?? "")))
      problems.push("podcast:transcript needs a url and a type");
  const chapters = first(item["podcast:chapters"]);
  if (chapters && (!isHttpUrl(chapters["@_url"]) || chapters["@_type"] !== "application/json+chapters"))
    problems.push("podcast:chapters needs a url and type application/json+chapters");
  return problems;
}

/** An enclosure's URL, its exact length in bytes (Apple and Spotify refuse 0 or none) and its type. */
function enclosureProblems(url: unknown, length: unknown, type: unknown, where: string): string[] {
  const problems: string[] = [];
  if (!isHttpUrl(url)) problems.push(`${where} needs an http(s) url`);
  if (typeof length !== "string" || !WHOLE_NUMBER.test(length) || Number(length) === 0)
    problems.push(`${where} needs its length in bytes`);
  if (typeof type !== "string" || !MIME_TYPE.test(type)) problems.push(`${where} needs a MIME type`);
  return problems;
}

const MEDIUMS = ["image", "audio", "video", "document", "executable"];

function mediaProblems(node: XmlNode): string[] {
  const problems: string[] = [];
  for (const content of list(node["media:content"]) as XmlNode[]) {
    if (!isHttpUrl(content["@_url"])) problems.push("media:content needs a url");
    const medium = content["@_medium"];
    if (medium !== undefined && !MEDIUMS.includes(String(medium)))
      problems.push("media:content medium is unknown");
    for (const name of ["@_fileSize", "@_duration"]) {
      const value = content[name];
      if (value !== undefined && !WHOLE_NUMBER.test(String(value)))
        problems.push(`media:content ${name} is no whole number`);
    }
  }
  for (const thumbnail of list(node["media:thumbnail"]) as XmlNode[])
    if (!isHttpUrl(thumbnail["@_url"])) problems.push("media:thumbnail needs a url");
  return problems;
}

function list(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function first(value: unknown): XmlNode | undefined {
  const node = list(value)[0];
  return typeof node === "object" && node !== null ? (node as XmlNode) : undefined;
}

function textOf(value: unknown): string {
  const node = list(value)[0];
  if (typeof node === "string") return node;
  if (typeof node === "object" && node !== null) return String((node as XmlNode)["#text"] ?? "");
  return "";
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
