import { contentDigestMatches, readMessageSignature } from "./http-message-signature";
import {
  digestMatches,
  parseSignatureHeader,
  REQUIRED_SIGNED_HEADERS,
  type SignedRequest,
  signingString,
} from "./http-signature";
import { verifyRsa } from "./rsa-keys";

/** A signed request's `Date` (or RFC 9421 `created`) may be this far from Ferry's clock, either way. */
export const SIGNATURE_DATE_WINDOW_MS = 3_600_000;
const MAX_DATE_CHARS = 64;

/** A request as an inbox received it: the parts either signature scheme covers. */
export interface ReceivedRequest extends SignedRequest {
  url: URL;
}

/** A signature read and checked as far as it can be without its key: what the key must verify. */
export interface CheckedSignature {
  scheme: "draft-cavage" | "rfc9421";
  keyId: string;
  signature: Uint8Array;
  /** The exact text the signature covers (the signing string, or the RFC 9421 signature base). */
  signed: string;
}

export type SignatureCheck = { ok: true; checked: CheckedSignature } | { ok: false; reason: string };

/**
 * Everything about an inbox request's signature that needs no key, in either scheme: RFC 9421 when the request
 * has `Signature-Input` (covering `@method`, the target URI and `content-digest`, `created` within the hour, a
 * `Content-Digest` that is the body's), else draft-cavage (a `Signature` covering `(request-target)`, `host`,
 * `date` and `digest`, a `Date` within the hour, a `Digest` that is the body's). Runs before Ferry fetches
 * anyone's key, so a request that fails here costs no request to another server.
 */
export async function precheckSignature(
  request: ReceivedRequest,
  body: Uint8Array,
  nowMs: number,
): Promise<SignatureCheck> {
  return request.header("signature-input") === null
    ? precheckCavage(request, body, nowMs)
    : precheckMessageSignature(request, body, nowMs);
}

async function precheckCavage(
  request: ReceivedRequest,
  body: Uint8Array,
  nowMs: number,
): Promise<SignatureCheck> {
  const header = request.header("signature");
  if (header === null) return { ok: false, reason: "The request has no Signature header." };
  const params = parseSignatureHeader(header);
  if (!params)
    return { ok: false, reason: "The Signature header is malformed or uses an unknown algorithm." };
  const missing = REQUIRED_SIGNED_HEADERS.filter((name) => !params.headers.includes(name));
  if (missing.length > 0) return { ok: false, reason: `The signature does not cover ${missing.join(", ")}.` };
  const date = request.header("date") ?? "";
  const dateMs = date.length <= MAX_DATE_CHARS ? Date.parse(date) : Number.NaN;
  if (!Number.isFinite(dateMs)) return { ok: false, reason: "The Date header is missing or not a date." };
  if (Math.abs(nowMs - dateMs) > SIGNATURE_DATE_WINDOW_MS) {
    return { ok: false, reason: "The Date header is more than an hour away from now." };
  }
  if (!(await digestMatches(request.header("digest") ?? "", body))) {
    return { ok: false, reason: "The Digest header does not match the body (SHA-256)." };
  }
  const signed = signingString(request, params);
  if (signed === null) return { ok: false, reason: "A header the signature covers is missing." };
  return {
    ok: true,
    checked: { scheme: "draft-cavage", keyId: params.keyId, signature: params.signature, signed },
  };
}

async function precheckMessageSignature(
  request: ReceivedRequest,
  body: Uint8Array,
  nowMs: number,
): Promise<SignatureCheck> {
  const read = readMessageSignature(request);
  if (!read.ok) return read;
  if (Math.abs(nowMs - read.createdMs) > SIGNATURE_DATE_WINDOW_MS) {
    return { ok: false, reason: "The signature was created more than an hour away from now." };
  }
  const sha256 = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  if (!contentDigestMatches(request.header("content-digest"), sha256)) {
    return { ok: false, reason: "The Content-Digest header does not match the body (sha-256)." };
  }
  return {
    ok: true,
    checked: { scheme: "rfc9421", keyId: read.keyId, signature: read.signature, signed: read.base },
  };
}

/** Whether `key` made the signature over exactly what was checked. */
export function signatureVerifies(checked: CheckedSignature, key: CryptoKey): Promise<boolean> {
  return verifyRsa(key, checked.signature, checked.signed);
}
