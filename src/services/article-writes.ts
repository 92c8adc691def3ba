import { replaceArticleTermsStatements } from "../db/article-terms";
import {
  type ArticleRecord,
  deleteArticleStatement,
  insertArticleStatement,
  updateArticleStatement,
} from "../db/articles";
import { insertEventStatement, markAnnouncedStatement } from "../db/events";
import { touchFeedStatement } from "../db/feeds";
import type { Article } from "../domain/article";
import { buildArticle } from "../domain/article-build";
import type { ArticleInput } from "../domain/article-input";
import { missingEpisodeSizes } from "../domain/article-podcast";
import { oversizeReason } from "../domain/article-size";
import { toArticleView } from "../domain/article-view";
import { type ArticleChange, buildArticleEvent, eventTypeForChange } from "../domain/events";
import type { Feed } from "../domain/feed";
import { FerryError } from "../domain/problems";
import { newUuid } from "../domain/uuid";
import { JSON_HEADERS, type PreparedWrite } from "./write-plan";

export function articleLocation(feedSlug: string, articleId: string): string {
  return `/v1/feeds/${feedSlug}/articles/${articleId}`;
}

function jsonResponse(status: number, article: Article, extraHeaders: Record<string, string> = {}) {
  return {
    status,
    headers: { ...JSON_HEADERS, ...extraHeaders },
    body: JSON.stringify(toArticleView(article)),
  };
}

/**
 * The outbox half of an article write: the event row (and the announcement mark) that go into the same
 * D1 batch as the article itself, so an event exists exactly when the change does.
 */
function outboxStatements(
  db: D1Database,
  feed: Feed,
  change: ArticleChange,
  article: Article,
  alreadyAnnounced: boolean,
  nowMs: number,
  previous: Article | null = null,
): { statements: D1PreparedStatement[]; events: string[] } {
  const type = eventTypeForChange(change, article, alreadyAnnounced, nowMs);
  if (!type) return { statements: [], events: [] };
  const event = buildArticleEvent(type, article, nowMs, previous);
  const statements = [insertEventStatement(db, feed.rowId, event)];
  if (type === "article.published" && change !== "create")
    statements.push(markAnnouncedStatement(db, article.id, nowMs));
  return { statements, events: [event.id] };
}

/** Refuses an article D1 could not store (see MAX_STORED_ARTICLE_BYTES) with a 413 naming the content. */
function assertStorable(article: Article): void {
  const reason = oversizeReason(article);
  if (reason) {
    throw new FerryError("payload_too_large", reason, {
      errors: [{ pointer: "/content_html", detail: reason }],
    });
  }
}

/** Refuses an attachment without its exact size in a podcast feed, with a 422 naming each one. */
function assertEpisodeSizes(feed: Feed, input: ArticleInput): void {
  const errors = missingEpisodeSizes(feed, input.attachments);
  if (errors.length === 0) return;
  const detail =
    errors.length === 1
      ? (errors[0]?.detail ?? "")
      : `${errors.length} attachments lack the exact size in bytes a podcast feed needs: ${errors.map((e) => e.pointer).join(", ")}.`;
  throw new FerryError("validation_failed", detail, { errors });
}

/** A new article: its row, its terms, the feed's change stamp and its outbox event, committed together. */
export function prepareCreateArticle(
  db: D1Database,
  feed: Feed,
  input: ArticleInput,
  nowMs: number,
): PreparedWrite {
  assertEpisodeSizes(feed, input);
  const article = buildArticle(input, {
    id: newUuid(),
    feedSlug: feed.slug,
    nowMs,
    previous: null,
  });
  assertStorable(article);
  const outbox = outboxStatements(db, feed, "create", article, false, nowMs);
  return {
    statements: [
      insertArticleStatement(db, feed.rowId, article, outbox.events.length > 0 ? nowMs : null),
      ...replaceArticleTermsStatements(db, feed.rowId, article),
      touchFeedStatement(db, feed.rowId, nowMs),
      ...outbox.statements,
    ],
    events: outbox.events,
    response: jsonResponse(201, article, { location: articleLocation(feed.slug, article.id) }),
  };
}

/**
 * An article imported from another feed: its original GUID and dates kept, its row and terms (the caller
 * batches many and touches the feed once per batch). It is marked announced without an outbox event, so
 * importing a back catalogue never sends subscribers a webhook or WebSub push per old article; one dated in
 * the future stays unannounced and is announced by the cron when its time comes, like any scheduled article.
 */
export function prepareImportArticle(
  db: D1Database,
  feed: Feed,
  input: ArticleInput,
  source: { guid: string; contentBaseUrl: string | null },
  nowMs: number,
): { article: Article; statements: D1PreparedStatement[] } {
  const article = buildArticle(input, {
    id: newUuid(),
    feedSlug: feed.slug,
    nowMs,
    previous: null,
    guid: source.guid,
    contentBaseUrl: source.contentBaseUrl,
  });
  const announcedAt = article.datePublished <= nowMs ? nowMs : null;
  return {
    article,
    statements: [
      insertArticleStatement(db, feed.rowId, article, announcedAt),
      ...replaceArticleTermsStatements(db, feed.rowId, article),
    ],
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
  assertEpisodeSizes(feed, input);
  const article = buildArticle(input, {
    id: current.article.id,
    feedSlug: feed.slug,
    nowMs,
    previous: current.article,
  });
  assertStorable(article);
  const outbox = outboxStatements(
    db,
    feed,
    "update",
    article,
    current.announcedAt !== null,
    nowMs,
    current.article,
  );
  return {
    statements: [
      updateArticleStatement(db, current.rowId, article),
      ...replaceArticleTermsStatements(db, feed.rowId, article),
      touchFeedStatement(db, feed.rowId, nowMs),
      ...outbox.statements,
    ],
    events: outbox.events,
    response: jsonResponse(200, article),
  };
}

export function prepareDeleteArticle(
  db: D1Database,
  feed: Feed,
  current: ArticleRecord,
  nowMs: number,
): PreparedWrite {
  const tombstone: Article = {
    ...current.article,
    summary: null,
    contentHtml: null,
    contentText: null,
    image: null,
    bannerImage: null,
    attachments: [],
    podcast: null,
    updatedAt: nowMs,
    deletedAt: nowMs,
  };
  const outbox = outboxStatements(db, feed, "delete", tombstone, current.announcedAt !== null, nowMs);
  return {
    statements: [
      deleteArticleStatement(db, current.rowId, nowMs),
      ...replaceArticleTermsStatements(db, feed.rowId, tombstone),
      touchFeedStatement(db, feed.rowId, nowMs),
      ...outbox.statements,
    ],
    events: outbox.events,
    response: { status: 204, headers: {}, body: "" },
  };
}
