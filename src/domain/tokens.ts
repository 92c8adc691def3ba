/** Prefix that makes Ferry tokens recognisable to people and secret scanners. */
export const TOKEN_PREFIX = "fry_";

/** Token roles from the least to the most: each may do everything the ones before it may. */
export const TOKEN_ROLES = ["read", "write", "admin"] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** An API token as an admin manages it; its secret is never part of it. */
export interface ApiToken {
  rowId: number;
  /** Public id (a UUID): names the token in the API, in logs and in rate-limit keys. */
  id: string;
  label: string;
  role: TokenRole;
  /** Slugs of the feeds it is scoped to, sorted; null = every feed. */
  feeds: string[] | null;
  /** Row ids of those feeds; null = every feed. */
  feedRowIds: number[] | null;
  createdAt: number;
  lastUsedAt: number | null;
  expiresAt: number | null;
  revokedAt: number | null;
}

/** Whose feeds an admin token may hand out or manage. */
export interface FeedScope {
  allFeeds: boolean;
  feedRowIds: readonly number[];
}

/** A new random API token: the prefix and 32 random bytes, base64url. */
export function generateApiToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return TOKEN_PREFIX + base64Url(bytes);
}

/** Tokens are stored and looked up only as this hash, never in plain text. */
export async function hashApiToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return toHex(new Uint8Array(digest));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Which roles may do what: reading is the least, admin manages feeds and tokens. */
export function roleAllows(role: TokenRole, needed: TokenRole): boolean {
  return TOKEN_ROLES.indexOf(role) >= TOKEN_ROLES.indexOf(needed);
}

/**
 * A scoped admin manages only what it could do itself: tokens whose every feed is one of its own. A token
 * for every feed (`null`) is reserved to admins of every feed.
 */
export function scopeCovers(actor: FeedScope, feedRowIds: readonly number[] | null): boolean {
  if (actor.allFeeds) return true;
  return feedRowIds?.every((id) => actor.feedRowIds.includes(id)) ?? false;
}
