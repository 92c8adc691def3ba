import { Hono } from "hono";
import type { FeedFormat } from "../feeds/feed-document";
import { formatOfFile } from "./feed-formats";
import { readOnlyFallback } from "./feed-headers";
import { serveFeed } from "./feed-responses";
import { readFeedTarget } from "./feed-target";
import type { FerryHono } from "./hono-env";
import { FerryError } from "./problem";

const FILE = ":file{(?:rss\\.xml|atom\\.xml|feed\\.json)}";
const TERM = ":kind{(?:tags|authors)}/:term";

/**
 * Public feeds for readers, mounted at `/feeds`. No authentication. Each feed, and each of its tags and
 * authors, is published as RSS, Atom and JSON Feed files and as an HTML page (the trailing-slash URL);
 * the bare URL serves whichever of them `Accept` asks for.
 */
export const publicFeeds = new Hono<FerryHono>();

for (const base of ["/:feed", `/:feed/${TERM}`]) {
  publicFeeds.get(`${base}/${FILE}`, (c) => serveFeed(c, readFeedTarget(c, fileFormat(c.req.param("file")))));
  publicFeeds.get(`${base}/`, (c) => serveFeed(c, readFeedTarget(c, "html")));
  publicFeeds.get(base, (c) => serveFeed(c, readFeedTarget(c, "negotiate")));
  for (const path of [`${base}/${FILE}`, `${base}/`, base]) publicFeeds.all(path, readOnlyFallback);
}

function fileFormat(file: string | undefined): FeedFormat {
  const format = file === undefined ? null : formatOfFile(file);
  if (!format) throw new FerryError("not_found", `There is no feed file "${file}".`);
  return format;
}
