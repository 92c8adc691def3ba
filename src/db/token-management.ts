import type { ApiToken, FeedScope, TokenRole } from "../domain/tokens";

interface ManagedTokenRow {
  id: number;
  public_id: string;
  label: string;
  role: TokenRole;
  all_feeds: number;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
  /** JSON array of [feed row id, slug] pairs. */
  feeds_json: string;
}

// Everything but the hash: it never leaves the auth lookup.
const TOKEN_COLUMNS = `t.id, t.public_id, t.label, t.role, t.all_feeds, t.created_at, t.last_used_at, t.expires_at,
  t.revoked_at, (SELECT json_group_array(json_array(f.id, f.slug)) FROM api_token_feeds tf
    JOIN feeds f ON f.id = tf.feed_id WHERE tf.token_id = t.id) AS feeds_json`;

function toApiToken(row: ManagedTokenRow): ApiToken {
  const feeds = (JSON.parse(row.feeds_json) as [number, string][]).sort((a, b) => a[1].localeCompare(b[1]));
  const allFeeds = row.all_feeds === 1;
  return {
    rowId: row.id,
    id: row.public_id,
    label: row.label,
    role: row.role,
    feeds: allFeeds ? null : feeds.map(([, slug]) => slug),
    feedRowIds: allFeeds ? null : feeds.map(([id]) => id),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

export async function findTokenByPublicId(db: D1Database, publicId: string): Promise<ApiToken | null> {
  const row = await db
    .prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens t WHERE t.public_id = ?`)
    .bind(publicId)
    .first<ManagedTokenRow>();
  return row ? toApiToken(row) : null;
}

/**
 * One page of tokens, newest first, revoked and expired ones included. A scoped admin sees only tokens
 * whose every feed is one of its own (see `scopeCovers`).
 */
export async function listTokens(
  db: D1Database,
  options: { actor: FeedScope & { tokenRowId: number }; beforeRowId: number | null; limit: number },
): Promise<ApiToken[]> {
  const { results } = await db
    .prepare(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens t
       WHERE t.id < ? AND (? = 1 OR (t.all_feeds = 0 AND NOT EXISTS (
         SELECT 1 FROM api_token_feeds x WHERE x.token_id = t.id
           AND x.feed_id NOT IN (SELECT feed_id FROM api_token_feeds WHERE token_id = ?))))
       ORDER BY t.id DESC LIMIT ?`,
    )
    .bind(
      options.beforeRowId ?? Number.MAX_SAFE_INTEGER,
      options.actor.allFeeds ? 1 : 0,
      options.actor.tokenRowId,
      options.limit,
    )
    .all<ManagedTokenRow>();
  return results.map(toApiToken);
}

/** Row ids of the feeds with these slugs; slugs that name no feed are missing from the map. */
export async function findFeedRowIds(db: D1Database, slugs: readonly string[]): Promise<Map<string, number>> {
  const { results } = await db
    .prepare("SELECT id, slug FROM feeds WHERE slug IN (SELECT value FROM json_each(?))")
    .bind(JSON.stringify(slugs))
    .all<{ id: number; slug: string }>();
  return new Map(results.map((r) => [r.slug, r.id]));
}

/** Revokes a live token; revoking it again changes nothing. Returns whether this call revoked it. */
export async function revokeToken(db: D1Database, tokenRowId: number, nowMs: number): Promise<boolean> {
  const result = await db
    .prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
    .bind(nowMs, tokenRowId)
    .run();
  return result.meta.changes > 0;
}

/** Replaces the secret's hash of a live token, so the old secret stops working at once. */
export async function replaceTokenHash(
  db: D1Database,
  tokenRowId: number,
  tokenHash: string,
  nowMs: number,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE api_tokens SET token_hash = ?
       WHERE id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
    )
    .bind(tokenHash, tokenRowId, nowMs)
    .run();
  return result.meta.changes > 0;
}
