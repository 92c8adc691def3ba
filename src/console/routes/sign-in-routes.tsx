import { Hono } from "hono";
import { endConsoleSession, startConsoleSession } from "../../services/console-sessions";
import { type ConsoleContext, type ConsoleHono, pageState } from "../console-env";
import { MAX_SIGN_IN_FORM_BYTES, readForm } from "../form-body";
import { type FormErrors, NO_ERRORS } from "../forms/form-errors";
import { noticeText } from "../notices";
import { SignInPage } from "../pages/sign-in-page";
import { consolePaths, safeReturnPath, withNotice } from "../paths";
import { findRequestSession } from "../session";
import { clearSessionCookie, setSessionCookie } from "../session-cookie";

const TOKEN_REFUSED: FormErrors = {
  byField: new Map([["token", ["This token is unknown, revoked or expired."]]]),
  general: [],
  status: 401,
};

/** Signing in, open to anyone (the per-address limit and the Origin check run before): a token becomes a session. */
export const signInRoutes = new Hono<ConsoleHono>();

signInRoutes.get("/sign-in", async (c) => {
  if (await findRequestSession(c)) return c.redirect(consolePaths.feeds, 303);
  return c.html(
    <SignInPage
      state={pageState(c)}
      next={safeReturnPath(c.req.query("next"))}
      errors={NO_ERRORS}
      notice={noticeText(c.req.query("notice"))}
    />,
  );
});

signInRoutes.post("/sign-in", async (c) => {
  const form = await readForm(c.req.raw, MAX_SIGN_IN_FORM_BYTES);
  const next = safeReturnPath(form.get("next"));
  const sessionId = await startConsoleSession(c.env.DB, (form.get("token") ?? "").trim(), Date.now());
  if (sessionId === null) {
    return c.html(<SignInPage state={pageState(c)} next={next} errors={TOKEN_REFUSED} notice={null} />, 401);
  }
  setSessionCookie(c, sessionId);
  return c.redirect(next ?? consolePaths.feeds, 303);
});

/** Behind the session and its CSRF check: the session's row is deleted and the cookie cleared. */
export async function signOut(c: ConsoleContext): Promise<Response> {
  const session = c.get("session");
  if (session) await endConsoleSession(c.env.DB, session.sessionHash);
  clearSessionCookie(c);
  return c.redirect(withNotice(consolePaths.signIn, "signed-out"), 303);
}
