/** Where a feed's ActivityPub actor lives and the handle people follow it by, for pages and for the actor itself. */

export const ACTOR_MEDIA_TYPE = "application/activity+json";

/** The actor document's URL, which is also the actor's id: `<origin>/feeds/<slug>/actor`. */
export function feedActorUrl(origin: string, slug: string): string {
  return `${origin}/feeds/${encodeURIComponent(slug)}/actor`;
}

/** The account name people type to follow a feed: `@news@ferry.example`. */
export function fediverseHandle(origin: string, slug: string): string {
  return `@${slug}@${new URL(origin).host}`;
}
