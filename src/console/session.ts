import { createMiddleware } from "hono/factory";
import {
  type ConsoleSession,
  findLiveConsoleSession,
  touchConsoleSessionStatement,
} from "../db/console-sessions";
import { touchTokenStatement } from "../db/tokens";
import {
  CONSOLE_SESSION_TOUCH_MS,
  csrfTokenFor,
  hashSessionId,
  sessionCutoffs,
} from "../domain/console-session";
import { timingSafeEqual } from "../domain/timing-safe-equal";
import { enforceRateLimit } from "../http/rate-limit";
import type { ConsoleContext, ConsoleHono } from "./console-env";
import { consolePaths, safeReturnPath } from "./paths";
import { clearSessionCookie, readSessionCookie } from "./session-cookie";

/**
 * The live session the request's cookie names, with its token's grant, or null: unknown, idle for 12 hours, older
 * than 7 days, or its token revoked, expired or rotated since sign-in. Checked on every request, never cached.
 */
export async function findRequestSession(
  c: ConsoleContext,
): Promise<{ sessionId: string; session: ConsoleSession } | null> {
  const sessionId = readSessionCookie(c);
  if (sessionId === null) return null;
  const hash = await hashSessionId(sessionId);
  const session = await findLiveConsoleSession(c.env.DB, hash, sessionCutoffs(Date.now()));
  // The lookup is by hash; the constant-time comparison guards against any index-side shortcut.
  if (!session || !timingSafeEqual(session.sessionHash, hash)) return null;
  return { sessionId, session };
}

/** Back to sign-in; a page that was asked for is where signing in returns to. */
function toSignIn(c: ConsoleContext): Response {
  const url = new URL(c.req.url);
  const back = c.req.method === "GET" ? safeReturnPath(url.pathname + url.search) : null;
  return c.redirect(
    back ? `${consolePaths.signIn}?next=${encodeURIComponent(back)}` : consolePaths.signIn,
    303,
  );
}

/**
 * Everything behind sign-in: puts the token's grant on the context exactly as API authentication does (so roles and
 * feed scopes are checked by the same functions), counts the request against the token's rate limit, and records
 * activity for idle expiry at most once a minute.
 */
export const requireSession = createMiddleware<ConsoleHono>(async (c, next) => {
  const found = await findRequestSession(c);
  if (!found) {
    if (readSessionCookie(c) !== null) clearSessionCookie(c);
    return toSignIn(c);
  }
  const { grant, sessionRowId, sessionHash } = found.session;
  c.set("grant", grant);
  c.set("session", { sessionHash, csrfToken: await csrfTokenFor(found.sessionId) });
  await enforceRateLimit(c.env.API_RATE_LIMIT_TOKEN, `token:${grant.publicId}`, "token");
  const now = Date.now();
  c.executionCtx.waitUntil(
    c.env.DB.batch([
      touchConsoleSessionStatement(c.env.DB, sessionRowId, now, CONSOLE_SESSION_TOUCH_MS),
      touchTokenStatement(c.env.DB, grant.tokenRowId, now),
    ]),
  );
  await next();
});
