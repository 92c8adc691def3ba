import { ACTOR_ENDPOINTS } from "./activitypub-actors";
import { DISCOVERY_ENDPOINTS } from "./activitypub-discovery";
import { INBOX_ENDPOINTS } from "./activitypub-inbox";
import { ARTICLE_ENDPOINTS } from "./articles-api";
import { DOCUMENT_ENDPOINTS } from "./docs-routes";
import type { EndpointSpec } from "./endpoint-spec";
import { EVENT_STREAM_ENDPOINTS } from "./event-stream-api";
import { EVENT_TYPE_ENDPOINTS } from "./event-types-api";
import { DIRECTORY_ENDPOINTS } from "./feed-directory";
import { FEED_TRANSFER_ENDPOINTS } from "./feed-transfer-api";
import { FEED_ENDPOINTS } from "./feeds-api";
import { HEALTH_ENDPOINTS } from "./health";
import { PUBLIC_FEED_ENDPOINTS } from "./public-feeds";
import { TOKEN_ENDPOINTS } from "./tokens-api";
import { WEBHOOK_DELIVERY_ENDPOINTS } from "./webhook-deliveries-api";
import { WEBHOOK_ENDPOINTS } from "./webhooks-api";
import { HUB_ENDPOINTS } from "./websub-hub";
import { WEBSUB_SUBSCRIPTION_ENDPOINTS } from "./websub-subscriptions-api";

/**
 * Every endpoint Ferry serves, as each resource declared it, in the order the docs page lists them. A function,
 * not a constant: the docs routes are among them and also serve the document built from them.
 */
export function allEndpoints(): readonly EndpointSpec[] {
  return [
    ...ARTICLE_ENDPOINTS,
    ...FEED_TRANSFER_ENDPOINTS,
    ...FEED_ENDPOINTS,
    ...TOKEN_ENDPOINTS,
    ...WEBHOOK_ENDPOINTS,
    ...WEBHOOK_DELIVERY_ENDPOINTS,
    ...EVENT_TYPE_ENDPOINTS,
    ...EVENT_STREAM_ENDPOINTS,
    ...WEBSUB_SUBSCRIPTION_ENDPOINTS,
    ...HUB_ENDPOINTS,
    ...PUBLIC_FEED_ENDPOINTS,
    ...DIRECTORY_ENDPOINTS,
    ...DISCOVERY_ENDPOINTS,
    ...ACTOR_ENDPOINTS,
    ...INBOX_ENDPOINTS,
    ...HEALTH_ENDPOINTS,
    ...DOCUMENT_ENDPOINTS,
  ];
}
