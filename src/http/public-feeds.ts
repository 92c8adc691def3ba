import { Hono } from "hono";
import { findFeedBySlug } from "../db/feeds";
import type { FeedDocument } from "../feeds/feed-document";
import { renderAtom } from "../feeds/atom";
import { renderJsonFeed } from "../feeds/json-feed";
import { renderRss } from "../feeds/rss";
import { loadFeedDocument } from "../services/feed-document";
import type { FerryHono } from "./hono-env";
import { methodNotAllowed } from "./method-not-allowed";
import { publicOrigin } from "./origin";
import { FerryError } from "./problem";

/** The three formats every feed is published in, with the media types readers expect. */
const FORMATS: Record<string, { contentType: string; render: (doc: FeedDocument) => string }> = {
  "rss.xml": { contentType: "application/rss+xml; charset=utf-8", render: renderRss },
  "atom.xml": { contentType: "application/atom+xml; charset=utf-8", render: renderAtom },
  "feed.json": { contentType: "application/feed+json; charset=utf-8", render: renderJsonFeed },
};

/** Public feeds for readers, mounted at `/feeds`. No authentication. */
export const publicFeeds = new Hono<FerryHono>();

publicFeeds.get("/:feed/:file{(?:rss\\.xml|atom\\.xml|feed\\.json)}", async (c) => {
  const format = FORMATS[c.req.param("file")];
  const feed = await findFeedBySlug(c.env.DB, c.req.param("feed"));
  if (!format || !feed) throw new FerryError("not_found", `There is no feed "${c.req.param("feed")}".`);
  const doc = await loadFeedDocument(c.env.DB, feed, { origin: publicOrigin(c), nowMs: Date.now() });
  return c.body(format.render(doc), 200, {
    "content-type": format.contentType,
    "cache-control": "public, max-age=60",
    "x-content-type-options": "nosniff",
  });
});

publicFeeds.all("/:feed/:file{(?:rss\\.xml|atom\\.xml|feed\\.json)}", methodNotAllowed(["GET"]));
