import type { Feed } from "../domain/feed";
import { formatRfc3339 } from "../domain/rfc3339";
import { escapeHtml } from "../feeds/html-writer";
import { actorUrls } from "./actor-urls";
import { type ApDocument, JSON_LD_CONTEXT } from "./vocabulary";

/**
 * A feed's actor. `Service` because a feed is an automated publication: Mastodon and others mark such accounts
 * "automated", which tells readers that replies are not read (Ferry ignores them). Followers are accepted at once.
 */
export const ACTOR_TYPE = "Service";

export function actorDocument(feed: Feed, origin: string, publicKeyPem: string): ApDocument {
  const urls = actorUrls(origin, feed.slug);
  const website = feed.homePageUrl;
  return {
    "@context": JSON_LD_CONTEXT,
    id: urls.actor,
    type: ACTOR_TYPE,
    preferredUsername: feed.slug,
    name: feed.title,
    summary: feed.description ? `<p>${escapeHtml(feed.description)}</p>` : "",
    url: urls.page,
    inbox: urls.inbox,
    outbox: urls.outbox,
    followers: urls.followers,
    endpoints: { sharedInbox: urls.sharedInbox },
    manuallyApprovesFollowers: false,
    discoverable: true,
    indexable: true,
    published: formatRfc3339(feed.createdAt),
    ...(feed.icon ? { icon: { type: "Image", url: feed.icon } } : {}),
    ...(website
      ? {
          attachment: [
            {
              type: "PropertyValue",
              name: "Website",
              value: `<a href="${escapeHtml(website)}" rel="me nofollow noopener" target="_blank">${escapeHtml(website)}</a>`,
            },
          ],
        }
      : {}),
    publicKey: { id: urls.keyId, owner: urls.actor, publicKeyPem },
  };
}
