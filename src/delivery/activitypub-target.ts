import { actorUrls } from "../activitypub/actor-urls";
import { activityForEvent } from "../activitypub/event-activities";
import { ACTIVITY_JSON } from "../activitypub/vocabulary";
import { removeFollowersStatements } from "../db/activitypub-followers";
import type { InboxTarget } from "../db/activitypub-inboxes";
import type { DeliveryContext } from "../db/delivery-context";
import type { ArticleEventPayload } from "../domain/event-catalogue";
import { signOutgoing } from "../domain/http-signature";
import { type SecretKey, SecretKeyError } from "../domain/secret-box";
import { openActorKey } from "../services/activitypub-keys";
import type { DeliveryOutcome } from "./retry-policy";
import type { OutboundRequest } from "./send-attempt";

/** An inbox whose last follower left (its row is gone) gets nothing more. */
export function activityPubReadiness(inbox: InboxTarget | null): "ready" | "cancel" {
  return inbox === null ? "cancel" : "ready";
}

/**
 * The activity an article event means to the feed's followers (Create, Update, or Delete with a Tombstone), built
 * from the event's stored body and signed with the feed's key (HTTP Signatures, `rsa-sha256`) over the exact bytes
 * sent. Throws SecretKeyError when the key does not open.
 */
export async function activityPubRequest(
  ctx: DeliveryContext,
  inbox: InboxTarget,
  keys: readonly SecretKey[],
  nowMs: number,
): Promise<OutboundRequest> {
  if (inbox.sealedPrivateKey === null) throw new SecretKeyError(`Feed ${inbox.feedSlug} has no actor key.`);
  const privateKey = await openActorKey(keys, inbox.sealedPrivateKey, nowMs);
  const payload = JSON.parse(ctx.payload) as ArticleEventPayload;
  const scope = { origin: inbox.origin, slug: inbox.feedSlug, content: inbox.content };
  const body = JSON.stringify(activityForEvent(ctx.eventId, payload, scope));
  const signed = await signOutgoing({
    keyId: actorUrls(inbox.origin, inbox.feedSlug).keyId,
    privateKey,
    method: "POST",
    url: new URL(inbox.url),
    body,
    nowMs,
  });
  return { url: inbox.url, headers: { "content-type": ACTIVITY_JSON, ...signed }, body };
}

/** `410 Gone` from an inbox: the followers it served are gone, and so is the inbox. */
export function activityPubAfterAttempt(
  db: D1Database,
  inbox: InboxTarget,
  outcome: DeliveryOutcome,
): D1PreparedStatement[] {
  return outcome.kind === "disable" ? removeFollowersStatements(db, { inboxRowId: inbox.rowId }) : [];
}
