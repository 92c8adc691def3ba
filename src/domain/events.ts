import type { Article } from "./article";
import { articleTermKeys, unionTermKeys } from "./article-terms";
import { toArticleView } from "./article-view";
import type { ArticleEventPayload, WebhookTestEvent } from "./event-catalogue";
import { formatRfc3339 } from "./rfc3339";
import { newPrefixedId } from "./uuid";

/** The events webhooks subscribe to: what happens to articles. */
export const ARTICLE_EVENT_TYPES = ["article.published", "article.updated", "article.deleted"] as const;
export type ArticleEventType = (typeof ARTICLE_EVENT_TYPES)[number];
/** Every outbox event: the article events, a webhook's test ping and a WebSub publish ping. */
export const EVENT_TYPES = [...ARTICLE_EVENT_TYPES, "webhook.test", "websub.publish"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One outbox event: its id is the `webhook-id` and its payload the exact body every subscriber gets. */
export interface OutboxEvent {
  id: string;
  type: EventType;
  articleId: string | null;
  payload: string;
  createdAt: number;
  /** Tag and author keys of the article: which tag and author feeds (WebSub topics) it changes. */
  termKeys: { tags: string[]; authors: string[] } | null;
  /** For `websub.publish`: the one topic whose subscribers get the current document. */
  topicUrl: string | null;
}

/** Standard Webhooks message ids: `msg_` and 32 random hex digits. */
export function newEventId(): string {
  return newPrefixedId("msg_", 32);
}

export type ArticleChange = "create" | "update" | "delete";

/**
 * Which event a change announces. Subscribers hear of an article only once it is live: a future-dated
 * article is announced by the cron when its time comes, and changes before that announce nothing.
 */
export function eventTypeForChange(
  change: ArticleChange,
  article: Article,
  alreadyAnnounced: boolean,
  nowMs: number,
): ArticleEventType | null {
  const live = article.datePublished <= nowMs;
  if (change === "delete") return alreadyAnnounced ? "article.deleted" : null;
  if (alreadyAnnounced) return "article.updated";
  return live ? "article.published" : null;
}

/**
 * The article event. `previous` is the article as it was before an update: its tags and authors count too,
 * since the feeds it left changed as well, and a subscriber filtering on one of them hears once that the
 * article no longer matches.
 */
export function buildArticleEvent(
  type: ArticleEventType,
  article: Article,
  nowMs: number,
  previous: Article | null = null,
): OutboxEvent {
  const payload = JSON.stringify(articleEventPayload(type, article, nowMs));
  return {
    id: newEventId(),
    type,
    articleId: article.id,
    payload,
    createdAt: nowMs,
    termKeys: previous
      ? unionTermKeys(articleTermKeys(previous), articleTermKeys(article))
      : articleTermKeys(article),
    topicUrl: null,
  };
}

/** The body of an article event, of its catalogue schema's type: a delete carries the tombstone. */
function articleEventPayload(type: ArticleEventType, article: Article, nowMs: number): ArticleEventPayload {
  const timestamp = formatRfc3339(nowMs);
  const data = toArticleView(article);
  if (type !== "article.deleted") return { type, timestamp, data };
  const { deleted_at } = data;
  // A delete is announced only with the tombstone prepareDeleteArticle stores, which always has deleted_at.
  if (deleted_at === undefined) throw new Error(`article.deleted for ${article.id}, which is not deleted`);
  return { type, timestamp, data: { ...data, deleted_at } };
}

export function buildTestEvent(endpointId: string, feedSlug: string, nowMs: number): OutboxEvent {
  const body: WebhookTestEvent = {
    type: "webhook.test",
    timestamp: formatRfc3339(nowMs),
    data: { endpoint_id: endpointId, feed: feedSlug, message: "This is a test event from Ferry." },
  };
  const payload = JSON.stringify(body);
  return {
    id: newEventId(),
    type: "webhook.test",
    articleId: null,
    payload,
    createdAt: nowMs,
    termKeys: null,
    topicUrl: null,
  };
}

/** An external publisher's WebSub ping: push the topic's current document to its subscribers. */
export function buildTopicPublishEvent(topicUrl: string, nowMs: number): OutboxEvent {
  const payload = JSON.stringify({
    type: "websub.publish",
    timestamp: formatRfc3339(nowMs),
    data: { topic: topicUrl },
  });
  return {
    id: newEventId(),
    type: "websub.publish",
    articleId: null,
    payload,
    createdAt: nowMs,
    termKeys: null,
    topicUrl,
  };
}
