import type { ImportedItem, ImportResult } from "../domain/api-schemas";
import type { SyndicationFormat } from "../domain/feed";

/** Most item outcomes an import answer lists; the counts always cover every item. */
export const MAX_REPORTED_ITEMS = 1000;

/**
 * The answer to an import: counts per outcome and each item's outcome in document order. When there are
 * more than {@link MAX_REPORTED_ITEMS}, rejected items are listed first so that no reason to fix is lost.
 */
export function summarizeImport(format: SyndicationFormat, items: readonly ImportedItem[]): ImportResult {
  const count = (status: ImportedItem["status"]) => items.filter((item) => item.status === status).length;
  const truncated = items.length > MAX_REPORTED_ITEMS;
  const listed = truncated
    ? [
        ...items.filter((i) => i.status === "rejected"),
        ...items.filter((i) => i.status !== "rejected"),
      ].slice(0, MAX_REPORTED_ITEMS)
    : items;
  return {
    format,
    created: count("created"),
    skipped: count("skipped"),
    rejected: count("rejected"),
    truncated,
    items: [...listed],
  };
}
