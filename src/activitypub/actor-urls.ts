import { tagKey } from "../domain/article-terms";
import { feedActorUrl } from "../feeds/fediverse-links";
import { feedUrls } from "../feeds/feed-urls";

/**
 * Where a feed's actor and its collections live. Every id is a URL Ferry answers, so other servers can
 * dereference whatever Ferry sends them.
 */
export interface ActorUrls {
  /** The actor document; its id. */
  actor: string;
  keyId: string;
  inbox: string;
  outbox: string;
  /** The newest page of the outbox; older ones add `?before=`. */
  outboxPage: string;
  followers: string;
  sharedInbox: string;
  /** The feed's HTML page, where people land. */
  page: string;
}

/** The path prefix of every feed's actor resources: `/feeds/<slug>/`. */
const FEEDS = "/feeds/";
export const SHARED_INBOX_PATH = "/inbox";

export function actorUrls(origin: string, slug: string): ActorUrls {
  const base = `${origin}${FEEDS}${encodeURIComponent(slug)}/`;
  const actor = feedActorUrl(origin, slug);
  return {
    actor,
    keyId: `${actor}#main-key`,
    inbox: `${base}inbox`,
    outbox: `${base}outbox`,
    outboxPage: `${base}outbox/page`,
    followers: `${base}followers`,
    sharedInbox: origin + SHARED_INBOX_PATH,
    page: feedUrls(origin, slug, null, null).html,
  };
}

/** The dereferenceable id of an article as an ActivityPub object. */
export function articleObjectId(origin: string, slug: string, articleId: string): string {
  return `${origin}${FEEDS}${encodeURIComponent(slug)}/articles/${articleId}`;
}

/** The HTML page of one of a feed's tags, which a Hashtag links to. */
export function tagPageUrl(origin: string, slug: string, tag: string): string {
  return feedUrls(origin, slug, { kind: "tag", key: tagKey(tag) }, null).html;
}

/**
 * The feed an actor URL of this origin names, or null: how the shared inbox tells which feed a Follow is for.
 * Only the exact URL `feedActorUrl` writes is recognised.
 */
export function slugOfActorUrl(origin: string, url: string): string | null {
  const prefix = origin + FEEDS;
  if (!url.startsWith(prefix)) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(url.slice(prefix.length).split("/", 1)[0] ?? "");
  } catch {
    return null;
  }
  return slug !== "" && feedActorUrl(origin, slug) === url ? slug : null;
}
