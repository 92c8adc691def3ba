import {
  type CheckedSignature,
  precheckSignature,
  type ReceivedRequest,
  signatureVerifies,
} from "../domain/http-signature-check";
import { FerryError } from "../domain/problems";
import { importPublicKey } from "../domain/rsa-keys";
import { type KeyFetching, lookUpSignerKey, type SignerKey } from "./signer-keys";

/** What a 401 tells the sender to sign, as the Signature scheme's challenge (draft-cavage; RFC 9421 is read too). */
const CHALLENGE = 'Signature realm="ferry",headers="(request-target) host date digest"';

/** The request parts an inbox POST is checked on. */
export interface InboxRequest extends ReceivedRequest {
  body: Uint8Array;
}

/**
 * Everything about an inbox POST's signature that needs no key, checked before anything else: a malformed, stale
 * or altered request is a 401 that costs no fetch and no write.
 */
export async function precheckInboxSignature(
  request: InboxRequest,
  nowMs: number,
): Promise<CheckedSignature> {
  const pre = await precheckSignature(request, request.body, nowMs);
  if (!pre.ok) throw unauthorized(pre.reason);
  return pre.checked;
}

/**
 * The signer's key (remembered, stored or fetched) and the signature itself; a stored or remembered key that no
 * longer verifies is fetched afresh once (it may have been rotated). Returns the key that verified, else a 401.
 */
export async function verifyInboxSigner(
  db: D1Database,
  checked: CheckedSignature,
  fetching: KeyFetching,
  nowMs: number,
): Promise<SignerKey> {
  let lookup = await lookUpSignerKey(db, checked.keyId, fetching, false, nowMs);
  for (;;) {
    if (!lookup.ok) throw unauthorized(`The signature's key could not be used: ${lookup.reason}`);
    const key = await importPublicKey(lookup.key.publicKeyPem);
    if (key && (await signatureVerifies(checked, key))) return lookup.key;
    if (lookup.fetched) throw unauthorized("The signature does not verify with its key.");
    lookup = await lookUpSignerKey(db, checked.keyId, fetching, true, nowMs);
  }
}

export function unauthorized(detail: string): FerryError {
  return new FerryError("unauthorized", detail, { headers: { "www-authenticate": CHALLENGE } });
}
