import type { StreamEvent } from "../domain/event-window";
import type { Feed } from "../domain/feed";
import { nameUuid } from "../domain/uuid";

/** A page of a feed's event stream as the Atom renderer sees it, newest first. */
export interface EventFeedDocument {
  /** Stable URI of the feed and its filters, the same on every page. */
  id: string;
  title: string;
  /** Named as the author of every entry (Atom requires one). */
  authorName: string;
  /** Epoch ms of the newest event on the page, else of the feed itself: never the time of the request. */
  updated: number;
  urls: EventFeedUrls;
  /** True on older pages: RFC 5005 archive documents, which only the retention purge changes. */
  archived: boolean;
  /** Ferry's documentation, for `<generator uri>`. */
  generatorUri: string;
  events: readonly StreamEvent[];
}

/** This page, the newest page (the subscription document) and the next, older one (null on the last). */
export interface EventFeedUrls {
  self: string;
  first: string;
  next: string | null;
}

/**
 * The URLs of one page of `/v1/feeds/{slug}/events.atom`, from the selection's canonical parameters and the
 * opaque `before` cursors of this page and the next (null: the newest page, or no older one).
 */
export function eventFeedUrls(
  origin: string,
  slug: string,
  parameters: readonly [string, string][],
  before: string | null,
  nextBefore: string | null,
): EventFeedUrls {
  const base = `${origin}/v1/feeds/${slug}/events.atom`;
  const at = (cursor: string | null) => {
    const all = cursor === null ? [...parameters] : [...parameters, ["before", cursor]];
    return all.length === 0 ? base : `${base}?${new URLSearchParams(all).toString()}`;
  };
  return { self: at(before), first: at(null), next: nextBefore === null ? null : at(nextBefore) };
}

/**
 * The Atom id of a feed's event stream with these filters: the name-based UUID of the filters under the
 * feed's own UUID, so it never changes and differs from the feed's article feeds.
 */
export function eventFeedId(feed: Pick<Feed, "publicId">, filters: readonly [string, string][]): string {
  return `urn:uuid:${nameUuid(feed.publicId, `events?${new URLSearchParams([...filters]).toString()}`)}`;
}

/** The renderer's view of one page. */
export function describeEventFeed(
  origin: string,
  feed: Feed,
  filters: readonly [string, string][],
  urls: EventFeedUrls,
  events: readonly StreamEvent[],
): EventFeedDocument {
  return {
    id: eventFeedId(feed, filters),
    title: `${feed.title} — events`,
    authorName: feed.author?.name || feed.title,
    updated: events[0]?.createdAt ?? feed.createdAt,
    urls,
    archived: urls.self !== urls.first,
    generatorUri: `${origin}/docs`,
    events,
  };
}
