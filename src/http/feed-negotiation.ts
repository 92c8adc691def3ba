import type { FeedFormat } from "../feeds/feed-document";

/** Media types that select each format, the format's own type first; ties favour the earlier format. */
export const NEGOTIABLE: readonly { format: FeedFormat; types: readonly string[] }[] = [
  { format: "html", types: ["text/html", "application/xhtml+xml"] },
  { format: "rss", types: ["application/rss+xml", "application/xml", "text/xml"] },
  { format: "atom", types: ["application/atom+xml"] },
  { format: "json", types: ["application/feed+json", "application/json"] },
];

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

interface Score {
  q: number;
  specificity: number;
  ownType: number;
}

/**
 * The format an `Accept` header asks for (RFC 9110 §12.5.1): the highest quality wins, then the most
 * specific match, then a format's own media type over an alias. `*\/*`, no header or nothing
 * acceptable all get the HTML page, which links to every format.
 */
export function negotiateFeedFormat(accept: string | null): FeedFormat {
  const ranges = accept ? parseAccept(accept) : [];
  let best: { format: FeedFormat; score: Score } | null = null;
  for (const { format, types } of NEGOTIABLE) {
    const score = scoreFormat(types, ranges);
    if (score && score.q > 0 && (!best || beats(score, best.score))) best = { format, score };
  }
  return best?.format ?? "html";
}

function scoreFormat(types: readonly string[], ranges: readonly MediaRange[]): Score | null {
  let best: Score | null = null;
  types.forEach((mediaType, index) => {
    const [type, subtype] = mediaType.split("/") as [string, string];
    // The most specific range that matches a type sets its quality, whatever the order of ranges.
    let match: Score | null = null;
    for (const range of ranges) {
      const specificity = specificityOf(range, type, subtype);
      if (specificity >= 0 && (!match || specificity > match.specificity)) {
        match = { q: range.q, specificity, ownType: index === 0 ? 1 : 0 };
      }
    }
    if (match && (!best || beats(match, best))) best = match;
  });
  return best;
}

/** 2 for an exact match, 1 for `type/*`, 0 for `*\/*`, -1 when the range does not match. */
function specificityOf(range: MediaRange, type: string, subtype: string): number {
  if (range.type === "*") return 0;
  if (range.type !== type) return -1;
  if (range.subtype === subtype) return 2;
  return range.subtype === "*" ? 1 : -1;
}

function beats(a: Score, b: Score): boolean {
  if (a.q !== b.q) return a.q > b.q;
  if (a.specificity !== b.specificity) return a.specificity > b.specificity;
  return a.ownType > b.ownType;
}

function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(",")) {
    const [mediaRange = "", ...params] = part.split(";").map((s) => s.trim().toLowerCase());
    const [type, subtype] = mediaRange.split("/");
    if (!type || !subtype) continue;
    let q = 1;
    for (const param of params) {
      const [name, value] = param.split("=").map((s) => s.trim());
      if (name === "q")
        q = value !== undefined && /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : Number.NaN;
    }
    if (!Number.isNaN(q)) ranges.push({ type, subtype, q });
  }
  return ranges;
}
