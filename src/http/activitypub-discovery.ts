import * as v from "valibot";
import { version } from "../../package.json";
import {
  HOST_META_CONTENT_TYPE,
  hostMetaDocument,
  MAX_RESOURCE_CHARS,
  NODEINFO_CONTENT_TYPE,
  NODEINFO_PATH,
  nodeinfoDocument,
  nodeinfoLinks,
  slugOfResource,
  WEBFINGER_CONTENT_TYPE,
  webfingerDocument,
} from "../activitypub/discovery";
import { countFeeds } from "../db/feed-count";
import { findFeedBySlug } from "../db/feeds";
import { FerryError } from "../domain/problems";
import { Resource } from "./endpoint";
import { publicOrigin } from "./origin";

/** Discovery answers change only with the feeds: caches and servers may keep them a while. */
const DISCOVERY_HEADERS = { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" };

/** How Fediverse servers find Ferry's feeds: WebFinger, host-meta and NodeInfo, at their well-known paths. */
const discovery = new Resource("");

discovery.endpoint(
  {
    method: "get",
    path: "/.well-known/webfinger",
    operationId: "webfinger",
    summary: "Find a feed's ActivityPub actor from its handle (WebFinger, RFC 7033)",
    description:
      "`resource=acct:news@<host>` (what Mastodon asks when someone searches `@news@<host>`) answers the feed's actor and page as JRD.",
    tag: "Fediverse",
    role: null,
    query: v.object({ resource: v.pipe(v.string(), v.maxLength(MAX_RESOURCE_CHARS)) }),
    ok: {
      status: 200,
      description: "The feed's JRD: its actor (`rel=self`) and its page.",
      mediaTypes: [WEBFINGER_CONTENT_TYPE],
    },
    problems: [400, 404],
  },
  async (c, request) => {
    const origin = publicOrigin(c);
    const { resource } = request.query();
    const slug = slugOfResource(resource, origin);
    const feed = slug === null ? null : await findFeedBySlug(c.env.DB, slug);
    if (!feed) throw new FerryError("not_found", `No feed here answers to ${resource}.`);
    return c.body(JSON.stringify(webfingerDocument(origin, feed.slug)), 200, {
      "content-type": WEBFINGER_CONTENT_TYPE,
      ...DISCOVERY_HEADERS,
    });
  },
);

discovery.endpoint(
  {
    method: "get",
    path: "/.well-known/host-meta",
    operationId: "readHostMeta",
    summary: "Where WebFinger is (host-meta, RFC 6415)",
    tag: "Fediverse",
    role: null,
    ok: {
      status: 200,
      description: "An XRD document with the WebFinger template.",
      mediaTypes: [HOST_META_CONTENT_TYPE],
    },
    problems: [],
  },
  (c) =>
    c.body(hostMetaDocument(publicOrigin(c)), 200, {
      "content-type": HOST_META_CONTENT_TYPE,
      ...DISCOVERY_HEADERS,
    }),
);

discovery.endpoint(
  {
    method: "get",
    path: "/.well-known/nodeinfo",
    operationId: "readNodeinfoLinks",
    summary: "Where this server's NodeInfo is",
    tag: "Fediverse",
    role: null,
    ok: { status: 200, description: "The link to NodeInfo 2.1.", mediaTypes: ["application/json"] },
    problems: [],
  },
  (c) => c.json(nodeinfoLinks(publicOrigin(c)), 200, DISCOVERY_HEADERS),
);

discovery.endpoint(
  {
    method: "get",
    path: NODEINFO_PATH,
    operationId: "readNodeinfo",
    summary: "What this server is (NodeInfo 2.1)",
    description: "Software name and version, ActivityPub, no sign-ups; each feed counts as a user.",
    tag: "Fediverse",
    role: null,
    ok: { status: 200, description: "The NodeInfo 2.1 document.", mediaTypes: ["application/json"] },
    problems: [],
  },
  async (c) =>
    c.body(JSON.stringify(nodeinfoDocument(version, await countFeeds(c.env.DB))), 200, {
      "content-type": NODEINFO_CONTENT_TYPE,
      ...DISCOVERY_HEADERS,
    }),
);

export const activityPubDiscovery = discovery.routes();
export const DISCOVERY_ENDPOINTS = discovery.endpoints;
