import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { FerryError } from "../domain/problems";
import { activityPubActors } from "./activitypub-actors";
import { activityPubDiscovery } from "./activitypub-discovery";
import { activityPubInboxes, isInboxPath } from "./activitypub-inbox";
import { articlesApi } from "./articles-api";
import { docsRoutes } from "./docs-routes";
import { eventStreamApi } from "./event-stream-api";
import { eventTypesApi } from "./event-types-api";
import { feedDirectory } from "./feed-directory";
import { feedTransferApi } from "./feed-transfer-api";
import { feedsApi } from "./feeds-api";
import { healthRoutes } from "./health";
import type { FerryHono } from "./hono-env";
import { jsonCharset } from "./json-charset";
import { forgetFeedsAfterWrites } from "./memo-invalidation";
import { problemResponse } from "./problem";
import { publicFeeds } from "./public-feeds";
import { limitByIp } from "./rate-limit";
import { reportUnhandledError, requestLog } from "./request-log";
import { securityHeaders } from "./security-headers";
import { tokensApi } from "./tokens-api";
import { webhooksApi } from "./webhooks-api";
import { websubHub } from "./websub-hub";
import { websubSubscriptionsApi } from "./websub-subscriptions-api";

/** Ferry's whole HTTP surface: one error handler, one not-found, one sub-app per resource. */
export const app = new Hono<FerryHono>();

// Outermost first: the log sees every final status and header; the IP limit runs before any token lookup.
app.use(requestLog);
app.use(securityHeaders);
app.use(jsonCharset);
app.use("/v1/*", limitByIp("API_RATE_LIMIT_IP"));
app.use("/v1/*", forgetFeedsAfterWrites);
// The hub is public and makes Ferry call other servers: a tighter limit of its own keeps it from being a lever.
app.use("/websub", limitByIp("HUB_RATE_LIMIT_IP"));
// The inboxes are public and a signed POST can make Ferry fetch the signer's key: a limit of their own too.
const limitInboxByIp = limitByIp("INBOX_RATE_LIMIT_IP");
// Feeds, pages, documents and health: generous, since readers poll, but no address gets them without bound.
const limitPublicByIp = limitByIp("PUBLIC_RATE_LIMIT_IP");
app.use("*", async (c, next) => {
  const path = c.req.path;
  if (isInboxPath(path)) return limitInboxByIp(c, next);
  return path.startsWith("/v1/") || path === "/websub" ? next() : limitPublicByIp(c, next);
});

app.route("/v1/feeds/:feed/articles", articlesApi);
app.route("/v1/feeds/:feed/webhooks", webhooksApi);
app.route("/v1/feeds/:feed/websub", websubSubscriptionsApi);
// Before feedsApi, whose token middleware covers /v1/feeds/*: these sub-apps check the token per route.
app.route("/v1/feeds/:feed", feedTransferApi);
app.route("/v1/feeds/:feed", eventStreamApi);
app.route("/v1/feeds", feedsApi);
app.route("/v1/tokens", tokensApi);
app.route("/v1/event-types", eventTypesApi);
app.route("/", healthRoutes);
app.route("/feeds", publicFeeds);
app.route("/", feedDirectory);
app.route("/", docsRoutes);
app.route("/websub", websubHub);
app.route("/", activityPubDiscovery);
app.route("/feeds", activityPubActors);
app.route("/", activityPubInboxes);

app.notFound((c) => {
  const response = problemResponse(
    new FerryError("not_found", `Nothing lives at ${c.req.path}.`),
    c.req.path,
  );
  response.headers.set("x-request-id", c.get("requestId") ?? "");
  return response;
});

app.onError((error, c) => {
  const instance = c.req.path;
  let response: Response;
  if (error instanceof FerryError) {
    response = problemResponse(error, instance);
  } else if (error instanceof HTTPException && error.status < 500) {
    response = problemResponse(new FerryError("bad_request", error.message || "Bad request."), instance);
  } else {
    const bug = reportUnhandledError(
      { requestId: c.get("requestId"), method: c.req.method, path: instance },
      error,
    );
    response = problemResponse(bug, instance);
  }
  response.headers.set("x-request-id", c.get("requestId") ?? "");
  return response;
});
