import type { TokenRole } from "../domain/tokens";
import type { TokenGrant } from "./tokens";

/** A live console session with the grant of its token, as every console request needs it. */
export interface ConsoleSession {
  sessionRowId: number;
  sessionHash: string;
  lastSeenAt: number;
  expiresAt: number;
  grant: TokenGrant;
}

interface SessionRow {
  session_id: number;
  session_hash: string;
  last_seen_at: number;
  expires_at: number;
  token_id: number;
  public_id: string;
  label: string;
  role: TokenRole;
  all_feeds: number;
  last_used_at: number | null;
  feed_ids: string | null;
}

export interface NewConsoleSession {
  sessionHash: string;
  tokenRowId: number;
  tokenHash: string;
  nowMs: number;
  expiresAt: number;
}

export function insertConsoleSessionStatement(
  db: D1Database,
  session: NewConsoleSession,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO console_sessions (session_hash, token_id, token_hash, created_at, last_seen_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      session.sessionHash,
      session.tokenRowId,
      session.tokenHash,
      session.nowMs,
      session.nowMs,
      session.expiresAt,
    );
}

/** Ends a token's oldest sessions beyond the newest `keep`; runs in the batch that signs in. */
export function trimTokenSessionsStatement(
  db: D1Database,
  tokenRowId: number,
  keep: number,
): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM console_sessions WHERE token_id = ? AND id < coalesce(
         (SELECT id FROM console_sessions WHERE token_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?), 0)`,
    )
    .bind(tokenRowId, tokenRowId, keep - 1);
}

/**
 * The session with this hash, if it is neither idle since `idleCutoff` nor past its end, and its token is live and
 * unchanged since sign-in: one indexed query, so a revoked or rotated token ends the session on its next request.
 */
export async function findLiveConsoleSession(
  db: D1Database,
  sessionHash: string,
  at: { nowMs: number; idleCutoff: number },
): Promise<ConsoleSession | null> {
  const row = await db
    .prepare(
      `SELECT s.id AS session_id, s.session_hash, s.last_seen_at, s.expires_at,
         t.id AS token_id, t.public_id, t.label, t.role, t.all_feeds, t.last_used_at,
         (SELECT group_concat(feed_id) FROM api_token_feeds WHERE token_id = t.id) AS feed_ids
       FROM console_sessions s JOIN api_tokens t ON t.id = s.token_id
       WHERE s.session_hash = ? AND s.expires_at > ? AND s.last_seen_at > ?
         AND t.token_hash = s.token_hash AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)`,
    )
    .bind(sessionHash, at.nowMs, at.idleCutoff, at.nowMs)
    .first<SessionRow>();
  if (!row) return null;
  return {
    sessionRowId: row.session_id,
    sessionHash: row.session_hash,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    grant: {
      tokenRowId: row.token_id,
      publicId: row.public_id,
      label: row.label,
      role: row.role,
      allFeeds: row.all_feeds === 1,
      feedRowIds: row.feed_ids ? row.feed_ids.split(",").map(Number) : [],
      lastUsedAt: row.last_used_at,
    },
  };
}

/** Records activity at most once per `intervalMs`, so a busy editor does not write on every page. */
export function touchConsoleSessionStatement(
  db: D1Database,
  sessionRowId: number,
  nowMs: number,
  intervalMs: number,
): D1PreparedStatement {
  return db
    .prepare("UPDATE console_sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?")
    .bind(nowMs, sessionRowId, nowMs - intervalMs);
}

export function deleteConsoleSessionStatement(db: D1Database, sessionHash: string): D1PreparedStatement {
  return db.prepare("DELETE FROM console_sessions WHERE session_hash = ?").bind(sessionHash);
}

/**
 * For the cron: at most `limit` sessions that went idle before `idleCutoff` or ended before `nowMs` (a session of a
 * revoked or rotated token is never seen again, so it goes idle and is purged within 12 hours too).
 */
export function purgeConsoleSessionsStatement(
  db: D1Database,
  at: { nowMs: number; idleCutoff: number },
  limit: number,
): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM console_sessions WHERE id IN (
         SELECT id FROM console_sessions WHERE last_seen_at <= ?
         UNION ALL
         SELECT id FROM console_sessions WHERE expires_at <= ?
         LIMIT ?)`,
    )
    .bind(at.idleCutoff, at.nowMs, limit);
}
