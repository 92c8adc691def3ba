import type { Feed } from "../domain/feed";
import { FerryError } from "../domain/problems";
import { decodeDocument } from "../import/decode-document";
import { summarizeImport } from "../import/import-summary";
import { type ParsedFeedDocument, parseFeedDocument } from "../import/parse-feed-document";
import { importItems } from "./feed-import";
import { JSON_HEADERS, type PreparedWrite } from "./write-plan";

/** Most items one import takes; a larger back catalogue is imported in several documents. */
export const MAX_IMPORT_ITEMS = 5000;

export type ImportDocument = Extract<ParsedFeedDocument, { ok: true }>;

/** A feed document's bytes as text (see decodeDocument), or the problem that says why they cannot be read. */
export function decodeFeedDocument(bytes: Uint8Array, charset: string | null): string {
  const decoded = decodeDocument(bytes, charset);
  if (!decoded.ok) {
    throw new FerryError(
      decoded.reason === "unsupported_charset" ? "unsupported_media_type" : "bad_request",
      decoded.detail,
    );
  }
  if (decoded.text.trim() === "")
    throw new FerryError("bad_request", "The body is empty; send a feed document.");
  return decoded.text;
}

/** The document's items, read as RSS, Atom or JSON Feed; too many items is a 413, anything unreadable a 400. */
export function readImportDocument(text: string): ImportDocument {
  const document = parseFeedDocument(text, MAX_IMPORT_ITEMS);
  if (document.ok) return document;
  const code = document.reason === "too_many_items" ? "payload_too_large" : "bad_request";
  throw new FerryError(code, document.detail);
}

/**
 * Imports the document's items and answers with each one's outcome. Batches commit as they go (an import is
 * larger than one batch), so the write handed to the idempotency layer has no statements: an Idempotency-Key's
 * record rides alone in the final batch, and a retry after a crash midway re-imports and finds the committed
 * items already there.
 */
export async function runImport(
  db: D1Database,
  feed: Feed,
  document: ImportDocument,
  nowMs: number,
): Promise<PreparedWrite> {
  const items = await importItems(db, feed, document.candidates, nowMs);
  const body = JSON.stringify(summarizeImport(document.format, items));
  return { statements: [], response: { status: 200, headers: JSON_HEADERS, body } };
}
