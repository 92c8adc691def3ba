import type { DeliveryStatus } from "../domain/delivery-schemas";
import type { WebhookEndpoint } from "../domain/webhook-endpoint";
import type { Subscription } from "../domain/websub";
import { findInboxTargets, type InboxTarget } from "./activitypub-inboxes";
import { type EndpointRow, toEndpoint } from "./webhook-endpoints";
import { findSubscriptionsByRowIds } from "./websub";

/**
 * Where a delivery goes: a webhook endpoint, a WebSub subscriber (which gets the topic's current document), or
 * an ActivityPub inbox of a feed's followers (null once its last follower left).
 */
export type DeliveryTarget =
  | { kind: "webhook"; endpoint: WebhookEndpoint; deleted: boolean; rateNextSlotAt: number | null }
  | { kind: "websub"; subscription: Subscription }
  | { kind: "activitypub"; inbox: InboxTarget | null };

/** Everything one attempt needs: the delivery's state, the event's exact payload and the target. */
export interface DeliveryContext {
  deliveryRowId: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  /** While an attempt holds the delivery: until when (a past time is a crashed attempt's lapsed lease). */
  leaseUntil: number | null;
  eventId: string;
  payload: string;
  target: DeliveryTarget;
}

type ContextRow = EndpointRow & {
  d_id: number;
  d_status: DeliveryContext["status"];
  d_attempts: number;
  d_next: number;
  d_lease_until: number | null;
  d_subscription_id: number | null;
  d_inbox_id: number | null;
  ev_public_id: string;
  ev_payload: string;
  e_deleted_at: number | null;
};

/**
 * The contexts of a batch of deliveries in at most three queries whatever the batch size: deliveries with their
 * events and webhook endpoints, then the WebSub subscriptions and ActivityPub inboxes among them. Unknown ids
 * are left out.
 */
export async function loadDeliveryContexts(
  db: D1Database,
  deliveryRowIds: number[],
): Promise<DeliveryContext[]> {
  if (deliveryRowIds.length === 0) return [];
  const { results: rows } = await db
    .prepare(
      `SELECT d.id AS d_id, d.status AS d_status, d.attempts AS d_attempts, d.next_attempt_at AS d_next,
         d.lease_until AS d_lease_until, d.subscription_id AS d_subscription_id, d.inbox_id AS d_inbox_id,
         ev.public_id AS ev_public_id,
         ev.payload AS ev_payload,
         e.*, e.deleted_at AS e_deleted_at
       FROM deliveries d JOIN events ev ON ev.id = d.event_id LEFT JOIN webhook_endpoints e ON e.id = d.endpoint_id
       WHERE d.id IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify(deliveryRowIds))
    .all<ContextRow>();
  const subscriptionIds = rows.flatMap((r) => (r.d_subscription_id === null ? [] : [r.d_subscription_id]));
  const inboxIds = rows.flatMap((r) => (r.d_inbox_id === null ? [] : [r.d_inbox_id]));
  const [subscriptions, inboxes] = await Promise.all([
    findSubscriptionsByRowIds(db, subscriptionIds),
    findInboxTargets(db, inboxIds),
  ]);
  return rows.flatMap((row) => {
    const subscription = row.d_subscription_id === null ? null : subscriptions.get(row.d_subscription_id);
    const target: DeliveryTarget | null =
      row.d_inbox_id !== null
        ? { kind: "activitypub", inbox: inboxes.get(row.d_inbox_id) ?? null }
        : row.d_subscription_id === null
          ? {
              kind: "webhook",
              endpoint: toEndpoint(row),
              deleted: row.e_deleted_at !== null,
              rateNextSlotAt: row.rate_next_slot_at,
            }
          : subscription
            ? { kind: "websub", subscription }
            : null;
    if (!target) return [];
    return [
      {
        deliveryRowId: row.d_id,
        status: row.d_status,
        attempts: row.d_attempts,
        nextAttemptAt: row.d_next,
        leaseUntil: row.d_lease_until,
        eventId: row.ev_public_id,
        payload: row.ev_payload,
        target,
      },
    ];
  });
}

/**
 * Takes a batch of deliveries for one attempt each, in one statement. Only pending, unleased deliveries
 * are taken, so a duplicated queue message never sends twice at once. Returns each taken delivery's
 * attempt number; the others belong to someone else.
 */
export async function claimDeliveries(
  db: D1Database,
  deliveryRowIds: number[],
  nowMs: number,
  leaseMs: number,
): Promise<Map<number, number>> {
  if (deliveryRowIds.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `UPDATE deliveries SET attempts = attempts + 1, lease_until = ?, updated_at = ?
       WHERE id IN (SELECT value FROM json_each(?)) AND status = 'pending' AND (lease_until IS NULL OR lease_until < ?)
       RETURNING id, attempts`,
    )
    .bind(nowMs + leaseMs, nowMs, JSON.stringify(deliveryRowIds), nowMs)
    .all<{ id: number; attempts: number }>();
  return new Map(results.map((r) => [r.id, r.attempts]));
}
