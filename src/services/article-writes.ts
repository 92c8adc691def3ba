import {
  type ArticleRecord,
  deleteArticleStatement,
  insertArticleStatement,
  updateArticleStatement,
} from "../db/articles";
import { replaceArticleTermsStatements } from "../db/article-terms";
import { touchFeedStatement } from "../db/feeds";
import type { Article } from "../domain/article";
import { buildArticle } from "../domain/article-build";
import type { ArticleInput } from "../domain/article-input";
import { toArticleView } from "../domain/article-view";
import type { Feed } from "../domain/feed";
import type { PreparedWrite } from "../http/idempotency";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

export function articleLocation(feedSlug: string, articleId: string): string {
  return `/v1/feeds/${feedSlug}/articles/${articleId}`;
}

function jsonResponse(status: number, article: Article, extraHeaders: Record<string, string> = {}) {
  return { status, headers: { ...JSON_HEADERS, ...extraHeaders }, body: JSON.stringify(toArticleView(article)) };
}

/** A new article: its row and the feed's change stamp, committed together. */
export function prepareCreateArticle(db: D1Database, feed: Feed, input: ArticleInput, nowMs: number): PreparedWrite {
  const article = buildArticle(input, { id: crypto.randomUUID(), feedSlug: feed.slug, nowMs, previous: null });
  return {
    statements: [
      insertArticleStatement(db, feed.rowId, article),
      ...replaceArticleTermsStatements(db, feed.rowId, article),
      touchFeedStatement(db, feed.rowId, nowMs),
    ],
    response: jsonResponse(201, article, { location: articleLocation(feed.slug, article.id) }),
  };
}

/** A full replacement of a live article's content; its id and creation time never change. */
export function prepareUpdateArticle(
  db: D1Database,
  feed: Feed,
  current: ArticleRecord,
  input: ArticleInput,
  nowMs: number,
): PreparedWrite {
  const article = buildArticle(input, {
    id: current.article.id,
    feedSlug: feed.slug,
    nowMs,
    previous: current.article,
  });
  return {
    statements: [
      updateArticleStatement(db, current.rowId, article),
      ...replaceArticleTermsStatements(db, feed.rowId, article),
      touchFeedStatement(db, feed.rowId, nowMs),
    ],
    response: jsonResponse(200, article),
  };
}

export function prepareDeleteArticle(db: D1Database, feed: Feed, current: ArticleRecord, nowMs: number): PreparedWrite {
  return {
    statements: [
      deleteArticleStatement(db, current.rowId, nowMs),
      ...replaceArticleTermsStatements(db, feed.rowId, { ...current.article, deletedAt: nowMs }),
      touchFeedStatement(db, feed.rowId, nowMs),
    ],
    response: { status: 204, headers: {}, body: "" },
  };
}
