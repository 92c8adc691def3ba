import { ACTOR_MEDIA_TYPE } from "../feeds/fediverse-links";

/** The ActivityStreams names and media types Ferry's ActivityPub documents use. */

export const ACTIVITY_STREAMS = "https://www.w3.org/ns/activitystreams";
export const PUBLIC_COLLECTION = `${ACTIVITY_STREAMS}#Public`;
export const SECURITY_V1 = "https://w3id.org/security/v1";

/** The media type every ActivityPub document is served and sent as. */
export const ACTIVITY_JSON = ACTOR_MEDIA_TYPE;
/** The other media type ActivityPub names for its documents (§3.2). */
export const LD_JSON_ACTIVITY = `application/ld+json; profile="${ACTIVITY_STREAMS}"`;

/** Terms outside the ActivityStreams context that Mastodon reads, declared once for every document. */
const EXTENSIONS = {
  Hashtag: "as:Hashtag",
  sensitive: "as:sensitive",
  manuallyApprovesFollowers: "as:manuallyApprovesFollowers",
  toot: "http://joinmastodon.org/ns#",
  discoverable: "toot:discoverable",
  indexable: "toot:indexable",
  schema: "http://schema.org#",
  PropertyValue: "schema:PropertyValue",
  value: "schema:value",
};

/** The `@context` of every top-level document Ferry writes. */
export const JSON_LD_CONTEXT = [ACTIVITY_STREAMS, SECURITY_V1, EXTENSIONS];

/** An ActivityPub document as Ferry writes it: plain JSON, built from data and serialised once. */
export type ApDocument = Record<string, unknown>;
