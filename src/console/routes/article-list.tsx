import * as v from "valibot";
import { type ArticleListing, listArticleListings, searchArticleTitles } from "../../db/article-listings";
import { encodeCursor } from "../../domain/cursor";
import type { Feed } from "../../domain/feed";
import { pageRequest } from "../../domain/paging";
import { roleAllows } from "../../domain/tokens";
import { publicOrigin } from "../../http/origin";
import { parseParametersOrThrow } from "../../http/validate";
import { type ConsoleContext, pageState } from "../console-env";
import { noticeText } from "../notices";
import { ArticlesPage } from "../pages/articles-page";

/** Articles per page of the list. */
export const ARTICLE_PAGE_SIZE = 25;
/** How many articles one search page compares, at most: a search costs the same in a feed of any size. */
export const SEARCH_WINDOW = 1_000;

const ArticleListQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200, "Must be at most 200 characters."))),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(64))),
  notice: v.optional(v.string()),
});

interface ListStep {
  articles: ArticleListing[];
  older: { cursor: string; searchedBack: number | null } | null;
}

/** One page of the plain list: newest created first, one row more than shown tells that an older page exists. */
async function listStep(db: D1Database, feed: Feed, beforeRowId: number | null): Promise<ListStep> {
  const rows = await listArticleListings(db, feed.rowId, beforeRowId, ARTICLE_PAGE_SIZE + 1);
  const articles = rows.slice(0, ARTICLE_PAGE_SIZE);
  const last = articles.at(-1);
  return {
    articles,
    older:
      rows.length > ARTICLE_PAGE_SIZE && last
        ? { cursor: encodeCursor([last.rowId]), searchedBack: null }
        : null,
  };
}

/**
 * One page of a title search: the matches among the next SEARCH_WINDOW articles. A full page continues after its last
 * match; a page that ran out of window continues below what it examined, and says how far back it looked.
 */
async function searchStep(
  db: D1Database,
  feed: Feed,
  text: string,
  beforeRowId: number | null,
): Promise<ListStep> {
  const step = await searchArticleTitles(
    db,
    feed.rowId,
    text,
    beforeRowId,
    SEARCH_WINDOW,
    ARTICLE_PAGE_SIZE + 1,
  );
  const articles = step.matches.slice(0, ARTICLE_PAGE_SIZE);
  const last = articles.at(-1);
  if (step.matches.length > ARTICLE_PAGE_SIZE && last) {
    return { articles, older: { cursor: encodeCursor([last.rowId]), searchedBack: null } };
  }
  if (step.examined === SEARCH_WINDOW && step.lowestRowId !== null) {
    return { articles, older: { cursor: encodeCursor([step.lowestRowId]), searchedBack: step.examined } };
  }
  return { articles, older: null };
}

export async function articleListPage(c: ConsoleContext, feed: Feed): Promise<Response> {
  const query = parseParametersOrThrow(ArticleListQuery, c.req.query(), "query");
  const { beforeRowId } = pageRequest({ cursor: query.cursor });
  const text = query.q ?? "";
  const step =
    text === ""
      ? await listStep(c.env.DB, feed, beforeRowId)
      : await searchStep(c.env.DB, feed, text, beforeRowId);
  return c.html(
    <ArticlesPage
      state={pageState(c)}
      feed={feed}
      origin={publicOrigin(c)}
      articles={step.articles}
      query={text}
      older={step.older}
      isFirstPage={beforeRowId === null}
      canWrite={roleAllows(c.get("grant").role, "write")}
      nowMs={Date.now()}
      notice={noticeText(query.notice)}
    />,
  );
}
