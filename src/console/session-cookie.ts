import { CONSOLE_SESSION_MAX_MS, isWellFormedSessionId } from "../domain/console-session";
import type { ConsoleContext } from "./console-env";
import { CONSOLE_ROOT } from "./paths";

const COOKIE_NAME = "ferry_console";
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** `Secure` everywhere but plain http on this machine (`npm start`), where a browser would drop a Secure cookie. */
function isLocalHttp(c: ConsoleContext): boolean {
  const url = new URL(c.req.url);
  return url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname);
}

/** The cookie's attributes: only the console's paths see it, no script reads it, no other site sends it. */
function sessionCookie(c: ConsoleContext, value: string, maxAgeSeconds: number): string {
  const secure = isLocalHttp(c) ? "" : "; Secure";
  return `${COOKIE_NAME}=${value}; Max-Age=${maxAgeSeconds}; Path=${CONSOLE_ROOT}; HttpOnly${secure}; SameSite=Strict`;
}

/** The session id the browser sent, if it has the shape of one; anything else is as good as no cookie. */
export function readSessionCookie(c: ConsoleContext): string | null {
  for (const pair of (c.req.header("cookie") ?? "").split(";")) {
    const [name, value = ""] = pair.trim().split("=", 2);
    if (name === COOKIE_NAME && isWellFormedSessionId(value)) return value;
  }
  return null;
}

export function setSessionCookie(c: ConsoleContext, sessionId: string): void {
  c.header("set-cookie", sessionCookie(c, sessionId, Math.floor(CONSOLE_SESSION_MAX_MS / 1000)));
}

export function clearSessionCookie(c: ConsoleContext): void {
  c.header("set-cookie", sessionCookie(c, "", 0));
}
