import { Resource } from "./endpoint";
import { serveFeed } from "./feed-responses";
import { readFeedTarget } from "./feed-target";
import { FEED_READS } from "./public-reads";

/**
 * Public feeds for readers, mounted at `/feeds`. No authentication. Each feed, and each of its tags and
 * authors, is published as RSS, Atom and JSON Feed files and as an HTML page (the trailing-slash URL);
 * the bare URL serves whichever of them `Accept` asks for.
 */
const feeds = new Resource("/feeds");

for (const { spec, format, filter } of FEED_READS) {
  feeds.endpoint(spec, (c) => serveFeed(c, readFeedTarget(c, format, filter)));
}

export const publicFeeds = feeds.routes();
export const PUBLIC_FEED_ENDPOINTS = feeds.endpoints;
