import * as v from "valibot";
import { type CircuitRecord, CLOSED_CIRCUIT, circuitView } from "./circuit-breaker";
import { cleanText } from "./clean-text";
import type { WebhookOutput } from "./delivery-schemas";
import { ARTICLE_EVENT_TYPES, type ArticleEventType } from "./events";
import { formatRfc3339, Rfc3339 } from "./rfc3339";
import { newPrefixedId } from "./uuid";
import { type WebhookFilter, WebhookFilterInput, WebhookFilterPatch } from "./webhook-filter";

/** How long a rotated-out secret keeps signing beside the new one, so receivers can switch over. */
export const SECRET_ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

/** A subscriber endpoint as Ferry stores it. */
export interface WebhookEndpoint {
  rowId: number;
  id: string;
  feedRowId: number;
  url: string;
  description: string | null;
  /** null = every article event type. */
  eventTypes: ArticleEventType[] | null;
  /** Which articles' events it takes, by tag and author; null = every article. */
  filter: WebhookFilter | null;
  /** As stored: sealed (`enc:v1:…`, see secret-box.ts), or in clear for rows not yet re-encrypted. */
  secret: string;
  /** Stored like `secret`. */
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  paused: boolean;
  /** `fifo`: one attempt at a time, in event order; `unordered`: deliveries go out concurrently. */
  ordering: WebhookOrdering;
  /** The most attempts per second this endpoint takes; null = no limit of its own. */
  rateLimitPerSecond: number | null;
  disabledAt: number | null;
  disabledReason: string | null;
  firstFailureAt: number | null;
  /** The circuit breaker as stored; absent on an endpoint not stored yet (closed). */
  circuit?: CircuitRecord;
  createdAt: number;
  updatedAt: number;
}

/** How deliveries to one endpoint are ordered. */
export const WEBHOOK_ORDERINGS = ["unordered", "fifo"] as const;
export type WebhookOrdering = (typeof WEBHOOK_ORDERINGS)[number];
/** The highest per-endpoint rate a subscriber may ask for; above it, leave the limit out. */
export const MAX_RATE_LIMIT_PER_SECOND = 1000;

const Ordering = v.pipe(
  v.picklist(WEBHOOK_ORDERINGS, `Must be one of ${WEBHOOK_ORDERINGS.join(", ")}.`),
  v.description(
    "`fifo`: deliveries are attempted one at a time in event order, and while the oldest fails the later ones wait; `unordered` (the default): concurrently.",
  ),
);
const RateLimit = v.pipe(
  v.number(),
  v.integer("Must be a whole number of attempts per second."),
  v.minValue(1),
  v.maxValue(MAX_RATE_LIMIT_PER_SECOND),
  v.description(
    "The most delivery attempts per second this endpoint receives; excess deliveries wait their turn. Null: no limit.",
  ),
);

const EventTypes = v.pipe(
  v.array(v.picklist(ARTICLE_EVENT_TYPES, `Must be one of ${ARTICLE_EVENT_TYPES.join(", ")}.`)),
  v.minLength(1, "List at least one event type, or leave events out for all of them."),
  v.transform((types) => [...new Set(types)]),
);

const Description = v.pipe(v.string(), v.transform(cleanText), v.maxLength(500));
const Url = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(2048),
  v.description("The https URL Ferry POSTs events to."),
);

export const WebhookInput = v.object({
  url: Url,
  events: v.nullish(EventTypes),
  filter: v.nullish(WebhookFilterInput),
  description: v.nullish(Description),
  ordering: v.nullish(Ordering),
  rate_limit_per_second: v.nullish(RateLimit),
});
export type WebhookInput = v.InferOutput<typeof WebhookInput>;

/** `paused: false` also re-enables an endpoint Ferry disabled, and restarts its failure clock. */
export const WebhookPatch = v.object({
  url: v.optional(Url),
  events: v.nullish(EventTypes),
  filter: v.nullish(WebhookFilterPatch),
  description: v.nullish(Description),
  ordering: v.nullish(Ordering),
  rate_limit_per_second: v.nullish(RateLimit),
  paused: v.optional(v.boolean()),
});
export type WebhookPatch = v.InferOutput<typeof WebhookPatch>;

export const ReplayInput = v.object({
  since: Rfc3339,
  include_succeeded: v.optional(v.boolean(), false),
});

/** Public ids: `ep_` and 24 hex digits. */
export function newEndpointId(): string {
  return newPrefixedId("ep_", 24);
}

/** The secrets that sign right now: the current one, plus the previous one during a rotation. */
export function signingSecrets(endpoint: WebhookEndpoint, nowMs: number): string[] {
  const previousValid =
    endpoint.previousSecret !== null &&
    endpoint.previousSecretExpiresAt !== null &&
    endpoint.previousSecretExpiresAt > nowMs;
  return previousValid ? [endpoint.secret, endpoint.previousSecret as string] : [endpoint.secret];
}

/**
 * The endpoint in the API's shape. The secret is shown only when it was just created or rotated; `nowMs`
 * (the present unless given) tells an open circuit from a half-open one.
 */
export function toWebhookView(
  endpoint: WebhookEndpoint,
  feedSlug: string,
  options: { withSecret?: boolean; nowMs?: number } = {},
): WebhookOutput {
  return {
    id: endpoint.id,
    feed: feedSlug,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.eventTypes,
    filter: endpoint.filter,
    paused: endpoint.paused,
    ordering: endpoint.ordering,
    rate_limit_per_second: endpoint.rateLimitPerSecond,
    // Ferry records the reason together with the time it disables an endpoint, so a disabled one has both.
    disabled:
      endpoint.disabledAt === null
        ? null
        : { at: formatRfc3339(endpoint.disabledAt), reason: endpoint.disabledReason ?? "" },
    failing_since: endpoint.firstFailureAt === null ? null : formatRfc3339(endpoint.firstFailureAt),
    circuit: circuitView(endpoint.circuit ?? CLOSED_CIRCUIT, options.nowMs ?? Date.now()),
    ...(options.withSecret ? { secret: endpoint.secret } : {}),
    created_at: formatRfc3339(endpoint.createdAt),
    updated_at: formatRfc3339(endpoint.updatedAt),
  };
}
