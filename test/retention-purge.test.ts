import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PURGE_BATCH_ROWS, PURGE_MAX_ROUNDS } from "../src/maintenance/purge";
import { runCron } from "./support/drain";
import { createFeed } from "./support/seed";

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

async function insertId(sql: string, ...binds: unknown[]): Promise<number> {
  const row = await env.DB.prepare(`${sql} RETURNING id`)
    .bind(...binds)
    .first<{ id: number }>();
  return row?.id as number;
}

/** A feed with one paused endpoint, so the cron's sweep leaves these hand-made deliveries alone. */
async function pausedEndpoint() {
  const slug = await createFeed();
  const feed = await env.DB.prepare("SELECT id FROM feeds WHERE slug = ?").bind(slug).first<{ id: number }>();
  const feedId = feed?.id as number;
  const endpointId = await insertId(
    `INSERT INTO webhook_endpoints (public_id, feed_id, url, secret, paused, created_at, updated_at)
     VALUES (?, ?, 'https://receiver.example/hook', 'whsec_dGVzdA==', 1, 0, 0)`,
    `ep_${crypto.randomUUID()}`,
    feedId,
  );
  return { feedId, endpointId };
}

async function insertEvent(
  feedId: number,
  type: string,
  createdAt: number,
  fannedOut = true,
): Promise<number> {
  return insertId(
    `INSERT INTO events (public_id, feed_id, type, article_public_id, payload, created_at, fanned_out_at)
     VALUES (?, ?, ?, ?, '{}', ?, ?)`,
    `msg_${crypto.randomUUID()}`,
    feedId,
    type,
    crypto.randomUUID(),
    createdAt,
    fannedOut ? createdAt : null,
  );
}

/** A delivery last touched at `at`, with `attempts` attempts made at that time. */
async function insertDelivery(eventId: number, endpointId: number, status: string, at: number, attempts = 2) {
  const id = await insertId(
    `INSERT INTO deliveries (public_id, event_id, endpoint_id, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    `dlv_${crypto.randomUUID()}`,
    eventId,
    endpointId,
    status,
    attempts,
    at,
    at,
    at,
  );
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    await env.DB.prepare(
      `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, duration_ms, response_status, created_at)
       VALUES (?, ?, ?, 10, 500, ?)`,
    )
      .bind(id, attempt, at, at)
      .run();
  }
  return id;
}

async function exists(table: string, id: number): Promise<boolean> {
  return (await env.DB.prepare(`SELECT 1 AS x FROM ${table} WHERE id = ?`).bind(id).first()) !== null;
}

async function attemptCount(deliveryId: number): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM delivery_attempts WHERE delivery_id = ?")
    .bind(deliveryId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function insertTokenRow(): Promise<number> {
  return insertId(
    `INSERT INTO api_tokens (public_id, token_hash, label, role, all_feeds, created_at) VALUES (?, ?, 'purge', 'write', 1, 0)`,
    crypto.randomUUID(),
    crypto.randomUUID(),
  );
}

async function countKeys(tokenId: number): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM idempotency_keys WHERE token_id = ?")
    .bind(tokenId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** `count` idempotency keys of one token, all created at `createdAt`, in one statement. */
async function insertKeys(tokenId: number, count: number, createdAt: number) {
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO idempotency_keys (token_id, idempotency_key, request_hash, response_status, response_headers,
       response_body, created_at)
     SELECT ?, 'key-' || i, 'hash', 201, '{}', '{}', ? FROM n`,
  )
    .bind(count, tokenId, createdAt)
    .run();
}

