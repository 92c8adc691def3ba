import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { findFeedBySlug } from "../db/feeds";
import { findLiveTokenByHash, type TokenGrant, touchTokenStatement } from "../db/tokens";
import type { Feed } from "../domain/feed";
import { FerryError } from "../domain/problems";
import { timingSafeEqual } from "../domain/timing-safe-equal";
import { hashApiToken, roleAllows, type TokenRole } from "../domain/tokens";
import type { FerryHono } from "./hono-env";
import { enforceRateLimit } from "./rate-limit";

const BEARER_CHALLENGE = 'Bearer realm="ferry"';
const BASIC_CHALLENGE = 'Basic realm="Ferry"';
const BEARER_CREDENTIALS = /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i;
// base64 of `user:token`: room for a 512-character token and any user name a feed reader sends.
const BASIC_CREDENTIALS = /^Basic[ ]+([A-Za-z0-9+/]{1,1400}={0,2})[ ]*$/i;
const TOKEN_TEXT = /^[\x21-\x7e]{1,512}$/;

/** Which credentials a route takes: a Bearer token always; HTTP Basic only where an endpoint opts in. */
export interface TokenAuthOptions {
  /** Also take the token as the password of `Authorization: Basic` (the user name is ignored). */
  basic?: boolean;
}

/** The API token a request presents, or null when it presents none in a form the route takes. */
function presentedToken(header: string | undefined, basic: boolean): string | null {
  if (!header) return null;
  const bearer = BEARER_CREDENTIALS.exec(header)?.[1];
  if (bearer || !basic) return bearer ?? null;
  const encoded = BASIC_CREDENTIALS.exec(header)?.[1];
  if (!encoded) return null;
  let decoded: string;
  try {
    decoded = atob(encoded);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  const password = colon === -1 ? "" : decoded.slice(colon + 1);
  return TOKEN_TEXT.test(password) ? password : null;
}

/**
 * Authenticates the API token by its SHA-256 hash, counts the request against the token's rate limit and
 * puts the grant on the context. A revoked token fails here on its next request: nothing caches grants.
 * Many feed readers can send only HTTP Basic credentials, so a route may take the token as its password.
 */
export function tokenAuth(options: TokenAuthOptions = {}) {
  const basic = options.basic === true;
  const challenge = basic ? `${BEARER_CHALLENGE}, ${BASIC_CHALLENGE}` : BEARER_CHALLENGE;
  const rejected = basic
    ? `${BEARER_CHALLENGE}, error="invalid_token", ${BASIC_CHALLENGE}`
    : `${BEARER_CHALLENGE}, error="invalid_token"`;
  const how = basic
    ? "Send an API token as `Authorization: Bearer <token>`, or as the password of HTTP Basic credentials."
    : "Send an API token as `Authorization: Bearer <token>`.";
  return createMiddleware<FerryHono>(async (c, next) => {
    const token = presentedToken(c.req.header("authorization"), basic);
    if (token === null) {
      throw new FerryError("unauthorized", how, { headers: { "www-authenticate": challenge } });
    }
    const hash = await hashApiToken(token);
    const now = Date.now();
    const grant = await findLiveTokenByHash(c.env.DB, hash, now);
    // The lookup is by hash; the constant-time comparison guards against any index-side shortcut.
    if (!grant || !timingSafeEqual(grant.tokenHash, hash)) {
      throw new FerryError("unauthorized", "The API token is unknown, revoked or expired.", {
        headers: { "www-authenticate": rejected },
      });
    }
    c.set("grant", grant);
    await enforceRateLimit(c.env.API_RATE_LIMIT_TOKEN, `token:${grant.publicId}`, "token");
    c.executionCtx.waitUntil(touchTokenStatement(c.env.DB, grant.tokenRowId, now).run());
    await next();
  });
}

/** Bearer tokens only: every API route but those that opt in to HTTP Basic. */
export const requireToken = tokenAuth();

export function canAccessFeed(grant: TokenGrant, feed: Feed): boolean {
  return grant.allFeeds || grant.feedRowIds.includes(feed.rowId);
}

/** Loads the feed named in the path and checks the token may act on it with `role`. */
export async function authorizeFeed(c: Context<FerryHono>, slug: string, role: TokenRole): Promise<Feed> {
  const grant = c.get("grant");
  const feed = await findFeedBySlug(c.env.DB, slug);
  if (!feed) throw new FerryError("not_found", `There is no feed "${slug}".`);
  if (!canAccessFeed(grant, feed)) {
    throw new FerryError("forbidden", `This token is not scoped to the feed "${slug}".`);
  }
  requireRole(grant, role);
  return feed;
}

export function requireRole(grant: TokenGrant, role: TokenRole): void {
  if (!roleAllows(grant.role, role)) {
    throw new FerryError(
      "forbidden",
      `This needs a token with the ${role} role; this one has ${grant.role}.`,
    );
  }
}
