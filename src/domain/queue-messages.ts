/**
 * What travels on the delivery queue. Messages only point at D1 rows, which hold the truth: a lost or
 * duplicated message is repaired by the cron sweep or ignored by the claim on the row.
 */
export type QueueMessage =
  /** Create one delivery per subscribed endpoint for this outbox event, then queue them. */
  | { kind: "fanout"; eventId: string }
  /** Attempt this delivery once, if it is still pending and due. */
  | { kind: "deliver"; deliveryId: number }
  /** Verify a WebSub subscribe/unsubscribe intent with the subscriber's callback. */
  | { kind: "websub-verify"; intentId: number }
  /** Send the Accept of this ActivityPub follower's Follow, if it is still pending and due. */
  | { kind: "activitypub-accept"; followerId: number };
