import { findFeedBySlug, insertFeedStatement, listFeeds, updateFeedStatement } from "../db/feeds";
import { grantFeedStatement } from "../db/tokens";
import { buildFeed, patchFeed } from "../domain/feed-build";
import { toFeedView } from "../domain/feed-view";
import { FerryError } from "../domain/problems";
import { JSON_HEADERS } from "../services/write-plan";
import { requireToken } from "./auth";
import { readCreateRequest } from "./create-request";
import { Resource } from "./endpoint";
import { commitIdempotently, commitWrite } from "./idempotency";
import { publicOrigin } from "./origin";

const FEEDS = "/v1/feeds";
const FEED = `${FEEDS}/{feed}`;

/** Publisher API for feeds themselves, mounted at `/v1/feeds`. Creating and changing feeds needs admin. */
const feeds = new Resource(FEEDS);
feeds.app.use(requireToken);

feeds.endpoint(
  {
    method: "get",
    path: FEEDS,
    operationId: "listFeeds",
    summary: "List the feeds this token can see",
    tag: "Feeds",
    role: "read",
    ok: { status: 200, description: "Every feed the token is scoped to.", schema: "FeedList" },
    problems: [401],
  },
  async (c) => {
    const grant = c.get("grant");
    const list = await listFeeds(c.env.DB, grant.allFeeds ? null : grant.tokenRowId);
    return c.json({ items: list.map((f) => toFeedView(f, publicOrigin(c))) });
  },
);

feeds.endpoint(
  {
    method: "post",
    path: FEEDS,
    operationId: "createFeed",
    summary: "Create a feed",
    tag: "Feeds",
    role: "admin",
    body: { schema: "FeedInput" },
    ok: { status: 201, description: "The feed as stored.", schema: "FeedOutput", headers: ["Location"] },
    problems: [400, 401, 403, 409, 413, 415, 422],
  },
  async (c, { body }) => {
    const grant = c.get("grant");
    const { input, request } = await readCreateRequest(c, body);
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
  },
);

feeds.endpoint(
  {
    method: "get",
    path: FEED,
    operationId: "getFeed",
    summary: "Fetch a feed's settings",
    tag: "Feeds",
    role: "read",
    ok: { status: 200, description: "The feed.", schema: "FeedOutput" },
    problems: [401, 403, 404],
  },
  async (c, { feed }) => c.json(toFeedView(feed, publicOrigin(c))),
);

feeds.endpoint(
  {
    method: "patch",
    path: FEED,
    operationId: "patchFeed",
    summary: "Change a feed's settings",
    tag: "Feeds",
    role: "admin",
    body: { schema: "FeedPatch", mergePatch: true },
    ok: { status: 200, description: "The feed as stored.", schema: "FeedOutput" },
    problems: [400, 401, 403, 404, 413, 415, 422],
  },
  async (c, { feed, body }) => {
    const { input, value } = await body();
    const updated = patchFeed(feed, input, value as Record<string, unknown>, Date.now());
    return commitWrite(c.env.DB, {
      statements: [updateFeedStatement(c.env.DB, updated)],
      response: {
        status: 200,
        headers: JSON_HEADERS,
        body: JSON.stringify(toFeedView(updated, publicOrigin(c))),
      },
    });
  },
);

export const feedsApi = feeds.routes();
export const FEED_ENDPOINTS = feeds.endpoints;
