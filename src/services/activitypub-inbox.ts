import { slugOfActorUrl } from "../activitypub/actor-urls";
import { type IncomingActivity, readIncomingActivity } from "../activitypub/incoming-activity";
import { type FollowerMatch, removeFollowersStatements, upsertFollower } from "../db/activitypub-followers";
import { findFeedBySlug } from "../db/feeds";
import type { Feed } from "../domain/feed";
import { jsonNestingDepth, MAX_JSON_DEPTH } from "../domain/json-depth";
import { FerryError } from "../domain/problems";
import type { QueueMessage } from "../domain/queue-messages";
import { checkCallbackUrl, type GuardConfig } from "../outbound/ssrf-guard";
import { actorPublicKey } from "./activitypub-keys";
import {
  type InboxRequest,
  precheckInboxSignature,
  unauthorized,
  verifyInboxSigner,
} from "./inbox-signature";
import type { SecretKeysEnv } from "./secret-keys";
import { signedFetchAs } from "./signed-fetch";
import type { SignerKey } from "./signer-keys";

/** What an inbox POST may touch besides D1. */
export interface InboxContext {
  db: D1Database;
  queue: Queue<QueueMessage>;
  guard: GuardConfig;
  secrets: SecretKeysEnv;
  /** Ferry's public origin: actor ids are there. */
  origin: string;
  /** The feed whose own inbox was posted to; null for the shared inbox. */
  feed: Feed | null;
  nowMs: number;
}

/**
 * Receives one activity: its signature first (nothing is written for a request that fails it), then a Follow
 * stores the follower and queues the Accept, an Undo of a Follow or an actor's Delete removes followers, and
 * anything else is ignored. Throws the problem to answer with.
 */
export async function receiveActivity(request: InboxRequest, ctx: InboxContext): Promise<void> {
  const checked = await precheckInboxSignature(request, ctx.nowMs);
  const activity = readIncomingActivity(parseBody(request.body));
  if (!activity) throw new FerryError("validation_failed", "The body is not an activity with an actor.");
  const target = await feedOf(activity, ctx);
  const fetching = { guard: ctx.guard, sign: signedFetchAs(ctx.db, target ?? ctx.feed, ctx) };
  const signer = await verifyInboxSigner(ctx.db, checked, fetching, ctx.nowMs);
  if (signer.actorId !== activity.actor) {
    throw unauthorized(`The request is signed by ${signer.actorId}, not by the activity's actor.`);
  }
  await applyActivity(activity, signer, target, ctx);
}

/** What a verified activity does: follow, unfollow, or forget a deleted actor; anything else nothing. */
async function applyActivity(
  activity: IncomingActivity,
  signer: SignerKey,
  target: Feed | null,
  ctx: InboxContext,
): Promise<void> {
  if (activity.kind === "follow") {
    if (target) await follow(activity, signer, target, ctx);
  } else if (activity.kind === "unfollow") {
    // Without a feed, only the Follow's own id says which following ends.
    const match: FollowerMatch = {
      actorId: activity.actor,
      feedRowId: target?.rowId ?? null,
      followActivityId: target ? null : activity.followId,
    };
    if (match.feedRowId !== null || match.followActivityId !== null) {
      await ctx.db.batch(removeFollowersStatements(ctx.db, match));
    }
  } else if (activity.kind === "actor-deleted") {
    const everywhere = { actorId: activity.actor, feedRowId: null, followActivityId: null };
    await ctx.db.batch(removeFollowersStatements(ctx.db, everywhere));
  }
}

/**
 * The feed an activity is about: the one whose actor its object names (404 for no such feed), which must be the
 * inbox's own when posted to a feed's inbox; an Undo naming no object is about the inbox's feed, if any.
 */
async function feedOf(activity: IncomingActivity, ctx: InboxContext): Promise<Feed | null> {
  if (activity.kind !== "follow" && activity.kind !== "unfollow") return ctx.feed;
  if (activity.object === null) return ctx.feed;
  const slug = slugOfActorUrl(ctx.origin, activity.object);
  if (slug === null) return null;
  if (ctx.feed) return slug === ctx.feed.slug ? ctx.feed : null;
  const feed = await findFeedBySlug(ctx.db, slug);
  if (!feed) throw new FerryError("not_found", `There is no feed "${slug}" to follow here.`);
  return feed;
}

async function follow(
  activity: Extract<IncomingActivity, { kind: "follow" }>,
  signer: SignerKey,
  feed: Feed,
  ctx: InboxContext,
): Promise<void> {
  const { actor, keyId, publicKeyPem } = signer;
  // Checked now, and again before every delivery: an inbox at a private address never gets a follower's row.
  for (const inbox of [actor.inbox, actor.sharedInbox]) {
    if (inbox === null) continue;
    const check = await checkCallbackUrl(inbox, ctx.guard);
    if (!check.ok)
      throw new FerryError("bad_request", `The follower's inbox ${inbox} cannot be used: ${check.reason}.`);
  }
  // The Accept is signed with the feed's key: make it now if no one has fetched the actor yet.
  await actorPublicKey(ctx.db, feed, ctx.secrets, ctx.nowMs);
  const followerId = await upsertFollower(
    ctx.db,
    {
      feedRowId: feed.rowId,
      actorId: actor.id,
      host: new URL(actor.id).host,
      inboxUrl: actor.inbox,
      sharedInboxUrl: actor.sharedInbox,
      keyId,
      publicKeyPem,
      followActivityId: activity.id,
      origin: ctx.origin,
    },
    ctx.nowMs,
  );
  if (followerId === null) {
    const detail = `Feed "${feed.slug}" has as many followers as Ferry keeps, in all or from ${new URL(actor.id).host}.`;
    throw new FerryError("conflict", detail);
  }
  await ctx.queue.send({ kind: "activitypub-accept", followerId });
}

/** Strict UTF-8 JSON of bounded depth; the size was bounded when the body was read. */
function parseBody(body: Uint8Array): unknown {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body);
    if (jsonNestingDepth(text) > MAX_JSON_DEPTH) throw new SyntaxError("nested too deeply");
    return JSON.parse(text);
  } catch (error) {
    throw new FerryError("invalid_json", `The body is not a JSON activity: ${(error as Error).message}`);
  }
}
