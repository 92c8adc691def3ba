import * as v from "valibot";
import { CIRCUIT_STATES } from "./circuit-breaker";
import { ARTICLE_EVENT_TYPES } from "./events";
import { WEBHOOK_ORDERINGS } from "./webhook-endpoint";
import { WebhookFilterOutput } from "./webhook-filter";
import { SUBSCRIPTION_STATES } from "./websub";

/** Where a delivery is: waiting for its next attempt, or finished one way or another. */
export const DELIVERY_STATUSES = ["pending", "succeeded", "dead", "cancelled"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
/** What the delivery log shows: the stored status, or `waiting` for a pending delivery behind a FIFO head. */
export const DELIVERY_LOG_STATUSES = [...DELIVERY_STATUSES, "waiting"] as const;

/**
 * What the webhook and WebSub parts of the publisher API answer with; like api-schemas.ts, these feed the
 * OpenAPI document and are never parsed at runtime.
 */

const Timestamp = v.pipe(v.string(), v.isoTimestamp(), v.description("RFC 3339 date-time in UTC."));
const NextCursor = v.nullable(
  v.pipe(v.string(), v.description("Pass as `cursor` for the next page; null at the end.")),
);

export const WebhookOutput = v.object({
  id: v.pipe(v.string(), v.description("ep_ and 24 hex digits.")),
  feed: v.string(),
  url: v.string(),
  description: v.nullable(v.string()),
  events: v.nullable(v.array(v.picklist(ARTICLE_EVENT_TYPES))),
  filter: WebhookFilterOutput,
  paused: v.boolean(),
  ordering: v.picklist(WEBHOOK_ORDERINGS),
  rate_limit_per_second: v.nullable(v.number()),
  disabled: v.nullable(
    v.object({
      at: Timestamp,
      reason: v.pipe(v.string(), v.description("Why Ferry disabled the endpoint.")),
    }),
  ),
  failing_since: v.nullable(Timestamp),
  circuit: v.pipe(
    v.object({
      state: v.pipe(
        v.picklist(CIRCUIT_STATES),
        v.description(
          "`open`: after 5 failed attempts in a row nothing is sent until `retry_at`; `half_open`: one probe attempt may go; `closed`: deliveries go out.",
        ),
      ),
      consecutive_failures: v.number(),
      opened_at: v.nullable(Timestamp),
      retry_at: v.nullable(
        v.pipe(Timestamp, v.description("When the cool-down ends and one probe attempt may go.")),
      ),
    }),
    v.description(
      "The circuit breaker: pending deliveries wait, without spending attempts, while it is open.",
    ),
  ),
  secret: v.optional(
    v.pipe(v.string(), v.description("whsec_…: only in the answers to create and rotate-secret.")),
  ),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const WebhookList = v.object({ items: v.array(WebhookOutput) });

const Attempt = v.object({
  attempt: v.number(),
  at: Timestamp,
  duration_ms: v.number(),
  response_status: v.nullable(v.number()),
  response_excerpt: v.nullable(v.pipe(v.string(), v.description("The first 1 KiB of the answer."))),
  error: v.nullable(v.string()),
});

/** One delivery of the delivery log, with every attempt made so far. */
export const DeliveryOutput = v.object({
  id: v.pipe(v.string(), v.description("dlv_ and 24 hex digits.")),
  event_id: v.pipe(v.string(), v.description("msg_…: the webhook-id header of every attempt.")),
  event_type: v.string(),
  status: v.pipe(
    v.picklist(DELIVERY_LOG_STATUSES),
    v.description(
      "`pending`: its next attempt is due at `next_attempt_at`; `waiting`: pending behind an older delivery of a FIFO endpoint, not attempted until that one succeeds or is dead-lettered (`status=pending` lists both); `succeeded`; `dead`: dead-lettered; `cancelled`: its endpoint is gone.",
    ),
  ),
  attempts: v.number(),
  next_attempt_at: v.nullable(Timestamp),
  last_error: v.nullable(v.string()),
  created_at: Timestamp,
  updated_at: Timestamp,
  attempt_log: v.array(Attempt),
});

export const DeliveryList = v.object({
  items: v.array(DeliveryOutput),
  next_cursor: NextCursor,
});

/** A WebSub subscriber as the publisher API shows it; the secret itself never leaves Ferry. */
export const WebsubSubscriptionOutput = v.object({
  id: v.pipe(v.string(), v.description("sub_ and 24 hex digits.")),
  topic: v.string(),
  callback: v.string(),
  state: v.picklist(SUBSCRIPTION_STATES),
  signed: v.pipe(
    v.boolean(),
    v.description("Whether pushes carry X-Hub-Signature (the secret is never shown)."),
  ),
  lease_seconds: v.number(),
  expires_at: Timestamp,
});

export const WebsubSubscriptionList = v.object({ items: v.array(WebsubSubscriptionOutput) });

export const Accepted = v.pipe(
  v.object({
    event_id: v.optional(v.string()),
    type: v.optional(v.string()),
    id: v.optional(v.string()),
    status: v.optional(v.string()),
    queued: v.optional(v.pipe(v.number(), v.description("How many deliveries were queued."))),
    next_since: v.optional(
      v.pipe(
        v.nullable(v.string()),
        v.description(
          "Replay only: where a replay that reached its limit stopped; replay again with it as `since`. Null when nothing is left.",
        ),
      ),
    ),
  }),
  v.description("The work was queued; watch the delivery log for its outcome."),
);

export type WebhookOutput = v.InferOutput<typeof WebhookOutput>;
export type DeliveryOutput = v.InferOutput<typeof DeliveryOutput>;
export type WebsubSubscriptionOutput = v.InferOutput<typeof WebsubSubscriptionOutput>;
