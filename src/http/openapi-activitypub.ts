import { MAX_RESOURCE_CHARS } from "../activitypub/discovery";
import type { ParameterObject } from "./openapi-types";

/** The Fediverse routes' section of the API reference and the query parameter only they take. */
export const FEDIVERSE_TAG = {
  name: "Fediverse",
  description:
    "Every feed is an ActivityPub actor that Mastodon and other Fediverse servers can follow (`@<feed>@<host>`): discovery (WebFinger, host-meta, NodeInfo), the actor with its outbox and follower count, each article as an object, and the inboxes, which take only activities signed with HTTP Signatures.",
};

export function activityPubParameters(): Record<string, ParameterObject> {
  return {
    resource: {
      name: "resource",
      in: "query",
      required: true,
      description: "Whom to look up: `acct:<feed>@<host>`, or a feed actor's URL.",
      schema: { type: "string", minLength: 1, maxLength: MAX_RESOURCE_CHARS },
    },
  };
}
