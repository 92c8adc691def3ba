import * as v from "valibot";
import type { ImportedItem } from "../domain/api-schemas";
import { ArticleInput } from "../domain/article-input";
import { missingEpisodeSizes } from "../domain/article-podcast";
import type { Feed } from "../domain/feed";
import { MAX_BODY_BYTES } from "../domain/request-limits";
import { issuesToFields } from "../domain/validation-messages";
import type { ArticleFields, ImportCandidate } from "../import/import-item";
import { type IdentifiedItem, identifyItem } from "../import/item-identity";
import { type ImportableItem, skippedOutcome, writeImportBatch } from "./import-batch";

/** Articles per D1 batch: each batch is one transaction and one round trip. */
export const IMPORT_BATCH_ARTICLES = 50;
/** Bytes of article content per D1 batch, so that a batch of long articles stays a modest request. */
export const IMPORT_BATCH_BYTES = 2 * 1024 * 1024;
/** Largest article an import creates: what the articles API accepts in one request. */
export const MAX_IMPORTED_ARTICLE_BYTES = MAX_BODY_BYTES;

/**
 * Creates the articles of an imported document that the feed does not have yet, in batches, oldest first
 * (so the API lists them newest first). Every item is validated with the same schema as the articles API.
 * Items whose GUID the feed already has are skipped, never updated: an import only ever adds. Returns
 * each item's outcome in document order.
 */
export async function importItems(
  db: D1Database,
  feed: Feed,
  candidates: readonly ImportCandidate[],
  nowMs: number,
): Promise<ImportedItem[]> {
  const outcomes: ImportedItem[] = [];
  const firstIndexByGuid = new Map<string, number>();
  const valid: ImportableItem[] = [];
  for (const item of candidates.map(identifyItem)) {
    const checked = validateItem(feed, item);
    const first = firstIndexByGuid.get(item.guid);
    if (!("input" in checked)) outcomes.push(checked);
    else if (first !== undefined)
      outcomes.push(skippedOutcome(checked, undefined, `Repeats the GUID of item ${first}.`));
    else {
      firstIndexByGuid.set(item.guid, item.index);
      valid.push(checked);
    }
  }
  for (const batch of batches(oldestFirst(valid, nowMs)))
    outcomes.push(...(await writeImportBatch(db, feed, batch, nowMs)));
  return outcomes.sort((a, b) => a.index - b.index);
}

function validateItem(feed: Feed, item: IdentifiedItem): ImportableItem | ImportedItem {
  const parsed = v.safeParse(ArticleInput, item.fields, { abortPipeEarly: true });
  // A field the mapping already explained (a missing title) is not reported twice.
  const issues = parsed.success
    ? missingEpisodeSizes(feed, parsed.output.attachments)
    : issuesToFields(ArticleInput, parsed.issues);
  const errors = [
    ...item.problems,
    ...issues.filter((i) => !item.problems.some((p) => p.pointer === i.pointer)),
  ];
  const title = parsed.success ? parsed.output.title : item.fields.title;
  const base = { index: item.index, guid: item.guid, ...(title ? { title } : {}) };
  if (!parsed.success || errors.length > 0) return { ...base, status: "rejected", errors };
  const bytes = requestBytes(parsed.output, item.fields);
  if (bytes > MAX_IMPORTED_ARTICLE_BYTES) {
    const detail = `The item is ${bytes} bytes as an article; Ferry takes at most ${MAX_IMPORTED_ARTICLE_BYTES}.`;
    return { ...base, status: "rejected", errors: [{ pointer: "/", detail }] };
  }
  return {
    index: item.index,
    guid: item.guid,
    input: parsed.output,
    bytes,
    contentBaseUrl: item.contentBaseUrl,
  };
}

/** The item's size as the articles API would read it in a request: the validated text, dates as written. */
function requestBytes(input: ArticleInput, fields: ArticleFields): number {
  const body = { ...input, date_published: fields.date_published, date_modified: fields.date_modified };
  return new TextEncoder().encode(JSON.stringify(body)).byteLength;
}

function oldestFirst(items: ImportableItem[], nowMs: number): ImportableItem[] {
  const date = (item: ImportableItem) => item.input.date_published ?? nowMs;
  return [...items].sort((a, b) => date(a) - date(b) || a.index - b.index);
}

function* batches(items: ImportableItem[]): Generator<ImportableItem[]> {
  let batch: ImportableItem[] = [];
  let bytes = 0;
  for (const item of items) {
    if (
      batch.length > 0 &&
      (batch.length >= IMPORT_BATCH_ARTICLES || bytes + item.bytes > IMPORT_BATCH_BYTES)
    ) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += item.bytes;
  }
  if (batch.length > 0) yield batch;
}
