import type { SyndicationFormat } from "../domain/feed";
import type { FeedFilter } from "../domain/feed-filter";
import type { Intent, Subscription, SubscriptionState, Topic } from "../domain/websub";

interface TopicColumns {
  topic_url: string;
  topic_format: SyndicationFormat;
  filter_kind: FeedFilter["kind"] | null;
  filter_key: string | null;
}

interface SubscriptionRow extends TopicColumns {
  id: number;
  public_id: string;
  feed_id: number;
  slug: string;
  callback_url: string;
  secret: string | null;
  lease_seconds: number;
  expires_at: number;
  state: Subscription["state"];
}

interface IntentRow extends TopicColumns {
  id: number;
  mode: Intent["mode"];
  feed_id: number;
  slug: string;
  callback_url: string;
  secret: string | null;
  lease_seconds: number;
  attempts: number;
  status: string;
}

/** The topic's columns, in the order both insert statements list them. */
function topicBindings(topic: Topic): unknown[] {
  return [topic.url, topic.format, topic.filter?.kind ?? null, topic.filter?.key ?? null];
}

function toTopic(row: TopicColumns & { slug: string }): Topic {
  const filter = row.filter_kind && row.filter_key ? { kind: row.filter_kind, key: row.filter_key } : null;
  return { url: row.topic_url, slug: row.slug, filter, format: row.topic_format };
}

export function toSubscription(row: SubscriptionRow): Subscription {
  return {
    rowId: row.id,
    id: row.public_id,
    feedRowId: row.feed_id,
    topic: toTopic(row),
    callbackUrl: row.callback_url,
    secret: row.secret,
    leaseSeconds: row.lease_seconds,
    expiresAt: row.expires_at,
    state: row.state,
  };
}

/** Who asked for an intent: what the pending-verification caps count. */
export interface IntentOrigin {
  callbackHost: string;
  /** The client's address, or null when the request carried none (a service binding, the test runtime). */
  clientAddress: string | null;
}

/** How many verifications may wait at once for one callback host, and for one client address. */
export interface PendingIntentCaps {
  perCallbackHost: number;
  perClientAddress: number;
}

/**
 * Inserts a pending intent unless one for the same (topic, callback, mode) is already waiting, or the callback
 * host or the client already has `caps` pending: the caps are checked in the INSERT itself, so racing requests
 * cannot overshoot them. Null when nothing was inserted; `whyNoIntent` then tells which rule held it back.
 */
export async function insertIntentWithinCaps(
  db: D1Database,
  intent: Omit<Intent, "rowId" | "attempts">,
  origin: IntentOrigin,
  caps: PendingIntentCaps,
  nowMs: number,
): Promise<number | null> {
  const row = await db
    .prepare(
      `INSERT INTO websub_intents (mode, feed_id, topic_url, topic_format, filter_kind, filter_key, callback_url, secret,
         lease_seconds, status, callback_host, client_address, created_at, updated_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?
       WHERE (SELECT count(*) FROM websub_intents WHERE status = 'pending' AND callback_host = ?) < ?
         AND (? IS NULL OR (SELECT count(*) FROM websub_intents WHERE status = 'pending' AND client_address = ?) < ?)
       ON CONFLICT DO NOTHING
       RETURNING id`,
    )
    .bind(
      intent.mode,
      intent.feedRowId,
      ...topicBindings(intent.topic),
      intent.callbackUrl,
      intent.secret,
      intent.leaseSeconds,
      origin.callbackHost,
      origin.clientAddress,
      nowMs,
      nowMs,
      origin.callbackHost,
      caps.perCallbackHost,
      origin.clientAddress,
      origin.clientAddress,
      caps.perClientAddress,
    )
    .first<{ id: number }>();
  return row?.id ?? null;
}

/** Why `insertIntentWithinCaps` inserted nothing: the same request is already waiting, or a cap is reached. */
export async function whyNoIntent(
  db: D1Database,
  intent: Pick<Intent, "mode" | "topic" | "callbackUrl">,
  origin: IntentOrigin,
  caps: PendingIntentCaps,
): Promise<"already_pending" | "callback_host_busy" | "client_busy"> {
  const row = await db
    .prepare(
      `SELECT
         EXISTS (SELECT 1 FROM websub_intents
           WHERE status = 'pending' AND topic_url = ? AND callback_url = ? AND mode = ?) AS duplicate,
         (SELECT count(*) FROM websub_intents WHERE status = 'pending' AND callback_host = ?) AS host_pending`,
    )
    .bind(intent.topic.url, intent.callbackUrl, intent.mode, origin.callbackHost)
    .first<{ duplicate: number; host_pending: number }>();
  if (row?.duplicate) return "already_pending";
  return (row?.host_pending ?? 0) >= caps.perCallbackHost ? "callback_host_busy" : "client_busy";
}

