import * as v from "valibot";
import { ArticleOutput } from "./api-schemas";
import type { EventType } from "./events";

/**
 * The webhook event catalogue: one schema per body Ferry POSTs to subscriber endpoints. The builders in
 * events.ts are typed against these schemas, and `GET /v1/event-types` and the OpenAPI `webhooks` are
 * generated from them, so what is sent and what is published cannot drift apart.
 */

/** The events a webhook endpoint can receive; `websub.publish` only drives Ferry's own WebSub pushes. */
export type WebhookEventType = Exclude<EventType, "websub.publish">;

const EventTimestamp = v.pipe(
  v.string(),
  v.isoTimestamp(),
  v.description(
    "When Ferry recorded the event (RFC 3339, UTC). Part of the signed body, so the same on every retry and replay.",
  ),
);

/** Every body is `{ type, timestamp, data }`; the description says when the event is sent. */
function eventPayload<const T extends WebhookEventType, D extends v.GenericSchema>(
  type: T,
  data: D,
  description: string,
) {
  return v.pipe(
    v.object({ type: v.literal(type), timestamp: EventTimestamp, data }),
    v.description(description),
  );
}

/** A deleted article: `deleted_at` is always set and the content members are gone. */
export const ArticleTombstone = v.pipe(
  v.object({ ...ArticleOutput.entries, deleted_at: ArticleOutput.entries.deleted_at.wrapped }),
  v.description(
    "The deleted article: its id, feed, title, links, authors, tags and dates, with `deleted_at` set; summary, content, images and attachments are removed.",
  ),
);

export const WebhookTestData = v.object({
  endpoint_id: v.pipe(
    v.string(),
    v.regex(/^ep_[0-9a-f]{24}$/),
    v.description("The endpoint this ping was sent to."),
  ),
  feed: v.pipe(v.string(), v.description("Slug of the endpoint's feed.")),
  message: v.string(),
});

export const ArticlePublishedEvent = eventPayload(
  "article.published",
  ArticleOutput,
  "An article went live: when it is created, or for a future-dated article when its publication time comes. `data` is the article as the API returns it.",
);

export const ArticleUpdatedEvent = eventPayload(
  "article.updated",
  ArticleOutput,
  "A live article was replaced or patched. `data` is the article as it is after the change.",
);

export const ArticleDeletedEvent = eventPayload(
  "article.deleted",
  ArticleTombstone,
  "A live article was deleted. `data` is its tombstone. An article deleted before it went live announces nothing.",
);

export const WebhookTestEvent = eventPayload(
  "webhook.test",
  WebhookTestData,
  "A test ping, sent to one endpoint only when asked with `POST /v1/feeds/{feed}/webhooks/{endpoint}/test`.",
);

/** The body of each event type a webhook endpoint can receive, in the order they are documented. */
export const WEBHOOK_EVENT_PAYLOADS = {
  "article.published": ArticlePublishedEvent,
  "article.updated": ArticleUpdatedEvent,
  "article.deleted": ArticleDeletedEvent,
  "webhook.test": WebhookTestEvent,
} as const satisfies Record<WebhookEventType, v.GenericSchema>;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENT_PAYLOADS) as WebhookEventType[];

/** What `GET /v1/event-types` answers: each event type, what it means and its payload's JSON Schema. */
export const EventTypeList = v.object({
  items: v.array(
    v.object({
      name: v.picklist(WEBHOOK_EVENT_TYPES),
      description: v.string(),
      schema: v.pipe(
        v.record(v.string(), v.unknown()),
        v.description("The JSON Schema (draft 2020-12) of the body, self-contained."),
      ),
    }),
  ),
});

export type ArticleEventPayload = v.InferOutput<
  typeof ArticlePublishedEvent | typeof ArticleUpdatedEvent | typeof ArticleDeletedEvent
>;
export type WebhookTestEvent = v.InferOutput<typeof WebhookTestEvent>;
export type EventTypeList = v.InferOutput<typeof EventTypeList>;

/** What an event type means and when it is sent: the description its payload schema carries. */
export function describeEventType(type: WebhookEventType): string {
  return v.getDescription(WEBHOOK_EVENT_PAYLOADS[type]) ?? type;
}
