import type { Context } from "hono";
import type { TimelineCursor } from "../db/articles";
import { type FeedFilter, parseFeedFilter } from "../domain/feed-filter";
import { FerryError } from "../domain/problems";
import { decodeTimelineCursor } from "../domain/timeline-cursor";
import type { FeedFormat } from "../feeds/feed-document";
import { negotiateFeedFormat } from "./feed-negotiation";
import type { FerryHono } from "./hono-env";

/** One public feed representation a request asks for. */
export interface FeedTarget {
  slug: string;
  filter: FeedFilter | null;
  format: FeedFormat;
  /** Chosen from `Accept` rather than named by the URL. */
  negotiated: boolean;
  before: TimelineCursor | null;
}

/** Where a filtered view's path names its tag or author: `/tags/{tag}`, `/authors/{name}`. */
export interface FeedFilterRoute {
  segment: string;
  param: string;
}

/**
 * Reads the feed, the tag or author, the page cursor and the format from the route; `negotiate`
 * picks the format from `Accept`. Path parameters arrive percent-decoded.
 */
export function readFeedTarget(
  c: Context<FerryHono>,
  format: FeedFormat | "negotiate",
  route: FeedFilterRoute | null,
): FeedTarget {
  const filter = route ? parseFeedFilter(route.segment, c.req.param(route.param) ?? "") : null;
  if (route && !filter) throw new FerryError("not_found", `Nothing lives at ${c.req.path}.`);
  return {
    slug: c.req.param("feed") ?? "",
    filter,
    format: format === "negotiate" ? negotiateFeedFormat(c.req.header("accept") ?? null) : format,
    negotiated: format === "negotiate",
    before: readBefore(c.req.query("before")),
  };
}

function readBefore(raw: string | undefined): TimelineCursor | null {
  if (raw === undefined) return null;
  const position = decodeTimelineCursor(raw);
  if (!position) {
    throw new FerryError("bad_request", "The page cursor is not one Ferry issued.", {
      parameters: [
        {
          parameter: "before",
          in: "query",
          detail: "`before` must come from a feed's next link, not be built.",
        },
      ],
    });
  }
  return position;
}
