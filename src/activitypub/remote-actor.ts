import * as v from "valibot";
import { MAX_PEM_CHARS } from "../domain/rsa-keys";

/**
 * What Ferry reads of documents it fetches from other servers: the actor a signature's `keyId` leads to (its
 * key, inbox and shared inbox), or a key document whose `owner` is that actor (the form some servers use).
 */

const MAX_URL_CHARS = 2048;
const Url = v.pipe(v.string(), v.maxLength(MAX_URL_CHARS), v.url());

const PublicKey = v.looseObject({
  id: Url,
  owner: Url,
  publicKeyPem: v.pipe(v.string(), v.maxLength(MAX_PEM_CHARS)),
});

const ActorDocument = v.looseObject({
  id: Url,
  inbox: Url,
  endpoints: v.optional(v.looseObject({ sharedInbox: v.optional(Url) })),
  publicKey: v.optional(v.union([PublicKey, v.array(PublicKey)])),
});

/** A remote actor as far as following and verifying go. */
export interface RemoteActor {
  id: string;
  inbox: string;
  sharedInbox: string | null;
  /** The actor's keys by id. */
  keys: { id: string; owner: string; publicKeyPem: string }[];
}

/** A fetched document: an actor, a key that names its owner, or neither (null). */
export type RemoteDocument =
  | { kind: "actor"; actor: RemoteActor }
  | { kind: "key"; id: string; owner: string; publicKeyPem: string };

export function readRemoteDocument(value: unknown): RemoteDocument | null {
  const actor = v.safeParse(ActorDocument, value);
  if (actor.success) {
    const { id, inbox, endpoints, publicKey } = actor.output;
    const keys = publicKey === undefined ? [] : Array.isArray(publicKey) ? publicKey : [publicKey];
    return {
      kind: "actor",
      actor: {
        id,
        inbox,
        sharedInbox: endpoints?.sharedInbox ?? null,
        keys: keys.map((k) => ({ id: k.id, owner: k.owner, publicKeyPem: k.publicKeyPem })),
      },
    };
  }
  const key = v.safeParse(PublicKey, value);
  return key.success ? { kind: "key", ...key.output } : null;
}

/** The URL a key id is fetched from: the id without its fragment (`…/alice#main-key` → `…/alice`). */
export function documentUrlOf(keyId: string): string | null {
  try {
    const url = new URL(keyId);
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    url.hash = "";
    return url.href;
  } catch {
    return null;
  }
}

/** The key `keyId` of an actor, only when the actor owns it: a key another actor claims proves nothing. */
export function ownedKey(actor: RemoteActor, keyId: string): string | null {
  return actor.keys.find((k) => k.id === keyId && k.owner === actor.id)?.publicKeyPem ?? null;
}
