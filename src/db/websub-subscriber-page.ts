import type { DeliveryStatus } from "../domain/delivery-schemas";
import type { Subscription } from "../domain/websub";
import { toSubscription } from "./websub";

type SubscriptionRow = Parameters<typeof toSubscription>[0];

interface SubscriberRow extends SubscriptionRow {
  push_status: DeliveryStatus | null;
  push_at: number | null;
  push_error: string | null;
}

/** A subscriber with its latest push (delivery), if it had one. */
export interface SubscriberListing {
  rowId: number;
  subscription: Subscription;
  lastPush: { status: DeliveryStatus; at: number; error: string | null } | null;
}

/**
 * One page of a feed's WebSub subscribers, newest first, each with its latest push: one row per subscriber, the
 * push found through the subscriber's newest delivery by index.
 */
export async function listSubscriberPage(
  db: D1Database,
  feedRowId: number,
  options: { beforeRowId: number | null; limit: number },
): Promise<SubscriberListing[]> {
  const { results } = await db
    .prepare(
      `SELECT s.*, f.slug, p.status AS push_status, p.updated_at AS push_at, p.last_error AS push_error
       FROM websub_subscriptions s JOIN feeds f ON f.id = s.feed_id
         LEFT JOIN deliveries p ON p.id = (
           SELECT d.id FROM deliveries d WHERE d.subscription_id = s.id ORDER BY d.id DESC LIMIT 1)
       WHERE s.feed_id = ? AND s.id < ?
       ORDER BY s.id DESC LIMIT ?`,
    )
    .bind(feedRowId, options.beforeRowId ?? Number.MAX_SAFE_INTEGER, options.limit)
    .all<SubscriberRow>();
  return results.map((row) => ({
    rowId: row.id,
    subscription: toSubscription(row),
    lastPush:
      row.push_status === null || row.push_at === null
        ? null
        : { status: row.push_status, at: row.push_at, error: row.push_error },
  }));
}
