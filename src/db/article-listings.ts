/** One line of a feed's article list: what it is and when, never its content. */
export interface ArticleListing {
  rowId: number;
  id: string;
  title: string;
  datePublished: number;
  updatedAt: number;
  deletedAt: number | null;
}

interface ListingRow {
  id: number;
  public_id: string;
  title: string;
  date_published: number;
  updated_at: number;
  deleted_at: number | null;
}

const LISTING_COLUMNS = "a.id, a.public_id, a.title, a.date_published, a.updated_at, a.deleted_at";

function toListing(row: ListingRow): ArticleListing {
  return {
    rowId: row.id,
    id: row.public_id,
    title: row.title,
    datePublished: row.date_published,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

/** Every article of a feed, deleted ones included, newest created first, from just before `beforeRowId`. */
export async function listArticleListings(
  db: D1Database,
  feedRowId: number,
  beforeRowId: number | null,
  limit: number,
): Promise<ArticleListing[]> {
  const { results } = await db
    .prepare(
      `SELECT ${LISTING_COLUMNS} FROM articles a WHERE a.feed_id = ? AND a.id < ? ORDER BY a.id DESC LIMIT ?`,
    )
    .bind(feedRowId, beforeRowId ?? Number.MAX_SAFE_INTEGER, limit)
    .all<ListingRow>();
  return results.map(toListing);
}

/** What one search step found, and how far back it looked. */
export interface TitleSearchStep {
  matches: ArticleListing[];
  /** How many articles the step examined: fewer than its window means it reached the feed's oldest. */
  examined: number;
  /** The oldest row id examined; the next step starts below it. */
  lowestRowId: number | null;
}

/** `%` and `_` match themselves: the text is searched for as typed. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Articles whose title contains `text` (ASCII letters in any case), among at most `window` articles of the feed
 * before `beforeRowId`, newest first: whatever the feed's size or the text, one step reads a bounded index range
 * and compares at most `window` titles. The caller continues below `lowestRowId` for older matches.
 */
export async function searchArticleTitles(
  db: D1Database,
  feedRowId: number,
  text: string,
  beforeRowId: number | null,
  window: number,
  limit: number,
): Promise<TitleSearchStep> {
  const before = beforeRowId ?? Number.MAX_SAFE_INTEGER;
  const windowSql = "SELECT id FROM articles WHERE feed_id = ? AND id < ? ORDER BY id DESC LIMIT ?";
  const [found, extent] = await db.batch([
    db
      .prepare(
        `SELECT ${LISTING_COLUMNS} FROM articles a WHERE a.id IN (${windowSql})
           AND a.title LIKE ? ESCAPE '\\' ORDER BY a.id DESC LIMIT ?`,
      )
      .bind(feedRowId, before, window, containsPattern(text), limit),
    db
      .prepare(`SELECT count(*) AS examined, min(id) AS lowest FROM (${windowSql})`)
      .bind(feedRowId, before, window),
  ]);
  const span = (extent?.results[0] ?? {}) as { examined?: number; lowest?: number | null };
  return {
    matches: ((found?.results ?? []) as ListingRow[]).map(toListing),
    examined: span.examined ?? 0,
    lowestRowId: span.lowest ?? null,
  };
}
