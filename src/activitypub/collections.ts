import type { Article } from "../domain/article";
import { actorUrls } from "./actor-urls";
import type { ObjectScope } from "./article-object";
import { createActivity } from "./event-activities";
import { type ApDocument, JSON_LD_CONTEXT } from "./vocabulary";

/** The outbox: an OrderedCollection whose pages hold the feed's Create activities, newest first. */
export function outboxCollection(origin: string, slug: string): ApDocument {
  const urls = actorUrls(origin, slug);
  return { "@context": JSON_LD_CONTEXT, id: urls.outbox, type: "OrderedCollection", first: urls.outboxPage };
}

/**
 * One page of the outbox, paged as the feeds are: at most the feed's `item_limit` articles, and `next` (with
 * the same `before` cursor the feeds use) while older ones exist.
 */
export function outboxPage(
  scope: ObjectScope,
  page: { before: string | null; next: string | null; items: Article[] },
): ApDocument {
  const urls = actorUrls(scope.origin, scope.slug);
  const at = (cursor: string) => `${urls.outboxPage}?before=${encodeURIComponent(cursor)}`;
  return {
    "@context": JSON_LD_CONTEXT,
    id: page.before === null ? urls.outboxPage : at(page.before),
    type: "OrderedCollectionPage",
    partOf: urls.outbox,
    ...(page.next === null ? {} : { next: at(page.next) }),
    orderedItems: page.items.map((article) => {
      const { "@context": _context, ...activity } = createActivity(article, scope);
      return activity;
    }),
  };
}

/** Followers are counted, never listed: who follows a feed is theirs to tell. */
export function followersCollection(origin: string, slug: string, count: number): ApDocument {
  return {
    "@context": JSON_LD_CONTEXT,
    id: actorUrls(origin, slug).followers,
    type: "OrderedCollection",
    totalItems: count,
  };
}
