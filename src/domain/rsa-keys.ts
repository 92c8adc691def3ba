/**
 * RSA keys as ActivityPub publishes them: RSASSA-PKCS1-v1_5 with SHA-256, 2048 bits, public keys as SPKI PEM
 * (`publicKeyPem`, the form every Fediverse server reads) and private keys as PKCS #8 PEM.
 */

const RSA_SIGNING = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" } as const;
const MODULUS_BITS = 2048;
/** A PEM key Ferry reads from another server: an RSA-4096 SPKI is about 800 characters. */
export const MAX_PEM_CHARS = 4096;

export interface PemKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

/** A fresh key pair for a feed's actor. */
export async function generateRsaKeyPair(): Promise<PemKeyPair> {
  const pair = (await crypto.subtle.generateKey(
    { ...RSA_SIGNING, modulusLength: MODULUS_BITS, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const spki = (await crypto.subtle.exportKey("spki", pair.publicKey)) as ArrayBuffer;
  const pkcs8 = (await crypto.subtle.exportKey("pkcs8", pair.privateKey)) as ArrayBuffer;
  return { publicKeyPem: toPem("PUBLIC KEY", spki), privateKeyPem: toPem("PRIVATE KEY", pkcs8) };
}

export function importPrivateKey(pem: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("pkcs8", fromPem("PRIVATE KEY", pem), RSA_SIGNING, false, ["sign"]);
}

/** Null when the text is not an RSA public key in SPKI PEM. */
export async function importPublicKey(pem: string): Promise<CryptoKey | null> {
  if (pem.length > MAX_PEM_CHARS) return null;
  try {
    return await crypto.subtle.importKey("spki", fromPem("PUBLIC KEY", pem), RSA_SIGNING, false, ["verify"]);
  } catch {
    return null;
  }
}

export async function signRsa(key: CryptoKey, text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign(RSA_SIGNING, key, new TextEncoder().encode(text)));
}

/** False for any signature that does not verify, malformed ones included. */
export async function verifyRsa(key: CryptoKey, signature: Uint8Array, text: string): Promise<boolean> {
  try {
    return await crypto.subtle.verify(RSA_SIGNING, key, signature, new TextEncoder().encode(text));
  } catch {
    return false;
  }
}

export function toBase64(bytes: Uint8Array | ArrayBuffer): string {
  let binary = "";
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Standard base64 (padding optional); null when it is not. */
export function fromBase64(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function toPem(label: string, der: ArrayBuffer): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

function fromPem(label: string, pem: string): Uint8Array {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const start = pem.indexOf(begin);
  const stop = pem.indexOf(end);
  if (start === -1 || stop < start) throw new Error(`not a ${label} PEM`);
  const der = fromBase64(pem.slice(start + begin.length, stop).replace(/\s+/g, ""));
  if (!der) throw new Error(`not a ${label} PEM`);
  return der;
}
