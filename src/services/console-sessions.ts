import {
  deleteConsoleSessionStatement,
  insertConsoleSessionStatement,
  trimTokenSessionsStatement,
} from "../db/console-sessions";
import { findLiveTokenByHash } from "../db/tokens";
import {
  CONSOLE_SESSION_MAX_MS,
  hashSessionId,
  MAX_CONSOLE_SESSIONS_PER_TOKEN,
  newSessionId,
} from "../domain/console-session";
import { timingSafeEqual } from "../domain/timing-safe-equal";
import { hashApiToken } from "../domain/tokens";

/** What may be an API token at all; anything else is refused without a lookup. */
const TOKEN_TEXT = /^[\x21-\x7e]{1,512}$/;

/**
 * Signs in with an API token: when the token is live, stores a new session (its hash, the token and the token's
 * current hash) and returns the session id for the cookie, ending the token's oldest sessions beyond
 * MAX_CONSOLE_SESSIONS_PER_TOKEN in the same batch. Null for a token that is unknown, revoked or expired: one indexed
 * lookup, nothing written.
 */
export async function startConsoleSession(
  db: D1Database,
  token: string,
  nowMs: number,
): Promise<string | null> {
  if (!TOKEN_TEXT.test(token)) return null;
  const tokenHash = await hashApiToken(token);
  const grant = await findLiveTokenByHash(db, tokenHash, nowMs);
  if (!grant || !timingSafeEqual(grant.tokenHash, tokenHash)) return null;
  const sessionId = newSessionId();
  await db.batch([
    insertConsoleSessionStatement(db, {
      sessionHash: await hashSessionId(sessionId),
      tokenRowId: grant.tokenRowId,
      tokenHash,
      nowMs,
      expiresAt: nowMs + CONSOLE_SESSION_MAX_MS,
    }),
    trimTokenSessionsStatement(db, grant.tokenRowId, MAX_CONSOLE_SESSIONS_PER_TOKEN),
  ]);
  return sessionId;
}

/** Signs out: the session's row goes, so its cookie is worth nothing even if it was copied. */
export async function endConsoleSession(db: D1Database, sessionHash: string): Promise<void> {
  await deleteConsoleSessionStatement(db, sessionHash).run();
}