/** A pending intent, or null once it was settled (verified, failed or denied). */
export async function findPendingIntent(db: D1Database, intentRowId: number): Promise<Intent | null> {
  const row = await db
    .prepare(
      `SELECT i.*, f.slug FROM websub_intents i JOIN feeds f ON f.id = i.feed_id WHERE i.id = ? AND i.status = 'pending'`,
    )
    .bind(intentRowId)
    .first<IntentRow>();
  if (!row) return null;
  return {
    rowId: row.id,
    mode: row.mode,
    feedRowId: row.feed_id,
    topic: toTopic(row),
    callbackUrl: row.callback_url,
    secret: row.secret,
    leaseSeconds: row.lease_seconds,
    attempts: row.attempts,
  };
}

/** Records a verification's outcome; a settled intent drops its secret (its subscription keeps its own copy). */
export function settleIntentStatement(
  db: D1Database,
  intentRowId: number,
  result: { status: "pending" | "verified" | "failed" | "denied"; error: string | null; nowMs: number },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE websub_intents SET status = ?1, last_error = ?2, attempts = attempts + 1, updated_at = ?3,
         secret = CASE WHEN ?1 = 'pending' THEN secret END
       WHERE id = ?4 AND status = 'pending'`,
    )
    .bind(result.status, result.error, result.nowMs, intentRowId);
}

/** Creates or renews the (topic, callback) subscription: a re-subscription updates, never duplicates. */
export function upsertSubscriptionStatement(
  db: D1Database,
  intent: Intent,
  subscriptionId: string,
  nowMs: number,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO websub_subscriptions (public_id, feed_id, topic_url, topic_format, filter_kind, filter_key,
         callback_url, secret, lease_seconds, expires_at, state, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)
       ON CONFLICT (topic_url, callback_url) DO UPDATE SET secret = excluded.secret,
         lease_seconds = excluded.lease_seconds, expires_at = excluded.expires_at, state = 'active',
         updated_at = excluded.updated_at`,
    )
    .bind(
      subscriptionId,
      intent.feedRowId,
      ...topicBindings(intent.topic),
      intent.callbackUrl,
      intent.secret,
      intent.leaseSeconds,
      nowMs + intent.leaseSeconds * 1000,
      nowMs,
      nowMs,
    );
}

export function endSubscriptionStatement(
  db: D1Database,
  match: { topicUrl: string; callbackUrl: string } | { rowId: number },
  state: Exclude<SubscriptionState, "active">,
  nowMs: number,
): D1PreparedStatement {
  const where = "rowId" in match ? "id = ?" : "topic_url = ? AND callback_url = ?";
  const binds = "rowId" in match ? [match.rowId] : [match.topicUrl, match.callbackUrl];
  return db
    .prepare(`UPDATE websub_subscriptions SET state = ?, updated_at = ? WHERE ${where} AND state = 'active'`)
    .bind(state, nowMs, ...binds);
}

export async function countActiveSubscriptions(
  db: D1Database,
  feedRowId: number,
  nowMs: number,
): Promise<number> {
  const row = await db
    .prepare(
      "SELECT count(*) AS n FROM websub_subscriptions WHERE feed_id = ? AND state = 'active' AND expires_at > ?",
    )
    .bind(feedRowId, nowMs)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export async function listSubscriptions(db: D1Database, feedRowId: number): Promise<Subscription[]> {
  const { results } = await db
    .prepare(
      `SELECT s.*, f.slug FROM websub_subscriptions s JOIN feeds f ON f.id = s.feed_id
       WHERE s.feed_id = ? ORDER BY s.id`,
    )
    .bind(feedRowId)
    .all<SubscriptionRow>();
  return results.map(toSubscription);
}

/** Marks subscriptions whose lease ran out; they get nothing more until the subscriber renews. */
export function expireLeasesStatement(db: D1Database, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      "UPDATE websub_subscriptions SET state = 'expired', updated_at = ? WHERE state = 'active' AND expires_at <= ?",
    )
    .bind(nowMs, nowMs);
}

/** Intents still waiting long after they were made: their verification message was lost. */
export async function listStaleIntentIds(
  db: D1Database,
  olderThanMs: number,
  limit: number,
): Promise<number[]> {
  const { results } = await db
    .prepare(
      "SELECT id FROM websub_intents WHERE status = 'pending' AND updated_at <= ? ORDER BY created_at LIMIT ?",
    )
    .bind(olderThanMs, limit)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

export async function findSubscriptionByPublicId(
  db: D1Database,
  feedRowId: number,
  publicId: string,
): Promise<Subscription | null> {
  const row = await db
    .prepare(
      "SELECT s.*, f.slug FROM websub_subscriptions s JOIN feeds f ON f.id = s.feed_id WHERE s.public_id = ? AND s.feed_id = ?",
    )
    .bind(publicId, feedRowId)
    .first<SubscriptionRow>();
  return row ? toSubscription(row) : null;
}

/** Subscriptions by row id, for a batch of deliveries. */
export async function findSubscriptionsByRowIds(
  db: D1Database,
  rowIds: number[],
): Promise<Map<number, Subscription>> {
  if (rowIds.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT s.*, f.slug FROM websub_subscriptions s JOIN feeds f ON f.id = s.feed_id
       WHERE s.id IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify([...new Set(rowIds)]))
    .all<SubscriptionRow>();
  return new Map(results.map((row) => [row.id, toSubscription(row)]));
}
