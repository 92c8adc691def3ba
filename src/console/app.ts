import { Hono } from "hono";
import type { Env } from "../env";
import { forgetFeedsAfterWrites } from "../http/memo-invalidation";
import { limitByIp } from "../http/rate-limit";
import { requestLog } from "../http/request-log";
import { assetRoutes } from "./assets";
import type { ConsoleContext, ConsoleHono } from "./console-env";
import { consoleNotFound, handleConsoleError } from "./errors";
import { requireCsrfToken } from "./form-body";
import { CONSOLE_ROOT, consolePaths } from "./paths";
import { articleRoutes } from "./routes/article-routes";
import { feedRoutes } from "./routes/feed-routes";
import { signInRoutes, signOut } from "./routes/sign-in-routes";
import { tokenRoutes } from "./routes/token-routes";
import { transferRoutes } from "./routes/transfer-routes";
import { webhookActionRoutes } from "./routes/webhook-action-routes";
import { webhookRoutes } from "./routes/webhook-routes";
import { websubRoutes } from "./routes/websub-routes";
import { refuseCrossSitePosts } from "./same-origin";
import { consoleSecurityHeaders } from "./security-headers";
import { requireSession } from "./session";

// Signing in guesses at tokens like the API without one does, so it shares the API's per-address budget; every other
// console request is an ordinary anonymous read as far as one address goes.
const limitSignIn = limitByIp("API_RATE_LIMIT_IP");
const limitOthers = limitByIp("PUBLIC_RATE_LIMIT_IP");
const isSignIn = (c: ConsoleContext) => c.req.method === "POST" && c.req.path === consolePaths.signIn;

/**
 * Ferry's console, served at /console: server-rendered pages over the same services as the API. Outermost first: the
 * request log, headers and nonce, the per-address limit, the Origin check of every POST; then sign-in, which is open;
 * then the session and the CSRF token, which everything else needs.
 */
export const consoleApp = new Hono<ConsoleHono>().basePath(CONSOLE_ROOT);

consoleApp.use(requestLog);
consoleApp.use(consoleSecurityHeaders);
consoleApp.use((c, next) => (isSignIn(c) ? limitSignIn(c, next) : limitOthers(c, next)));
consoleApp.use(refuseCrossSitePosts);
consoleApp.use(forgetFeedsAfterWrites);

consoleApp.route("/assets", assetRoutes);
consoleApp.route("/", signInRoutes);

consoleApp.use(requireSession);
consoleApp.use(requireCsrfToken);
consoleApp.get("/", (c) => c.redirect(consolePaths.feeds, 303));
consoleApp.post("/sign-out", signOut);
consoleApp.route("/", feedRoutes);
consoleApp.route("/", articleRoutes);
consoleApp.route("/", webhookRoutes);
consoleApp.route("/", webhookActionRoutes);
consoleApp.route("/", websubRoutes);
consoleApp.route("/", transferRoutes);
consoleApp.route("/", tokenRoutes);

consoleApp.notFound(consoleNotFound);
consoleApp.onError(handleConsoleError);

type FetchHandler = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

/** Whether a URL's path is `/console` or below it, read without parsing the whole URL. */
export function isConsoleUrl(url: string): boolean {
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  if (pathStart === -1 || !url.startsWith(CONSOLE_ROOT, pathStart)) return false;
  const after = url[pathStart + CONSOLE_ROOT.length];
  return after === undefined || after === "/" || after === "?" || after === "#";
}

/** The Worker's fetch with the console in front: requests under /console go to it, all others to `fetch`. */
export function withConsole(fetch: FetchHandler): FetchHandler {
  return (request, env, ctx) =>
    isConsoleUrl(request.url) ? consoleApp.fetch(request, env, ctx) : fetch(request, env, ctx);
}
