import { env, SELF } from "cloudflare:test";
import { inject } from "vitest";
import { drained } from "./drain";
import { eventually } from "./eventually";
import type { InboxDelivery, SignedHeaders, SignRequest } from "./fediverse-types";
import { ORIGIN } from "./seed";

/** The fake Fediverse server (test/node/fake-fediverse.ts): its actors sign and verify with Node's crypto. */
export const fediverse = () => `http://127.0.0.1:${inject("fediversePort")}`;

export const remoteActorId = (name: string) => `${fediverse()}/users/${name}`;
export const ferryActor = (slug: string) => `${ORIGIN}/feeds/${slug}/actor`;
export const ferryInbox = (slug: string) => `${ORIGIN}/feeds/${slug}/inbox`;
export const SHARED_INBOX = `${ORIGIN}/inbox`;

/** A name no other test uses: each test's actors are its own. */
export function actorName(prefix = "reader"): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/** A Follow of a feed by a remote actor, with an id of its own. */
export function followActivity(actor: string, slug: string) {
  const id = `${remoteActorId(actor)}#follows/${crypto.randomUUID()}`;
  return {
    "@context": "https://www.w3.org/ns/activitystreams",
    id,
    type: "Follow",
    actor: remoteActorId(actor),
    object: ferryActor(slug),
  };
}

/** The signed headers the fake server makes for an inbox POST (see SignRequest for the faults it can add). */
export async function signedHeaders(request: SignRequest): Promise<SignedHeaders> {
  const response = await fetch(`${fediverse()}/sign`, { method: "POST", body: JSON.stringify(request) });
  return (await response.json()) as SignedHeaders;
}

/**
 * An inbox POST to Ferry, signed by `actor` on the fake server; `send` (the body actually sent) differs from
 * what was signed when a test alters it afterwards.
 */
export async function signedPost(
  inbox: string,
  actor: string,
  activity: unknown,
  faults: Omit<SignRequest, "actor" | "url" | "body"> & { send?: string } = {},
): Promise<Request> {
  const body = JSON.stringify(activity);
  const { send, ...signing } = faults;
  const headers = await signedHeaders({ actor, url: inbox, body, ...signing });
  return new Request(inbox, {
    method: "POST",
    headers: { "content-type": "application/activity+json", ...headers },
    body: send ?? body,
  });
}

/** Posts a signed activity to Ferry and returns the status. */
export async function postSigned(inbox: string, actor: string, activity: unknown): Promise<number> {
  const response = await SELF.fetch(await signedPost(inbox, actor, activity));
  await response.body?.cancel();
  return response.status;
}

/** Tells the fake server the feed actor's public key (read from Ferry's actor document), so it can verify deliveries. */
export async function trustFerryActor(slug: string): Promise<void> {
  const response = await SELF.fetch(ferryActor(slug), { headers: { accept: "application/activity+json" } });
  const actor = (await response.json()) as { publicKey: { id: string; publicKeyPem: string } };
  await fetch(`${fediverse()}/trust`, {
    method: "POST",
    body: JSON.stringify({ keyId: actor.publicKey.id, publicKeyPem: actor.publicKey.publicKeyPem }),
  });
}

/** What an inbox of the fake server received (`shared`, or an actor's name), only what `feedSlug`'s actor sent. */
export async function inboxLog(inbox: string, feedSlug: string): Promise<InboxDelivery[]> {
  const all = (await (await fetch(`${fediverse()}/log/${inbox}`)).json()) as InboxDelivery[];
  return all.filter((d) => (JSON.parse(d.body) as { actor?: string }).actor === ferryActor(feedSlug));
}

export function waitForInbox(
  inbox: string,
  feedSlug: string,
  done: (deliveries: InboxDelivery[]) => boolean,
): Promise<InboxDelivery[]> {
  return eventually(`inbox ${inbox} for ${feedSlug}`, () => inboxLog(inbox, feedSlug), done);
}

/** How often the fake server served an actor's (or its key's) document. */
export async function documentFetches(name: string): Promise<number> {
  return ((await (await fetch(`${fediverse()}/fetches/${name}`)).json()) as { count: number }).count;
}

/** From now on the actor's document answers 410 Gone, as a deleted account's does. */
export async function markGone(name: string): Promise<void> {
  await fetch(`${fediverse()}/gone/${name}`, { method: "POST" });
}

export interface FollowerRow {
  actor_id: string;
  inbox_url: string;
  shared_inbox_url: string | null;
  accept_status: string;
  accept_attempts: number;
}

export async function followersOf(slug: string): Promise<FollowerRow[]> {
  const { results } = await env.DB.prepare(
    `SELECT f.actor_id, f.inbox_url, f.shared_inbox_url, f.accept_status, f.accept_attempts
     FROM activitypub_followers f JOIN feeds fe ON fe.id = f.feed_id WHERE fe.slug = ? ORDER BY f.id`,
  )
    .bind(slug)
    .all<FollowerRow>();
  return results;
}

/**
 * Nothing more can happen for the feed in the background: `drained` (events, deliveries) and no Accept still to
 * send. From then on the fake server's inboxes hold everything they will ever get for what was done so far.
 */
export async function settled(slug: string): Promise<void> {
  await drained(slug);
  await eventually(
    `Accepts of ${slug} to settle`,
    async () => (await followersOf(slug)).filter((f) => f.accept_status === "pending").length,
    (pending) => pending === 0,
  );
}
