import { listArticlesForApi } from "../db/articles";
import type { Feed } from "../domain/feed";
import { feedUrls } from "../feeds/feed-urls";
import { EXPORT_TAIL, exportHead, exportItem } from "../feeds/json-feed-export";

/** Articles read per D1 query while exporting: few round trips, yet a bounded slice of memory. */
export const EXPORT_PAGE_ROWS = 500;

/** The export as a download: a JSON Feed attachment named after the feed, never cached. */
export function exportFeedHeaders(feedSlug: string): Record<string, string> {
  return {
    "content-type": "application/feed+json; charset=utf-8",
    "content-disposition": `attachment; filename="${feedSlug}.json"`,
    "cache-control": "no-store",
  };
}

/**
 * Streams every live article of a feed, newest first (by creation, as the API lists them), future-dated
 * ones included since they are the publisher's data too, as one JSON Feed 1.1 document. Only one page of
 * rows is held at a time. Articles created after the export started are not in it. If a read fails midway
 * the stream errors, so the client gets a truncated, invalid document rather than a short valid one.
 */
export function exportFeedStream(
  db: D1Database,
  feed: Feed,
  origin: string,
  nowMs: number,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const urls = feedUrls(origin, feed.slug, null, null);
  let beforeRowId: number | null = null;
  let first = true;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(exportHead(feed, urls.json, urls.html, nowMs)));
        return;
      }
      const records = await listArticlesForApi(db, feed.rowId, beforeRowId, EXPORT_PAGE_ROWS).catch(
        (error) => {
          console.error(
            JSON.stringify({
              level: "error",
              message: "export failed midway",
              feed: feed.slug,
              error: String(error),
            }),
          );
          throw error;
        },
      );
      const items = records.map((record) => exportItem(record.article));
      if (items.length > 0) {
        controller.enqueue(encoder.encode((first ? "" : ",") + items.join(",")));
        first = false;
      }
      beforeRowId = records.at(-1)?.rowId ?? beforeRowId;
      if (records.length < EXPORT_PAGE_ROWS) {
        controller.enqueue(encoder.encode(EXPORT_TAIL));
        controller.close();
      }
    },
  });
}
