import { Hono } from "hono";
import type { Feed } from "../domain/feed";
import { summarizeImport } from "../import/import-summary";
import { type ParsedFeedDocument, parseFeedDocument } from "../import/parse-feed-document";
import { exportFeedStream } from "../services/feed-export";
import { importItems } from "../services/feed-import";
import { authorizeFeed, requireToken } from "./auth";
import { readFeedDocumentBody } from "./feed-document-body";
import type { FerryHono } from "./hono-env";
import { commitIdempotently, type PreparedWrite, readIdempotencyKey } from "./idempotency";
import { methodNotAllowed } from "./method-not-allowed";
import { publicOrigin } from "./origin";
import { FerryError } from "./problem";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };
type ImportDocument = Extract<ParsedFeedDocument, { ok: true }>;

/** Most items one import takes; a larger back catalogue is imported in several documents. */
export const MAX_IMPORT_ITEMS = 5000;

/**
 * Moving onto Ferry and off it: import a feed document, export the whole feed. Mounted at `/v1/feeds/:feed`
 * with the token check on each route, so that it never runs twice for the other sub-apps' paths.
 */
export const feedTransferApi = new Hono<FerryHono>();

feedTransferApi.post("/import", requireToken, async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed") as string, "write");
  const key = readIdempotencyKey(c.req.raw);
  const text = await readFeedDocumentBody(c.req.raw);
  const document = readImportDocument(text);
  const run = () => runImport(c.env.DB, feed, document);
  if (key === null) return responseOf(await run());
  const request = {
    tokenRowId: c.get("grant").tokenRowId,
    key,
    method: "POST",
    path: c.req.path,
    body: text,
  };
  return commitIdempotently(c.env.DB, request, run);
});

feedTransferApi.get("/export", requireToken, async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed") as string, "read");
  return new Response(exportFeedStream(c.env.DB, feed, publicOrigin(c), Date.now()), {
    headers: {
      "content-type": "application/feed+json; charset=utf-8",
      "content-disposition": `attachment; filename="${feed.slug}.json"`,
      "cache-control": "no-store",
    },
  });
});

feedTransferApi.all("/import", methodNotAllowed(["POST"]));
feedTransferApi.all("/export", methodNotAllowed(["GET"]));

function readImportDocument(text: string) {
  const document = parseFeedDocument(text, MAX_IMPORT_ITEMS);
  if (document.ok) return document;
  const code = document.reason === "too_many_items" ? "payload_too_large" : "bad_request";
  throw new FerryError(code, document.detail);
}

/**
 * Batches commit as they go (an import is larger than one batch), so the write handed to the idempotency
 * layer has no statements: an Idempotency-Key's record rides alone in the final batch, and a retry after a
 * crash midway re-imports and finds the committed items already there.
 */
async function runImport(db: D1Database, feed: Feed, document: ImportDocument): Promise<PreparedWrite> {
  const items = await importItems(db, feed, document.candidates, Date.now());
  const body = JSON.stringify(summarizeImport(document.format, items));
  return { statements: [], response: { status: 200, headers: JSON_HEADERS, body } };
}

function responseOf(write: PreparedWrite): Response {
  return new Response(write.response.body, {
    status: write.response.status,
    headers: write.response.headers,
  });
}
