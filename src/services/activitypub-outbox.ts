import { listPublishedArticles } from "../db/articles";
import type { Article } from "../domain/article";
import type { Feed } from "../domain/feed";
import { pageFromRows } from "../domain/paging";
import { encodeTimelineCursor, type TimelinePosition } from "../domain/timeline-cursor";

/** One page of a feed's outbox: the articles its feeds show on the same page, and the next page's cursor. */
export interface OutboxArticles {
  items: Article[];
  next: string | null;
}

/** The outbox pages exactly as the feeds do: `item_limit` live articles, newest first, from a `before` cursor. */
export async function loadOutboxArticles(
  db: D1Database,
  feed: Feed,
  before: TimelinePosition | null,
  nowMs: number,
): Promise<OutboxArticles> {
  const rows = await listPublishedArticles(db, feed.rowId, nowMs, before, feed.itemLimit + 1);
  const page = pageFromRows(rows, feed.itemLimit, (last) =>
    encodeTimelineCursor({ datePublished: last.article.datePublished, rowId: last.rowId }),
  );
  return { items: page.items.map((record) => record.article), next: page.nextCursor };
}
