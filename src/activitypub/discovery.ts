import { escapeXmlAttr } from "../feeds/xml-writer";
import { actorUrls, slugOfActorUrl } from "./actor-urls";
import { ACTIVITY_JSON, type ApDocument } from "./vocabulary";

/**
 * How other servers find a feed's actor: WebFinger (RFC 7033) for `@slug@host`, host-meta (RFC 6415) pointing at
 * it, and NodeInfo 2.1 describing the server.
 */

export const WEBFINGER_CONTENT_TYPE = "application/jrd+json";
export const HOST_META_CONTENT_TYPE = "application/xrd+xml";
export const NODEINFO_SCHEMA = "http://nodeinfo.diaspora.software/ns/schema/2.1";
export const NODEINFO_CONTENT_TYPE = `application/json; profile="${NODEINFO_SCHEMA}#"`;
export const NODEINFO_PATH = "/nodeinfo/2.1";
/** A WebFinger resource longer than this names nothing here. */
export const MAX_RESOURCE_CHARS = 512;

/**
 * The feed a WebFinger `resource` names on this origin: `acct:<slug>@<host>` (the host compared without case),
 * or the actor's URL. Null for anything else, another host included.
 */
export function slugOfResource(resource: string, origin: string): string | null {
  if (resource.length > MAX_RESOURCE_CHARS) return null;
  if (!resource.toLowerCase().startsWith("acct:")) return slugOfActorUrl(origin, resource);
  const account = resource.slice("acct:".length);
  const at = account.lastIndexOf("@");
  if (at <= 0) return null;
  const host = account.slice(at + 1).toLowerCase();
  return host === new URL(origin).host.toLowerCase() ? account.slice(0, at) : null;
}

export function webfingerDocument(origin: string, slug: string): ApDocument {
  const urls = actorUrls(origin, slug);
  return {
    subject: `acct:${slug}@${new URL(origin).host}`,
    aliases: [urls.actor, urls.page],
    links: [
      { rel: "self", type: ACTIVITY_JSON, href: urls.actor },
      { rel: "http://webfinger.net/rel/profile-page", type: "text/html", href: urls.page },
    ],
  };
}

export function hostMetaDocument(origin: string): string {
  const template = escapeXmlAttr(`${origin}/.well-known/webfinger?resource={uri}`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
  <Link rel="lrdd" type="${WEBFINGER_CONTENT_TYPE}" template="${template}"/>
</XRD>
`;
}

export function nodeinfoLinks(origin: string): ApDocument {
  return { links: [{ rel: NODEINFO_SCHEMA, href: origin + NODEINFO_PATH }] };
}

/** NodeInfo 2.1: each feed is a user; nobody can sign up; feeds go out as ActivityPub, RSS and Atom. */
export function nodeinfoDocument(version: string, feedCount: number): ApDocument {
  return {
    version: "2.1",
    software: { name: "ferry", version },
    protocols: ["activitypub"],
    services: { inbound: [], outbound: ["atom1.0", "rss2.0"] },
    openRegistrations: false,
    usage: { users: { total: feedCount } },
    metadata: {},
  };
}