describe("the cron's retention purge", () => {
  it("deletes the delivery log past its retention and keeps what is recent, pending or a publication", async () => {
    const now = Date.now();
    const old = now - 40 * DAY_MS;
    const recent = now - DAY_MS;
    const { feedId, endpointId } = await pausedEndpoint();

    const oldUpdate = await insertEvent(feedId, "article.updated", old);
    const oldUpdateDelivery = await insertDelivery(oldUpdate, endpointId, "succeeded", old);
    const oldDead = await insertEvent(feedId, "article.deleted", old);
    const oldDeadDelivery = await insertDelivery(oldDead, endpointId, "dead", old, 8);
    const oldPublished = await insertEvent(feedId, "article.published", old);
    const oldPublishedDelivery = await insertDelivery(oldPublished, endpointId, "succeeded", old);
    const stillPending = await insertEvent(feedId, "article.updated", old);
    const pendingDelivery = await insertDelivery(stillPending, endpointId, "pending", old);
    const recentEvent = await insertEvent(feedId, "article.updated", recent);
    const recentDelivery = await insertDelivery(recentEvent, endpointId, "succeeded", recent);

    await runCron();

    for (const id of [oldUpdateDelivery, oldDeadDelivery, oldPublishedDelivery]) {
      expect(await exists("deliveries", id)).toBe(false);
      expect(await attemptCount(id)).toBe(0);
    }
    expect(await exists("events", oldUpdate)).toBe(false);
    expect(await exists("events", oldDead)).toBe(false);
    // Its unique index is what announces an article once: the event outlives its deliveries.
    expect(await exists("events", oldPublished)).toBe(true);
    // A pending delivery is live work: it and its event stay; only its old attempt log goes.
    expect(await exists("deliveries", pendingDelivery)).toBe(true);
    expect(await attemptCount(pendingDelivery)).toBe(0);
    expect(await exists("events", stillPending)).toBe(true);
    expect(await exists("deliveries", recentDelivery)).toBe(true);
    expect(await attemptCount(recentDelivery)).toBe(2);
    expect(await exists("events", recentEvent)).toBe(true);
  });

  it("forgets settled WebSub intents past the retention and keeps pending ones", async () => {
    const { feedId } = await pausedEndpoint();
    const old = Date.now() - 40 * DAY_MS;
    const intent = (status: string) =>
      insertId(
        `INSERT INTO websub_intents (mode, feed_id, topic_url, topic_format, callback_url, lease_seconds, status,
           created_at, updated_at) VALUES ('subscribe', ?, 'https://ferry.test/feeds/x/rss.xml', 'rss',
           'http://127.0.0.1:9/cb', 3600, ?, ?, ?)`,
        feedId,
        status,
        old,
        old,
      );
    const verified = await intent("verified");
    const failed = await intent("failed");
    const pending = await intent("pending");
    await runCron();
    expect(await exists("websub_intents", verified)).toBe(false);
    expect(await exists("websub_intents", failed)).toBe(false);
    expect(await exists("websub_intents", pending)).toBe(true);
  });

  it("keeps events that were never fanned out, whatever their age", async () => {
    const { feedId } = await pausedEndpoint();
    const unfanned = await insertEvent(feedId, "article.updated", Date.now() - 40 * DAY_MS, false);
    await runCron();
    expect(await exists("events", unfanned)).toBe(true);
  });

  it("forgets idempotency keys after IDEMPOTENCY_RETENTION_HOURS", async () => {
    const tokenId = await insertTokenRow();
    await insertKeys(tokenId, 3, Date.now() - 25 * HOUR_MS);
    await runCron();
    expect(await countKeys(tokenId)).toBe(0);

    const other = await insertTokenRow();
    await insertKeys(other, 2, Date.now() - 2 * HOUR_MS);
    await runCron();
    expect(await countKeys(other)).toBe(2);
    await runCron({ IDEMPOTENCY_RETENTION_HOURS: "1" });
    expect(await countKeys(other)).toBe(0);
  });

  it("follows DELIVERY_LOG_RETENTION_DAYS, and ignores a value that is not a positive number", async () => {
    const { feedId, endpointId } = await pausedEndpoint();
    const event = await insertEvent(feedId, "article.updated", Date.now() - 3 * DAY_MS);
    const delivery = await insertDelivery(event, endpointId, "succeeded", Date.now() - 3 * DAY_MS);
    await insertEvent(feedId, "article.updated", Date.now()); // the newest event is never purged
    for (const invalid of ["0", "-1", "soon", ""]) {
      await runCron({ DELIVERY_LOG_RETENTION_DAYS: invalid });
      expect(await exists("deliveries", delivery), invalid).toBe(true);
    }
    await runCron({ DELIVERY_LOG_RETENTION_DAYS: "2" });
    expect(await exists("deliveries", delivery)).toBe(false);
    expect(await exists("events", event)).toBe(false);
  });

  it("keeps the newest event however old, so its id is never handed to the next one", async () => {
    const { feedId } = await pausedEndpoint();
    const older = await insertEvent(feedId, "article.updated", Date.now() - 40 * DAY_MS);
    const newest = await insertEvent(feedId, "article.deleted", Date.now() - 40 * DAY_MS);
    await runCron();
    expect(await exists("events", older)).toBe(false);
    expect(await exists("events", newest)).toBe(true);
    // A polling consumer's cursor stands on `newest`: the next event gets a higher id, never that one.
    expect(await insertEvent(feedId, "article.updated", Date.now())).toBeGreaterThan(newest);
  });

  it("deletes in bounded batches, leaving the rest to the next run", async () => {
    const tokenId = await insertTokenRow();
    const perRun = PURGE_BATCH_ROWS * PURGE_MAX_ROUNDS;
    await insertKeys(tokenId, perRun + 250, Date.now() - 48 * HOUR_MS);
    await runCron();
    expect(await countKeys(tokenId)).toBe(250);
    await runCron();
    expect(await countKeys(tokenId)).toBe(0);
  });
});
