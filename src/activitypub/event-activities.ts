import type { ArticleOutput } from "../domain/api-schemas";
import type { Article } from "../domain/article";
import type { ArticleEventPayload } from "../domain/event-catalogue";
import { parseRfc3339 } from "../domain/rfc3339";
import { actorUrls, articleObjectId } from "./actor-urls";
import { articleObject, type ObjectScope, tombstone } from "./article-object";
import { type ApDocument, JSON_LD_CONTEXT, PUBLIC_COLLECTION } from "./vocabulary";

/** What a feed's followers get for each article event: the article created, updated, or deleted. */
export const ACTIVITY_OF_EVENT = {
  "article.published": "Create",
  "article.updated": "Update",
  "article.deleted": "Delete",
} as const;

/** A Create is one per article, so its id is the object's with a fragment; the outbox lists the same id. */
export function createActivity(article: Article, scope: ObjectScope): ApDocument {
  const object = articleObject(article, scope);
  return wrap(`${object.id}#create`, "Create", scope, object, object.published as string);
}

/**
 * The activity an article event announces to followers, built from the event's stored body (the article in its
 * API shape, or its tombstone), so every retry sends the same activity. `eventId` makes each Update distinct.
 */
export function activityForEvent(
  eventId: string,
  payload: ArticleEventPayload,
  scope: ObjectScope,
): ApDocument {
  const article = articleFromView(payload.data);
  const objectId = articleObjectId(scope.origin, scope.slug, article.id);
  switch (payload.type) {
    case "article.published":
      return createActivity(article, scope);
    case "article.updated":
      return wrap(
        `${objectId}#updates/${eventId}`,
        "Update",
        scope,
        articleObject(article, scope),
        payload.timestamp,
      );
    case "article.deleted":
      return wrap(
        `${objectId}#delete`,
        "Delete",
        scope,
        tombstone(scope.origin, scope.slug, article.id, article.deletedAt ?? Date.parse(payload.timestamp)),
        payload.timestamp,
      );
  }
}

function wrap(
  id: string,
  type: string,
  scope: ObjectScope,
  object: ApDocument,
  published: string,
): ApDocument {
  const urls = actorUrls(scope.origin, scope.slug);
  return {
    "@context": JSON_LD_CONTEXT,
    id,
    type,
    actor: urls.actor,
    published,
    to: [PUBLIC_COLLECTION],
    cc: [urls.followers],
    object,
  };
}

/** The article an event's `data` describes, back in Ferry's own shape (the body of a tombstone is absent). */
export function articleFromView(view: ArticleOutput): Article {
  const time = (text: string | undefined) => (text === undefined ? null : parseRfc3339(text));
  return {
    id: view.id,
    guid: view.guid ?? null,
    feedSlug: view.feed,
    title: view.title,
    summary: view.summary ?? null,
    contentHtml: view.content_html ?? null,
    contentText: view.content_text ?? null,
    url: view.url ?? null,
    externalUrl: view.external_url ?? null,
    image: view.image ?? null,
    bannerImage: view.banner_image ?? null,
    authors: view.authors,
    tags: view.tags,
    language: view.language ?? null,
    attachments: view.attachments.map((a) => ({
      url: a.url,
      mimeType: a.mime_type,
      ...(a.title === undefined ? {} : { title: a.title }),
    })),
    podcast: null,
    datePublished: time(view.date_published) ?? 0,
    dateModified: time(view.date_modified),
    createdAt: time(view.created_at) ?? 0,
    updatedAt: time(view.updated_at) ?? 0,
    deletedAt: time(view.deleted_at),
  };
}
