import { base64Url, toHex } from "./tokens";

/**
 * Secrets at rest: AES-256-GCM under a 32-byte key, stored as `enc:v1:<key id>:<iv>:<ciphertext>` (base64url;
 * the ciphertext ends with the 16-byte tag). The key id is the first 8 hex digits of the key's SHA-256, so a
 * value names the key that opens it. The value's purpose is the additional authenticated data: a value
 * sealed for one use does not open as another.
 */
export const SEALED_PREFIX = "enc:v1:";
const KEY_ID_CHARS = 8;
/** `enc:v1:<key id>:`, the part of a sealed value that says which key sealed it; the indexes of 0008 cover it. */
export const SEALED_HEADER_CHARS = SEALED_PREFIX.length + KEY_ID_CHARS + 1;
const KEY_BYTES = 32;
const IV_BYTES = 12;

/** What a sealed value is for, bound into it as additional authenticated data. */
export type SecretPurpose = "webhook-secret" | "websub-secret" | "idempotent-response" | "activitypub-key";

export interface SecretKey {
  id: string;
  cryptoKey: CryptoKey;
}

/** A key is missing or malformed, or a stored value does not open with the keys Ferry holds. */
export class SecretKeyError extends Error {
  override name = "SecretKeyError";
}

/** Imports a key given as 32 bytes in base64 or base64url (padding optional). */
export async function importSecretKey(text: string, name: string): Promise<SecretKey> {
  const bytes = decodeBase64(text.trim());
  if (bytes?.byteLength !== KEY_BYTES) {
    throw new SecretKeyError(`${name} must be ${KEY_BYTES} random bytes in base64 or base64url.`);
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const cryptoKey = await crypto.subtle.importKey("raw", bytes, "AES-GCM", false, ["encrypt", "decrypt"]);
  return { id: toHex(digest).slice(0, KEY_ID_CHARS), cryptoKey };
}

/** The header every value sealed under `keyId` starts with. */
export function sealedHeader(keyId: string): string {
  return `${SEALED_PREFIX}${keyId}:`;
}

/** The id of the key a stored value was sealed under, or null for a value stored in clear (before 0008). */
export function sealedKeyId(stored: string): string | null {
  if (!stored.startsWith(SEALED_PREFIX)) return null;
  return stored.slice(SEALED_PREFIX.length).split(":", 1)[0] ?? "";
}

/** Seals `plaintext` for `purpose` under `key`, with a fresh random IV. */
export async function sealSecret(key: SecretKey, purpose: SecretPurpose, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(purpose) },
    key.cryptoKey,
    new TextEncoder().encode(plaintext),
  );
  return `${sealedHeader(key.id)}${base64Url(iv)}:${base64Url(new Uint8Array(ciphertext))}`;
}

/**
 * The plaintext of a stored value: opened with the key its id names, among `keys`. A value without the
 * prefix was stored in clear before encryption and is returned as it is.
 */
export async function openSecret(
  keys: readonly SecretKey[],
  purpose: SecretPurpose,
  stored: string,
): Promise<string> {
  const keyId = sealedKeyId(stored);
  if (keyId === null) return stored;
  const [ivText = "", ciphertextText = "", ...rest] = stored.slice(sealedHeader(keyId).length).split(":");
  const iv = decodeBase64(ivText);
  const ciphertext = decodeBase64(ciphertextText);
  if (rest.length > 0 || iv?.byteLength !== IV_BYTES || !ciphertext) {
    throw new SecretKeyError(`A stored ${purpose} is not a well-formed sealed value.`);
  }
  const candidates = keys.filter((key) => key.id === keyId);
  if (candidates.length === 0) {
    throw new SecretKeyError(
      `A stored ${purpose} is sealed under key ${keyId}, which is neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS.`,
    );
  }
  for (const key of candidates) {
    try {
      const plaintext = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(purpose) },
        key.cryptoKey,
        ciphertext,
      );
      return new TextDecoder().decode(plaintext);
    } catch {
      // The tag did not verify: another key with the same id, or the value was altered or moved.
    }
  }
  throw new SecretKeyError(`A stored ${purpose} under key ${keyId} failed authentication.`);
}

/** Standard or URL-safe base64, padded or not; null when it is neither. */
function decodeBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}
