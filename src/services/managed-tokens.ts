import { findTokenByPublicId, revokeToken } from "../db/token-management";
import { FerryError } from "../domain/problems";
import { type ApiToken, type FeedScope, scopeCovers } from "../domain/tokens";
import { UUID_PATTERN } from "../domain/uuid";

/** An admin as token management sees it: whose feeds it may manage, and which token it is. */
export type TokenManager = FeedScope & { tokenRowId: number };

/** The token with this public id, if `actor` may manage it; one outside its scope does not exist for it. */
export async function findManagedToken(db: D1Database, actor: TokenManager, id: string): Promise<ApiToken> {
  const publicId = id.toLowerCase();
  const token = UUID_PATTERN.test(publicId) ? await findTokenByPublicId(db, publicId) : null;
  if (!token || !scopeCovers(actor, token.feedRowIds)) {
    throw new FerryError("not_found", `There is no token ${id}.`);
  }
  return token;
}

/** A token may not revoke itself: an admin who did so by mistake would have no way back in (see README: Tokens). */
export function assertMayRevoke(actor: TokenManager, token: ApiToken): void {
  if (token.rowId === actor.tokenRowId) {
    throw new FerryError(
      "conflict",
      "A token cannot revoke itself; revoke it with another admin token, or rotate it if its secret leaked.",
    );
  }
}

/** Revokes a token at once; revoking it again is a no-op. */
export async function revokeManagedToken(
  db: D1Database,
  actor: TokenManager,
  token: ApiToken,
  nowMs: number,
): Promise<void> {
  assertMayRevoke(actor, token);
  await revokeToken(db, token.rowId, nowMs);
}
