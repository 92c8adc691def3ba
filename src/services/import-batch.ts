import { findArticleIdsByGuid } from "../db/articles";
import { touchFeedStatement } from "../db/feeds";
import type { ImportedItem } from "../domain/api-schemas";
import type { ArticleInput } from "../domain/article-input";
import { oversizeReason } from "../domain/article-size";
import type { Feed } from "../domain/feed";
import { prepareImportArticle } from "./article-writes";

/** A validated item of an imported document, ready to be written. */
export interface ImportableItem {
  index: number;
  guid: string;
  input: ArticleInput;
  /** Size of the article's content, to keep each D1 batch modest. */
  bytes: number;
  contentBaseUrl: string | null;
}

export function skippedOutcome(item: ImportableItem, id: string | undefined, detail: string): ImportedItem {
  const outcome: ImportedItem = {
    index: item.index,
    guid: item.guid,
    status: "skipped",
    title: item.input.title,
    detail,
  };
  if (id) outcome.id = id;
  return outcome;
}

/**
 * One batch: GUIDs the feed has are skipped; the rest are inserted with their terms and one feed touch in a
 * single D1 batch. An insert that changed nothing lost a race with a concurrent import of the same GUID.
 */
export async function writeImportBatch(
  db: D1Database,
  feed: Feed,
  batch: readonly ImportableItem[],
  nowMs: number,
): Promise<ImportedItem[]> {
  const existing = await findArticleIdsByGuid(
    db,
    feed.rowId,
    batch.map((item) => item.guid),
  );
  const outcomes: ImportedItem[] = [];
  const fresh = batch.filter((item) => {
    const id = existing.get(item.guid);
    if (id !== undefined) outcomes.push(skippedOutcome(item, id, "Already in the feed."));
    return id === undefined;
  });
  const prepared = fresh.map((item) => ({
    item,
    ...prepareImportArticle(
      db,
      feed,
      item.input,
      { guid: item.guid, contentBaseUrl: item.contentBaseUrl },
      nowMs,
    ),
  }));
  // Sanitising can grow content past what D1 stores; such an item is rejected, the rest still imported.
  const writes = prepared.filter(({ item, article }) => {
    const reason = oversizeReason(article);
    if (reason) {
      outcomes.push({
        index: item.index,
        guid: item.guid,
        status: "rejected",
        title: article.title,
        errors: [{ pointer: "/content_html", detail: reason }],
      });
    }
    return reason === null;
  });
  if (writes.length === 0) return outcomes;
  const results = await db.batch([
    ...writes.flatMap((w) => w.statements),
    touchFeedStatement(db, feed.rowId, nowMs),
  ]);
  const raced: ImportableItem[] = [];
  let offset = 0;
  for (const write of writes) {
    // The article's insert is the first of its statements.
    const inserted = (results[offset]?.meta.changes ?? 0) > 0;
    offset += write.statements.length;
    if (inserted)
      outcomes.push({
        index: write.item.index,
        guid: write.item.guid,
        status: "created",
        id: write.article.id,
        title: write.article.title,
      });
    else raced.push(write.item);
  }
  const winners =
    raced.length > 0
      ? await findArticleIdsByGuid(
          db,
          feed.rowId,
          raced.map((item) => item.guid),
        )
      : new Map();
  for (const item of raced)
    outcomes.push(skippedOutcome(item, winners.get(item.guid), "Already in the feed."));
  return outcomes;
}
