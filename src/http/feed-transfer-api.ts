import type { Feed } from "../domain/feed";
import { FerryError } from "../domain/problems";
import { summarizeImport } from "../import/import-summary";
import { type ParsedFeedDocument, parseFeedDocument } from "../import/parse-feed-document";
import { exportFeedStream } from "../services/feed-export";
import { importItems } from "../services/feed-import";
import { JSON_HEADERS, type PreparedWrite } from "../services/write-plan";
import { requireToken } from "./auth";
import { Resource } from "./endpoint";
import { IMPORT_MEDIA_TYPES, readFeedDocumentBody } from "./feed-document-body";
import { commitIdempotently, readIdempotencyKey } from "./idempotency";
import { publicOrigin } from "./origin";

type ImportDocument = Extract<ParsedFeedDocument, { ok: true }>;

/** Most items one import takes; a larger back catalogue is imported in several documents. */
export const MAX_IMPORT_ITEMS = 5000;

const FEED = "/v1/feeds/{feed}";
const transfer = new Resource(FEED);

transfer.app.post("/import", requireToken);
transfer.endpoint(
  {
    method: "post",
    path: `${FEED}/import`,
    operationId: "importFeed",
    summary:
      "Import an RSS 2.0, Atom or JSON Feed document (at most 5 MiB, 5000 items): creates the items the feed lacks, keeping their GUIDs and dates, and sends no webhooks",
    tag: "Articles",
    role: "write",
    body: { mediaTypes: IMPORT_MEDIA_TYPES },
    ok: {
      status: 200,
      description:
        "What became of each item: created, skipped (its GUID is already in the feed) or rejected, and why.",
      schema: "ImportResult",
    },
    problems: [400, 401, 403, 404, 413, 415, 422],
  },
  async (c, { feed }) => {
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
  },
);

transfer.app.get("/export", requireToken);
transfer.endpoint(
  {
    method: "get",
    path: `${FEED}/export`,
    operationId: "exportFeed",
    summary: "Download every live article of a feed as one JSON Feed 1.1 document, for backup or to move",
    tag: "Articles",
    role: "read",
    ok: {
      status: 200,
      description:
        "A JSON Feed 1.1 attachment; each item's id is its GUID, and `_ferry` holds the article id and timestamps.",
      mediaTypes: ["application/feed+json"],
    },
    problems: [401, 403, 404],
  },
  async (c, { feed }) =>
    new Response(exportFeedStream(c.env.DB, feed, publicOrigin(c), Date.now()), {
      headers: {
        "content-type": "application/feed+json; charset=utf-8",
        "content-disposition": `attachment; filename="${feed.slug}.json"`,
        "cache-control": "no-store",
      },
    }),
);

/**
 * Moving onto Ferry and off it: import a feed document, export the whole feed. Mounted at `/v1/feeds/:feed`
 * with the token check on each route, so that it never runs twice for the other sub-apps' paths.
 */
export const feedTransferApi = transfer.routes();
export const FEED_TRANSFER_ENDPOINTS = transfer.endpoints;

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
