import { base64Url, toHex } from "./tokens";

/** A console session ends after this long without a request… */
export const CONSOLE_SESSION_IDLE_MS = 12 * 3_600_000;
/** …and this long after sign-in, however busy. */
export const CONSOLE_SESSION_MAX_MS = 7 * 24 * 3_600_000;
/** `last_seen_at` is written at most this often, so browsing does not write on every page. */
export const CONSOLE_SESSION_TOUCH_MS = 60_000;
/** Signing in again beyond this many sessions of one token ends its oldest: a token cannot pile rows up. */
export const MAX_CONSOLE_SESSIONS_PER_TOKEN = 20;

/** What a cookie may carry as a session id: 32 random bytes in base64url, nothing else reaches a hash or query. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** A new session id: 32 random bytes, base64url. Only the browser keeps it; Ferry keeps its SHA-256. */
export function newSessionId(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

export function isWellFormedSessionId(value: string): boolean {
  return SESSION_ID.test(value);
}

async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))));
}

/** How a session is stored and looked up: never by its id, which would let a database reader sign in. */
export function hashSessionId(sessionId: string): Promise<string> {
  return sha256Hex(sessionId);
}

/**
 * The session's CSRF token, derived from its secret id (domain-separated from the stored hash): only the browser
 * holding the cookie can know it, and nothing more is stored. Another site can neither read it nor compute it.
 */
export function csrfTokenFor(sessionId: string): Promise<string> {
  return sha256Hex(`ferry-console-csrf:${sessionId}`);
}

/** The times a session's row is checked against: still fresh if seen after `idleCutoff` and ending after `nowMs`. */
export function sessionCutoffs(nowMs: number): { nowMs: number; idleCutoff: number } {
  return { nowMs, idleCutoff: nowMs - CONSOLE_SESSION_IDLE_MS };
}
