import { documentUrlOf, ownedKey, type RemoteActor, readRemoteDocument } from "../activitypub/remote-actor";
import { findFollowerKey } from "../db/activitypub-followers";
import { fetchActivityDocument } from "../outbound/activity-fetch";
import type { GuardConfig } from "../outbound/ssrf-guard";
import { TtlCache } from "../outbound/ttl-cache";

/** A signer's public key and the actor that owns it, with the actor's inboxes. */
export interface SignerKey {
  keyId: string;
  actorId: string;
  publicKeyPem: string;
  actor: RemoteActor;
}

export type SignerKeyLookup = { ok: true; key: SignerKey; fetched: boolean } | { ok: false; reason: string };

/** Keys fetched from other servers, kept an hour per isolate: a flood of signed POSTs costs no flood of fetches. */
const KEY_TTL_MS = 3_600_000;
const KEYS = new TtlCache<SignerKey>(2_000, KEY_TTL_MS);

export interface KeyFetching {
  guard: GuardConfig;
  /** Signs Ferry's GET of a key, for servers that answer only signed fetches. */
  sign: (url: URL) => Promise<Record<string, string>>;
}

/**
 * The key a signature names, from the isolate's cache, else a follower's stored key, else its server: at most
 * two fetches (a key document, then its owner), each through the SSRF guard. `fresh` skips what is remembered,
 * for a key that did not verify (it may have been rotated).
 */
export async function lookUpSignerKey(
  db: D1Database,
  keyId: string,
  fetching: KeyFetching,
  fresh: boolean,
  nowMs = Date.now(),
): Promise<SignerKeyLookup> {
  if (!fresh) {
    const cached = KEYS.get(keyId, nowMs);
    if (cached) return { ok: true, key: cached, fetched: false };
    const follower = await findFollowerKey(db, keyId);
    if (follower) {
      const actor = {
        id: follower.actorId,
        inbox: follower.inboxUrl,
        sharedInbox: follower.sharedInboxUrl,
        keys: [],
      };
      return {
        ok: true,
        key: { keyId, actorId: follower.actorId, publicKeyPem: follower.publicKeyPem, actor },
        fetched: false,
      };
    }
  }
  const fetched = await fetchSignerKey(keyId, fetching);
  if (fetched.ok) KEYS.set(keyId, fetched.key, KEY_TTL_MS, nowMs);
  return fetched;
}

async function fetchSignerKey(keyId: string, fetching: KeyFetching): Promise<SignerKeyLookup> {
  const url = documentUrlOf(keyId);
  if (!url) return { ok: false, reason: "The keyId is not an http(s) URL." };
  const first = await readDocument(url, fetching);
  if (!first.ok) return first;
  let actor: RemoteActor;
  if (first.document.kind === "actor") actor = first.document.actor;
  else {
    // A key document names its owner; the owner must say the key is its own.
    const owner = await readDocument(first.document.owner, fetching);
    if (!owner.ok) return owner;
    if (owner.document.kind !== "actor") return { ok: false, reason: "The key's owner is not an actor." };
    actor = owner.document.actor;
  }
  const publicKeyPem = ownedKey(actor, keyId);
  if (!publicKeyPem) return { ok: false, reason: "The key's actor does not publish it as its own." };
  return { ok: true, key: { keyId, actorId: actor.id, publicKeyPem, actor }, fetched: true };
}

/** A document whose id is on the origin it was fetched from: no server speaks for another's actors. */
async function readDocument(url: string, fetching: KeyFetching) {
  const fetched = await fetchActivityDocument(url, fetching.guard, fetching.sign);
  if (!fetched.ok) return fetched;
  const document = readRemoteDocument(fetched.value);
  if (!document) return { ok: false as const, reason: `${url} is neither an actor nor a key.` };
  const id = document.kind === "actor" ? document.actor.id : document.id;
  if (new URL(id).origin !== fetched.url.origin) {
    return { ok: false as const, reason: `${url} describes ${id}, which is on another server.` };
  }
  return { ok: true as const, document };
}
