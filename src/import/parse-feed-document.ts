import { DetectError, MalformedError, ParseError, parseFeed } from "feedsmith";
import type { SyndicationFormat } from "../domain/feed";
import { jsonNestingDepth, MAX_JSON_DEPTH } from "../domain/json-depth";
import { atomCandidates } from "./atom-entries";
import type { ImportCandidate } from "./import-item";
import { jsonFeedCandidates } from "./json-feed-items";
import { rssCandidates } from "./rss-items";
import { hasTooManyAttributes, MAX_XML_ATTRIBUTES } from "./xml-attribute-limit";

/** A feed document read for import, or why it could not be. */
export type ParsedFeedDocument =
  | { ok: true; format: SyndicationFormat; candidates: ImportCandidate[] }
  | { ok: false; reason: "malformed" | "too_many_items"; detail: string };

/**
 * Reads an RSS 2.0, Atom 1.0 or JSON Feed (1.0 or 1.1) document, whatever its media type claimed, and maps
 * its items to article fields. More than `maxItems` items is refused before any item is mapped.
 */
export function parseFeedDocument(text: string, maxItems: number): ParsedFeedDocument {
  const trimmed = text.trimStart();
  let value: unknown = text;
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    // Refused before parsing: JSON.parse slows down superlinearly with depth, and a feed needs a handful.
    if (jsonNestingDepth(trimmed) > MAX_JSON_DEPTH) {
      return malformed(`The JSON nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`);
    }
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      return malformed(`The body looks like JSON but is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return malformed("A JSON Feed is a JSON object with `version`, `title` and `items`.");
    }
  } else if (!trimmed.startsWith("<")) {
    return malformed("The body is neither XML (RSS, Atom) nor JSON (JSON Feed).");
  } else if (hasTooManyAttributes(text)) {
    return malformed(`An element of the document has more than ${MAX_XML_ATTRIBUTES} attributes.`);
  }
  // One item past the limit tells that there are too many without mapping thousands of them.
  const read = readFeed(value, maxItems + 1);
  if (!read.ok) return read;
  const { parsed } = read;
  const itemCount =
    parsed.format === "atom" ? (parsed.feed.entries?.length ?? 0) : (parsed.feed.items?.length ?? 0);
  if (itemCount > maxItems) {
    return {
      ok: false,
      reason: "too_many_items",
      detail: `The document has more than ${maxItems} items; import at most ${maxItems} at a time (split it into several documents).`,
    };
  }
  switch (parsed.format) {
    case "rss":
      return { ok: true, format: "rss", candidates: rssCandidates(parsed.feed) };
    case "atom":
      return { ok: true, format: "atom", candidates: atomCandidates(parsed.feed) };
    case "json":
      return { ok: true, format: "json", candidates: jsonFeedCandidates(parsed.feed, value) };
    case "rdf":
      return malformed("RSS 1.0 (RDF) is not supported; import it as RSS 2.0, Atom or JSON Feed.");
  }
}

function readFeed(value: unknown, maxItems: number) {
  try {
    return { ok: true as const, parsed: parseFeed(value, { maxItems }) };
  } catch (error) {
    if (error instanceof DetectError) {
      return malformed("The document is not an RSS 2.0, Atom or JSON Feed document.");
    }
    if (error instanceof MalformedError || error instanceof ParseError) {
      const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
      return malformed(`The feed document is malformed${cause}.`);
    }
    throw error;
  }
}

function malformed(detail: string): { ok: false; reason: "malformed"; detail: string } {
  return { ok: false, reason: "malformed", detail };
}
