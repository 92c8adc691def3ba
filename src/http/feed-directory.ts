import type { Context } from "hono";
import { listFeeds } from "../db/feeds";
import type { Feed } from "../domain/feed";
import { directoryEntries } from "../feeds/directory";
import { RENDER_REVISION } from "../feeds/feed-formats";
import { INDEX_PAGE_TITLE, OPML_CONTENT_TYPE, renderIndexPage } from "../feeds/html-index";
import { renderOpml } from "../feeds/opml";
import { entityTag, isNotModified } from "./conditional-get";
import { Resource } from "./endpoint";
import { cacheControlFor, type RepresentationMeta, representationHeaders } from "./feed-headers";
import type { FerryHono } from "./hono-env";
import { publicOrigin } from "./origin";
import { DIRECTORY_READS, OPML_PATH } from "./public-reads";

/** The list of every feed, for people (`/`) and for feed readers to import (`/opml.xml`). No auth. */
const directory = new Resource("");

for (const spec of DIRECTORY_READS) {
  directory.endpoint(spec, (c) => serveDirectory(c, spec.path === OPML_PATH ? "opml" : "html"));
}

export const feedDirectory = directory.routes();
export const DIRECTORY_ENDPOINTS = directory.endpoints;

const CONTENT_TYPES = { html: "text/html; charset=utf-8", opml: `${OPML_CONTENT_TYPE}; charset=utf-8` };

async function serveDirectory(c: Context<FerryHono>, kind: "html" | "opml"): Promise<Response> {
  const feeds = await listFeeds(c.env.DB, null);
  const origin = publicOrigin(c);
  // Creating a feed adds a row and changing one bumps its updated_at: together they version the list.
  const lastModifiedMs = feeds.length > 0 ? Math.max(...feeds.map((feed) => feed.updatedAt)) : null;
  const meta: RepresentationMeta = {
    etag: await entityTag([
      RENDER_REVISION,
      "directory",
      kind,
      String(feeds.length),
      String(lastModifiedMs),
      origin,
    ]),
    lastModifiedMs,
    contentType: CONTENT_TYPES[kind],
    cacheControl: cacheControlFor(false),
    selfUrl: origin + (kind === "html" ? "/" : OPML_PATH),
    hubs: [],
    negotiated: false,
    cacheStatus: null,
  };
  if (isNotModified(c.req.raw.headers, meta)) return c.body(null, 304, representationHeaders(meta, 304));
  return c.body(renderDirectory(feeds, origin, kind, lastModifiedMs), 200, representationHeaders(meta, 200));
}

function renderDirectory(
  feeds: Feed[],
  origin: string,
  kind: "html" | "opml",
  updated: number | null,
): string {
  const entries = directoryEntries(feeds, origin);
  return kind === "html"
    ? renderIndexPage(entries, origin + OPML_PATH)
    : renderOpml(entries, { title: INDEX_PAGE_TITLE, updated });
}
