import * as v from "valibot";
import { listFeeds } from "../db/feeds";
import type { Feed } from "../domain/feed";
import { PodcastSettingsInput } from "../domain/feed-podcast-input";
import { toFeedView } from "../domain/feed-view";
import { applyMergePatch } from "../domain/merge-patch";
import { prepareCreateFeed, prepareUpdateFeed } from "../services/feed-writes";
import { requireToken } from "./auth";
import { readCreateRequest } from "./create-request";
import { Resource } from "./endpoint";
import { commitIdempotently, commitWrite } from "./idempotency";
import { publicOrigin } from "./origin";
import { parseOrThrow } from "./validate";

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
    return commitIdempotently(c.env.DB, request, () =>
      prepareCreateFeed(c.env.DB, grant, input, Date.now(), publicOrigin(c)),
    );
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
    const raw = value as Record<string, unknown>;
    const podcast = patchedPodcast(feed, raw.podcast);
    return commitWrite(
      c.env.DB,
      prepareUpdateFeed(c.env.DB, feed, input, raw, podcast, Date.now(), publicOrigin(c)),
    );
  },
);

/** Podcast settings are checked whole, so a patch's errors point into its `podcast` member. */
const PodcastMember = v.object({ podcast: PodcastSettingsInput });

/** The podcast settings a patch leads to: its `podcast` merged into the current ones (RFC 7396), checked whole. */
function patchedPodcast(feed: Feed, patch: unknown) {
  if (patch === null || patch === undefined) return null;
  return parseOrThrow(PodcastMember, { podcast: applyMergePatch(feed.podcast ?? {}, patch) }).podcast;
}

export const feedsApi = feeds.routes();
export const FEED_ENDPOINTS = feeds.endpoints;
