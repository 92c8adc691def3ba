import { Hono } from "hono";
import { findFeedBySlug, insertFeedStatement, listFeeds, updateFeedStatement } from "../db/feeds";
import { grantFeedStatement } from "../db/tokens";
import { buildFeed, patchFeed } from "../domain/feed-build";
import { FeedInput, FeedPatch } from "../domain/feed-input";
import { toFeedView } from "../domain/feed-view";
import { authorizeFeed, requireRole, requireToken } from "./auth";
import { readCreateRequest } from "./create-request";
import type { FerryHono } from "./hono-env";
import { commitIdempotently, commitWrite } from "./idempotency";
import { methodNotAllowed } from "./method-not-allowed";
import { publicOrigin } from "./origin";
import { FerryError } from "./problem";
import { readJsonBody } from "./read-json";
import { parseOrThrow } from "./validate";

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

/** Publisher API for feeds themselves, mounted at `/v1/feeds`. Creating and changing feeds needs admin. */
export const feedsApi = new Hono<FerryHono>();
feedsApi.use(requireToken);

feedsApi.get("/", async (c) => {
  const grant = c.get("grant");
  const feeds = await listFeeds(c.env.DB, grant.allFeeds ? null : grant.tokenRowId);
  return c.json({ items: feeds.map((f) => toFeedView(f, publicOrigin(c))) });
});

feedsApi.post("/", async (c) => {
  const grant = c.get("grant");
  requireRole(grant, "admin");
  const { input, request } = await readCreateRequest(c, FeedInput);
  return commitIdempotently(c.env.DB, request, async () => {
    if (await findFeedBySlug(c.env.DB, input.slug)) {
      throw new FerryError("conflict", `A feed "${input.slug}" already exists.`, {
        errors: [{ pointer: "/slug", detail: "Already taken." }],
      });
    }
    const feed = buildFeed(input, Date.now());
    const view = toFeedView({ ...feed, rowId: 0 }, publicOrigin(c));
    return {
      // A token scoped to some feeds is also scoped to the feeds it creates.
      statements: [
        insertFeedStatement(c.env.DB, feed),
        ...(grant.allFeeds ? [] : [grantFeedStatement(c.env.DB, grant.publicId, feed.slug)]),
      ],
      response: {
        status: 201,
        headers: { ...JSON_HEADERS, location: `/v1/feeds/${feed.slug}` },
        body: JSON.stringify(view),
      },
    };
  });
});

feedsApi.get("/:feed", async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed"), "read");
  return c.json(toFeedView(feed, publicOrigin(c)));
});

feedsApi.patch("/:feed", async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed"), "admin");
  const raw = (await readJsonBody(c.req.raw)).value;
  const patch = parseOrThrow(FeedPatch, raw);
  const updated = patchFeed(feed, patch, raw as Record<string, unknown>, Date.now());
  return commitWrite(c.env.DB, {
    statements: [updateFeedStatement(c.env.DB, updated)],
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify(toFeedView(updated, publicOrigin(c))),
    },
  });
});

feedsApi.all("/", methodNotAllowed(["GET", "POST"]));
feedsApi.all("/:feed", methodNotAllowed(["GET", "PATCH"]));
