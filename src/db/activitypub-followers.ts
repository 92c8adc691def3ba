/** A follower as a Follow stores it: who, where it receives, and the key its later activities are signed with. */
export interface NewFollower {
  feedRowId: number;
  actorId: string;
  /** The actor id's host, what the per-host cap counts. */
  host: string;
  inboxUrl: string;
  sharedInboxUrl: string | null;
  keyId: string;
  publicKeyPem: string;
  followActivityId: string;
  /** Ferry's origin as the Follow addressed it: the inbox's activities name the actor there. */
  origin: string;
}

/** How many followers a feed keeps, in all and from any one host: the most rows Follows can make. */
export const FOLLOWER_CAPS = { perFeed: 20_000, perHostPerFeed: 5_000 } as const;

/** The inbox a follower's deliveries go to: its shared inbox when it has one, so a server gets one copy. */
export function deliveryInboxOf(follower: Pick<NewFollower, "inboxUrl" | "sharedInboxUrl">): string {
  return follower.sharedInboxUrl ?? follower.inboxUrl;
}

/**
 * Stores a follower (or renews one that follows again: new Follow id, inboxes and key, Accept pending again) and
 * its delivery inbox, within FOLLOWER_CAPS, checked in the statements themselves so racing Follows cannot
 * overshoot them. Returns the follower's row id, or null when a cap held it back. A renewal whose delivery inbox
 * changed drops the old inbox when no other follower uses it (the foreign key is checked at the batch's end).
 */
export async function upsertFollower(
  db: D1Database,
  follower: NewFollower,
  nowMs: number,
): Promise<number | null> {
  const inboxUrl = deliveryInboxOf(follower);
  const admits = `(EXISTS (SELECT 1 FROM activitypub_followers WHERE feed_id = ?1 AND actor_id = ?2)
    OR ((SELECT count(*) FROM (SELECT 1 FROM activitypub_followers WHERE feed_id = ?1 LIMIT ${FOLLOWER_CAPS.perFeed})) < ${FOLLOWER_CAPS.perFeed}
      AND (SELECT count(*) FROM (SELECT 1 FROM activitypub_followers WHERE feed_id = ?1 AND host = ?3
        LIMIT ${FOLLOWER_CAPS.perHostPerFeed})) < ${FOLLOWER_CAPS.perHostPerFeed}))`;
  const [, , upserted] = await db.batch<{ id: number }>([
    db
      .prepare(
        `DELETE FROM activitypub_inboxes
         WHERE id = (SELECT delivery_inbox_id FROM activitypub_followers WHERE feed_id = ?1 AND actor_id = ?2) AND url != ?3
           AND NOT EXISTS (SELECT 1 FROM activitypub_followers s
             WHERE s.delivery_inbox_id = activitypub_inboxes.id AND s.actor_id != ?2)`,
      )
      .bind(follower.feedRowId, follower.actorId, inboxUrl),
    db
      .prepare(
        `INSERT OR IGNORE INTO activitypub_inboxes (feed_id, url, origin, created_at)
         SELECT ?1, ?4, ?5, ?6 WHERE ${admits}`,
      )
      .bind(follower.feedRowId, follower.actorId, follower.host, inboxUrl, follower.origin, nowMs),
    db
      .prepare(
        `INSERT INTO activitypub_followers (feed_id, actor_id, host, inbox_url, shared_inbox_url, delivery_inbox_id,
           key_id, public_key, follow_activity_id, accept_status, accept_attempts, accept_next_at, created_at, updated_at)
         SELECT ?1, ?2, ?3, ?4, ?5, (SELECT id FROM activitypub_inboxes WHERE feed_id = ?1 AND url = ?6),
           ?7, ?8, ?9, 'pending', 0, ?10, ?10, ?10
         WHERE ${admits}
         ON CONFLICT (feed_id, actor_id) DO UPDATE SET inbox_url = excluded.inbox_url,
           shared_inbox_url = excluded.shared_inbox_url, delivery_inbox_id = excluded.delivery_inbox_id,
           key_id = excluded.key_id, public_key = excluded.public_key, follow_activity_id = excluded.follow_activity_id,
           accept_status = 'pending', accept_attempts = 0, accept_next_at = excluded.accept_next_at,
           accept_lease_until = NULL, accept_error = NULL, updated_at = excluded.updated_at
         RETURNING id`,
      )
      .bind(
        follower.feedRowId,
        follower.actorId,
        follower.host,
        follower.inboxUrl,
        follower.sharedInboxUrl,
        inboxUrl,
        follower.keyId,
        follower.publicKeyPem,
        follower.followActivityId,
        nowMs,
      ),
  ]);
  return upserted?.results[0]?.id ?? null;
}

/** Which followers to remove: those of an inbox, or an actor's (in one feed or every one; for one Follow or any). */
export type FollowerMatch =
  | { inboxRowId: number }
  | { actorId: string; feedRowId: number | null; followActivityId: string | null };

/**
 * Removes followers and, first, every inbox they leave without a follower (the foreign key is deferred to the
 * batch's end). Deliveries still pending to such an inbox are cancelled when they come up.
 */
export function removeFollowersStatements(db: D1Database, match: FollowerMatch): D1PreparedStatement[] {
  const [where, params]: [string, unknown[]] =
    "inboxRowId" in match
      ? ["f.delivery_inbox_id = ?1", [match.inboxRowId]]
      : [
          "f.actor_id = ?1 AND (?2 IS NULL OR f.feed_id = ?2) AND (?3 IS NULL OR f.follow_activity_id = ?3)",
          [match.actorId, match.feedRowId, match.followActivityId],
        ];
  const leaving = `SELECT f.id FROM activitypub_followers f WHERE ${where}`;
  return [
    db
      .prepare(
        `DELETE FROM activitypub_inboxes WHERE id IN (SELECT f.delivery_inbox_id FROM activitypub_followers f WHERE ${where})
           AND NOT EXISTS (SELECT 1 FROM activitypub_followers s
             WHERE s.delivery_inbox_id = activitypub_inboxes.id AND s.id NOT IN (${leaving}))`,
      )
      .bind(...params),
    db.prepare(`DELETE FROM activitypub_followers WHERE id IN (${leaving})`).bind(...params),
  ];
}

/** A feed's followers, counted up to the per-feed cap (which bounds the count's cost too). */
export async function countFollowers(db: D1Database, feedRowId: number): Promise<number> {
  const row = await db
    .prepare(
      `SELECT count(*) AS n FROM (SELECT 1 FROM activitypub_followers WHERE feed_id = ? LIMIT ${FOLLOWER_CAPS.perFeed})`,
    )
    .bind(feedRowId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** The key a follower signs with, by key id: what verifies its Undo or Delete without fetching anything. */
export async function findFollowerKey(
  db: D1Database,
  keyId: string,
): Promise<{
  actorId: string;
  publicKeyPem: string;
  inboxUrl: string;
  sharedInboxUrl: string | null;
} | null> {
  const row = await db
    .prepare(
      "SELECT actor_id, public_key, inbox_url, shared_inbox_url FROM activitypub_followers WHERE key_id = ? LIMIT 1",
    )
    .bind(keyId)
    .first<{ actor_id: string; public_key: string; inbox_url: string; shared_inbox_url: string | null }>();
  return row
    ? {
        actorId: row.actor_id,
        publicKeyPem: row.public_key,
        inboxUrl: row.inbox_url,
        sharedInboxUrl: row.shared_inbox_url,
      }
    : null;
}
