import type { ContentMode } from "../domain/feed-input";
import { NEW_DELIVERY_ID } from "./deliveries";

/** The article events a feed's followers hear of; test pings and WebSub pushes are not for them. */
const FOLLOWER_EVENT_TYPES = "('article.published', 'article.updated', 'article.deleted')";

/** Where an inbox delivery goes and what it needs to build and sign the activity. */
export interface InboxTarget {
  rowId: number;
  url: string;
  /** Ferry's origin as the followers know it: the actor's id is there. */
  origin: string;
  feedSlug: string;
  content: ContentMode;
  /** The feed's sealed private key; null if it has none (never so while it has followers). */
  sealedPrivateKey: string | null;
}

/**
 * One pending delivery per distinct inbox of the feed's followers (a shared inbox serves many), for an article
 * event created after at least one of them followed. `OR IGNORE` on (event, inbox) makes a repeated fan-out harmless.
 */
export function inboxFanOutStatement(db: D1Database, eventId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT OR IGNORE INTO deliveries (public_id, event_id, inbox_id, status, attempts, next_attempt_at, created_at, updated_at)
       SELECT ${NEW_DELIVERY_ID}, ev.id, i.id, 'pending', 0, ?, ?, ?
       FROM events ev JOIN activitypub_inboxes i ON i.feed_id = ev.feed_id
       WHERE ev.public_id = ? AND ev.type IN ${FOLLOWER_EVENT_TYPES}
         AND EXISTS (SELECT 1 FROM activitypub_followers f
           WHERE f.delivery_inbox_id = i.id AND f.created_at <= ev.created_at)`,
    )
    .bind(nowMs, nowMs, nowMs, eventId);
}

/** The inboxes of a batch of deliveries in one query; an inbox deleted since (no follower left) is absent. */
export async function findInboxTargets(db: D1Database, rowIds: number[]): Promise<Map<number, InboxTarget>> {
  if (rowIds.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT i.id, i.url, i.origin, f.slug, f.content_mode, k.private_key
       FROM activitypub_inboxes i JOIN feeds f ON f.id = i.feed_id LEFT JOIN activitypub_keys k ON k.feed_id = i.feed_id
       WHERE i.id IN (SELECT value FROM json_each(?))`,
    )
    .bind(JSON.stringify([...new Set(rowIds)]))
    .all<{
      id: number;
      url: string;
      origin: string;
      slug: string;
      content_mode: ContentMode;
      private_key: string | null;
    }>();
  return new Map(
    results.map((r) => [
      r.id,
      {
        rowId: r.id,
        url: r.url,
        origin: r.origin,
        feedSlug: r.slug,
        content: r.content_mode,
        sealedPrivateKey: r.private_key,
      },
    ]),
  );
}
