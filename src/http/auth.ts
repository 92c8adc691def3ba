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

const CHALLENGE = 'Bearer realm="ferry"';

/**
 * Authenticates `Authorization: Bearer <token>` by its SHA-256 hash, counts the request against the
 * token's rate limit and puts the grant on the context. A revoked token fails here on its next request:
 * nothing caches grants.
 */
export const requireToken = createMiddleware<FerryHono>(async (c, next) => {
  const header = c.req.header("authorization");
  const match = header ? /^Bearer[ ]+([\x21-\x7e]{1,512})[ ]*$/i.exec(header) : null;
  if (!match?.[1]) {
    throw new FerryError("unauthorized", "Send an API token as `Authorization: Bearer <token>`.", {
      headers: { "www-authenticate": CHALLENGE },
    });
  }
  const hash = await hashApiToken(match[1]);
  const now = Date.now();
  const grant = await findLiveTokenByHash(c.env.DB, hash, now);
  // The lookup is by hash; the constant-time comparison guards against any index-side shortcut.
  if (!grant || !timingSafeEqual(grant.tokenHash, hash)) {
    throw new FerryError("unauthorized", "The API token is unknown, revoked or expired.", {
      headers: { "www-authenticate": `${CHALLENGE}, error="invalid_token"` },
    });
  }
  c.set("grant", grant);
  await enforceRateLimit(c.env.API_RATE_LIMIT_TOKEN, `token:${grant.publicId}`, "token");
  c.executionCtx.waitUntil(touchTokenStatement(c.env.DB, grant.tokenRowId, now).run());
  await next();
});

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
