import { actorUrls } from "./actor-urls";
import { type ApDocument, JSON_LD_CONTEXT } from "./vocabulary";

/** A Follow Ferry accepted: who followed which feed, with the Follow's own id. */
export interface AcceptedFollow {
  /** The follower row: makes the Accept's id unique and stable across retries. */
  followerRowId: number;
  followActivityId: string;
  followerActorId: string;
}

/** The Accept of a Follow, carrying the Follow itself as Mastodon expects. */
export function acceptActivity(origin: string, slug: string, follow: AcceptedFollow): ApDocument {
  const urls = actorUrls(origin, slug);
  return {
    "@context": JSON_LD_CONTEXT,
    id: `${urls.actor}#accepts/${follow.followerRowId}`,
    type: "Accept",
    actor: urls.actor,
    to: [follow.followerActorId],
    object: {
      id: follow.followActivityId,
      type: "Follow",
      actor: follow.followerActorId,
      object: urls.actor,
    },
  };
}
