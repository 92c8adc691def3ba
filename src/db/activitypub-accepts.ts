import type { ContentMode } from "../domain/feed-input";

/** Everything sending one follower's Accept needs, and where that Accept stands. */
export interface AcceptJob {
  followerRowId: number;
  feedRowId: number;
  status: "pending" | "sent" | "dead";
  nextAttemptAt: number;
  leaseUntil: number | null;
  actorId: string;
  inboxUrl: string;
  followActivityId: string;
  origin: string;
  feedSlug: string;
  content: ContentMode;
  sealedPrivateKey: string | null;
}

export async function findAcceptJob(db: D1Database, followerRowId: number): Promise<AcceptJob | null> {
  const row = await db
    .prepare(
      `SELECT f.id, f.feed_id, f.accept_status, f.accept_next_at, f.accept_lease_until, f.actor_id, f.inbox_url,
         f.follow_activity_id, i.origin, fe.slug, fe.content_mode, k.private_key
       FROM activitypub_followers f JOIN activitypub_inboxes i ON i.id = f.delivery_inbox_id
         JOIN feeds fe ON fe.id = f.feed_id LEFT JOIN activitypub_keys k ON k.feed_id = f.feed_id
       WHERE f.id = ?`,
    )
    .bind(followerRowId)
    .first<{
      id: number;
      feed_id: number;
      accept_status: AcceptJob["status"];
      accept_next_at: number;
      accept_lease_until: number | null;
      actor_id: string;
      inbox_url: string;
      follow_activity_id: string;
      origin: string;
      slug: string;
      content_mode: ContentMode;
      private_key: string | null;
    }>();
  return row
    ? {
        followerRowId: row.id,
        feedRowId: row.feed_id,
        status: row.accept_status,
        nextAttemptAt: row.accept_next_at,
        leaseUntil: row.accept_lease_until,
        actorId: row.actor_id,
        inboxUrl: row.inbox_url,
        followActivityId: row.follow_activity_id,
        origin: row.origin,
        feedSlug: row.slug,
        content: row.content_mode,
        sealedPrivateKey: row.private_key,
      }
    : null;
}

/** Takes the Accept for one attempt, as a delivery is claimed; null when it is settled or another attempt holds it. */
export async function claimAccept(
  db: D1Database,
  followerRowId: number,
  nowMs: number,
  leaseMs: number,
): Promise<number | null> {
  const row = await db
    .prepare(
      `UPDATE activitypub_followers SET accept_attempts = accept_attempts + 1, accept_lease_until = ?
       WHERE id = ? AND accept_status = 'pending' AND (accept_lease_until IS NULL OR accept_lease_until < ?)
       RETURNING accept_attempts`,
    )
    .bind(nowMs + leaseMs, followerRowId, nowMs)
    .first<{ accept_attempts: number }>();
  return row?.accept_attempts ?? null;
}

/** Ends an Accept attempt: sent, dead, or pending with its next time; always releases the lease. */
export function finishAcceptStatement(
  db: D1Database,
  followerRowId: number,
  result: { status: AcceptJob["status"]; nextAttemptAt: number; error: string | null; nowMs: number },
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE activitypub_followers SET accept_status = ?, accept_next_at = ?, accept_error = ?,
         accept_lease_until = NULL, updated_at = ?
       WHERE id = ? AND accept_status = 'pending'`,
    )
    .bind(result.status, result.nextAttemptAt, result.error, result.nowMs, followerRowId);
}

/** Accepts whose time has come and that no attempt holds: what the cron sweep queues again. */
export async function listDueAcceptIds(db: D1Database, dueBeforeMs: number, nowMs: number, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT id FROM activitypub_followers
       WHERE accept_status = 'pending' AND accept_next_at <= ? AND (accept_lease_until IS NULL OR accept_lease_until < ?)
       ORDER BY accept_next_at LIMIT ?`,
    )
    .bind(dueBeforeMs, nowMs, limit)
    .all<{ id: number }>();
  return results.map((r) => r.id);
}
