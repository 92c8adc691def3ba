import { parseFeedDate } from "../../src/import/feed-dates";

/** What the importer reads a feed's date as, in ISO 8601 (easier to check than epoch ms), or null. */
export function feedDateIso(raw: string): string | null {
  const ms = parseFeedDate(raw);
  return ms === null ? null : new Date(ms).toISOString();
}
