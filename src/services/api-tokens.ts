import { findFeedRowIds, replaceTokenHash } from "../db/token-management";
import { grantFeedStatement, insertTokenStatement } from "../db/tokens";
import { FerryError, type InvalidField } from "../domain/problems";
import { resolveTokenExpiry, type TokenInput } from "../domain/token-input";
import { type ApiToken, type FeedScope, generateApiToken, hashApiToken, scopeCovers } from "../domain/tokens";
import { newUuid } from "../domain/uuid";

/** A token ready to commit, and its secret: the caller shows the secret once and never stores it. */
export interface IssuedToken {
  token: ApiToken;
  secret: string;
  statements: D1PreparedStatement[];
}

/** The feeds named in a new token's scope, checked to exist and to be the actor's to give. */
async function resolveGrantedFeeds(
  db: D1Database,
  actor: FeedScope,
  slugs: string[] | null,
): Promise<{ slug: string; rowId: number }[] | null> {
  if (slugs === null) {
    if (!actor.allFeeds) {
      throw new FerryError(
        "forbidden",
        "This token is scoped to some feeds; list them in `feeds` to grant them.",
      );
    }
    return null;
  }
  const known = await findFeedRowIds(db, slugs);
  const unknown: InvalidField[] = slugs.flatMap((slug, i) =>
    known.has(slug) ? [] : [{ pointer: `/feeds/${i}`, detail: `There is no feed "${slug}".` }],
  );
  if (unknown.length > 0)
    throw new FerryError("validation_failed", "Some feeds do not exist.", { errors: unknown });
  const feeds = slugs.map((slug) => ({ slug, rowId: known.get(slug) as number }));
  if (
    !scopeCovers(
      actor,
      feeds.map((f) => f.rowId),
    )
  ) {
    throw new FerryError("forbidden", "A token can only grant feeds it is scoped to itself.");
  }
  return feeds;
}

/** Builds a new token from an admin's request: scope checked, secret generated, statements prepared. */
export async function prepareIssueToken(
  db: D1Database,
  actor: FeedScope,
  input: TokenInput,
  nowMs: number,
): Promise<IssuedToken> {
  const expiresAt = resolveTokenExpiry(input, nowMs);
  if (expiresAt !== null && expiresAt <= nowMs) {
    throw new FerryError("validation_failed", "The token would expire before it is created.", {
      errors: [{ pointer: "/expires_at", detail: "Must be in the future." }],
    });
  }
  const feeds = await resolveGrantedFeeds(db, actor, input.feeds ?? null);
  const secret = generateApiToken();
  const token: ApiToken = {
    rowId: 0,
    id: newUuid(),
    label: input.label,
    role: input.role,
    feeds: feeds ? feeds.map((f) => f.slug) : null,
    feedRowIds: feeds ? feeds.map((f) => f.rowId) : null,
    createdAt: nowMs,
    lastUsedAt: null,
    expiresAt,
    revokedAt: null,
  };
  const statements = [
    insertTokenStatement(db, {
      publicId: token.id,
      tokenHash: await hashApiToken(secret),
      label: token.label,
      role: token.role,
      allFeeds: feeds === null,
      createdAt: nowMs,
      expiresAt,
    }),
    ...(feeds ?? []).map((feed) => grantFeedStatement(db, token.id, feed.slug)),
  ];
  return { token, secret, statements };
}

/** Gives a live token a new secret; the old one fails from the next request on. Returns the new secret. */
export async function rotateTokenSecret(db: D1Database, token: ApiToken, nowMs: number): Promise<string> {
  const secret = generateApiToken();
  if (!(await replaceTokenHash(db, token.rowId, await hashApiToken(secret), nowMs))) {
    throw new FerryError("conflict", "Only a live token can be rotated; this one is revoked or expired.");
  }
  return secret;
}
