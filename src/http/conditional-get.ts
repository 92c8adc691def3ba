import { base64Url } from "../domain/tokens";

/** What a conditional request is evaluated against: computed before anything is rendered. */
export interface Validators {
  /** A strong entity tag, quoted: `"…"`. */
  etag: string;
  /** Epoch milliseconds, or null when the representation has no modification time. */
  lastModifiedMs: number | null;
}

/** Length of an entity tag's opaque part, in base64url characters (132 bits of SHA-256). */
export const ENTITY_TAG_CHARS = 22;

/** A strong entity tag naming one representation: a hash of everything that makes its bytes what they are. */
export async function entityTag(parts: readonly string[]): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(parts)));
  return `"${base64Url(new Uint8Array(digest)).slice(0, ENTITY_TAG_CHARS)}"`;
}

/** An IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`. */
export function formatHttpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/**
 * Whether a GET or HEAD may be answered `304 Not Modified` (RFC 9110 §13.2.2): `If-None-Match` decides
 * when present (weak comparison, `*` matches any current representation); otherwise `If-Modified-Since`
 * does, when the representation changed at or before that date.
 */
export function isNotModified(headers: Headers, validators: Validators): boolean {
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch !== null) return etagListMatches(ifNoneMatch, validators.etag);
  const ifModifiedSince = headers.get("if-modified-since");
  if (ifModifiedSince === null || validators.lastModifiedMs === null) return false;
  const since = parseHttpDate(ifModifiedSince);
  // Last-Modified is sent with one-second precision, so the comparison is made at that precision too.
  return since !== null && Math.floor(validators.lastModifiedMs / 1000) * 1000 <= since;
}

function etagListMatches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const opaque = stripWeak(etag);
  return header.split(",").some((candidate) => stripWeak(candidate.trim()) === opaque);
}

function stripWeak(tag: string): string {
  return tag.startsWith("W/") ? tag.slice(2) : tag;
}

// RFC 9110 asks recipients to accept the obsolete date formats too; Date.parse reads all three.
function parseHttpDate(value: string): number | null {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
