import { readImportDocument, runImport } from "../services/feed-document-import";
import { exportFeedHeaders, exportFeedStream } from "../services/feed-export";
import type { PreparedWrite } from "../services/write-plan";
import { requireToken } from "./auth";
import { Resource } from "./endpoint";
import { IMPORT_MEDIA_TYPES, readFeedDocumentBody } from "./feed-document-body";
import { commitIdempotently, readIdempotencyKey } from "./idempotency";
import { publicOrigin } from "./origin";

export { MAX_IMPORT_ITEMS } from "../services/feed-document-import";

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
    const run = () => runImport(c.env.DB, feed, document, Date.now());
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
      headers: exportFeedHeaders(feed.slug),
    }),
);

/**
 * Moving onto Ferry and off it: import a feed document, export the whole feed. Mounted at `/v1/feeds/:feed`
 * with the token check on each route, so that it never runs twice for the other sub-apps' paths.
 */
export const feedTransferApi = transfer.routes();
export const FEED_TRANSFER_ENDPOINTS = transfer.endpoints;

function responseOf(write: PreparedWrite): Response {
  return new Response(write.response.body, {
    status: write.response.status,
    headers: write.response.headers,
  });
}
