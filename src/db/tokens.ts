import type { TokenRole } from "../domain/tokens";

/** What a request authenticated with a token may touch. */
export interface TokenGrant {
  tokenRowId: number;
  publicId: string;
  label: string;
  role: TokenRole;
  allFeeds: boolean;
  /** Feed row ids the token is scoped to (empty when allFeeds). */
  feedRowIds: number[];
  lastUsedAt: number | null;
}

interface TokenRow {
  id: number;
  public_id: string;
  token_hash: string;
  label: string;
  role: TokenRole;
  all_feeds: number;
  last_used_at: number | null;
  feed_ids: string | null;
}

/** A live (not revoked, not expired) token by the hash of its secret, with its feed scope. */
export async function findLiveTokenByHash(
  db: D1Database,
  tokenHash: string,
  nowMs: number,
): Promise<(TokenGrant & { tokenHash: string }) | null> {
  const row = await db
    .prepare(
      `SELECT t.id, t.public_id, t.token_hash, t.label, t.role, t.all_feeds, t.last_used_at,
         (SELECT group_concat(feed_id) FROM api_token_feeds WHERE token_id = t.id) AS feed_ids
       FROM api_tokens t
       WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)`,
    )
    .bind(tokenHash, nowMs)
    .first<TokenRow>();
  if (!row) return null;
  return {
    tokenRowId: row.id,
    publicId: row.public_id,
    tokenHash: row.token_hash,
    label: row.label,
    role: row.role,
    allFeeds: row.all_feeds === 1,
    feedRowIds: row.feed_ids ? row.feed_ids.split(",").map(Number) : [],
    lastUsedAt: row.last_used_at,
  };
}

/** Records use at most once a minute per token, so a busy publisher does not write on every request. */
export function touchTokenStatement(db: D1Database, tokenRowId: number, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
    )
    .bind(nowMs, tokenRowId, nowMs - 60_000);
}

export interface NewToken {
  publicId: string;
  tokenHash: string;
  label: string;
  role: TokenRole;
  allFeeds: boolean;
  createdAt: number;
  expiresAt: number | null;
}

export function insertTokenStatement(db: D1Database, token: NewToken): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO api_tokens (public_id, token_hash, label, role, all_feeds, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      token.publicId,
      token.tokenHash,
      token.label,
      token.role,
      token.allFeeds ? 1 : 0,
      token.createdAt,
      token.expiresAt,
    );
}

/** Scopes the token with this public id to the feed with this slug. */
export function grantFeedStatement(
  db: D1Database,
  tokenPublicId: string,
  feedSlug: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO api_token_feeds (token_id, feed_id)
       SELECT t.id, f.id FROM api_tokens t, feeds f WHERE t.public_id = ? AND f.slug = ?`,
    )
    .bind(tokenPublicId, feedSlug);
}
