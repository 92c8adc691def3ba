import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { articlesApi } from "./articles-api";
import { docsRoutes } from "./docs-routes";
import { feedsApi } from "./feeds-api";
import type { FerryHono } from "./hono-env";
import { FerryError, problemResponse } from "./problem";
import { publicFeeds } from "./public-feeds";
import { webhooksApi } from "./webhooks-api";

/** Ferry's whole HTTP surface: one error handler, one not-found, one sub-app per resource. */
export const app = new Hono<FerryHono>();

app.use(async (c, next) => {
  const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
  c.set("requestId", requestId);
  await next();
  c.header("x-request-id", requestId);
});

app.route("/v1/feeds/:feed/articles", articlesApi);
app.route("/v1/feeds/:feed/webhooks", webhooksApi);
app.route("/v1/feeds", feedsApi);
app.route("/feeds", publicFeeds);
app.route("/", docsRoutes);

app.notFound((c) => {
  const response = problemResponse(new FerryError("not_found", `Nothing lives at ${c.req.path}.`), c.req.path);
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
    console.error(
      JSON.stringify({
        level: "error",
        message: "unhandled error",
        requestId: c.get("requestId"),
        method: c.req.method,
        path: instance,
        error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      }),
    );
    response = problemResponse(new FerryError("internal", "Something went wrong on our side; it has been logged."), instance);
  }
  response.headers.set("x-request-id", c.get("requestId") ?? "");
  return response;
});
