import * as v from "valibot";
import type { TimelineCursor } from "../../src/db/articles";
import { findArticle } from "../../src/db/articles";
import { recordAttemptsStatements } from "../../src/db/deliveries";
import { claimDeliveries, loadDeliveryContexts } from "../../src/db/delivery-context";
import { findFeedState } from "../../src/db/feed-state";
import { findFeedBySlug } from "../../src/db/feeds";
import { findIdempotencyRecord, insertIdempotencyStatement } from "../../src/db/idempotency";
import { findLiveTokenByHash, touchTokenStatement } from "../../src/db/tokens";
import { recordEndpointHealthStatement } from "../../src/db/webhook-endpoints";
import { createDeliveries } from "../../src/delivery/fan-out";
import { sweepDeliveries } from "../../src/delivery/sweep";
import { ArticleInput } from "../../src/domain/article-input";
import type { Feed } from "../../src/domain/feed";
import type { QueueMessage } from "../../src/domain/queue-messages";
import type { Env } from "../../src/env";
import { prepareCreateArticle } from "../../src/services/article-writes";
import { loadFeedDocument, loadFeedWithDocument } from "../../src/services/feed-document";
import { type RecordedStatement, recordingD1 } from "./recording-d1";

/** Rows the hot paths are pointed at; any values work for query plans, real ones for rows read. */
export interface HotQueryFixture {
  nowMs: number;
  feed: Feed;
  /** A tag key many of the feed's articles carry. */
  tag: string;
  /** A page boundary deep in the feed's timeline. */
  cursor: TimelineCursor;
  articleId: string;
  tokenHash: string;
  tokenRowId: number;
  idempotencyKey: string;
  /** A publish request body (an ArticleInput), e.g. test/fixtures/article.json. */
  article: unknown;
  eventId: string;
  deliveryRowId: number;
  endpointRowId: number;
}

/** One request or background step and every statement it runs, in order. */
export interface HotPath {
  name: string;
  statements: RecordedStatement[];
}

const ORIGIN = "https://ferry.test";
const LEASE_MS = 60_000;
const noQueue = { send: async () => {}, sendBatch: async () => {} } as unknown as Queue<QueueMessage>;

/**
 * The statements of Ferry's hot paths, taken from the real db/, services/ and delivery/ functions called
 * in the order the request handlers and the queue consumer call them.
 */
export async function recordHotPaths(fx: HotQueryFixture): Promise<HotPath[]> {
  const state = { feed: fx.feed, newestPublishedAt: fx.nowMs };
  const tag = { kind: "tag" as const, key: fx.tag };
  const page = { origin: ORIGIN, nowMs: fx.nowMs, hubs: [] };
  const paths: [string, (db: D1Database) => Promise<unknown>][] = [
    ["feed state (validators)", (db) => findFeedState(db, fx.feed.slug, fx.nowMs)],
    ["feed page", (db) => loadFeedDocument(db, state, { ...page, filter: null, before: null })],
    [
      "feed page, with cursor",
      (db) => loadFeedDocument(db, state, { ...page, filter: null, before: fx.cursor }),
    ],
    ["tag feed page", (db) => loadFeedDocument(db, state, { ...page, filter: tag, before: null })],
    [
      "tag feed page, with cursor",
      (db) => loadFeedDocument(db, state, { ...page, filter: tag, before: fx.cursor }),
    ],
    [
      "feed state and page, one batch",
      (db) => loadFeedWithDocument(db, fx.feed.slug, { ...page, filter: null, before: fx.cursor }),
    ],
    [
      "tag feed state and page, one batch",
      (db) => loadFeedWithDocument(db, fx.feed.slug, { ...page, filter: tag, before: fx.cursor }),
    ],
    ["article by public id", (db) => findArticle(db, fx.feed.rowId, fx.articleId)],
    ["publish", (db) => recordPublish(db, fx)],
    ["fan-out", (db) => createDeliveries(db, fx.eventId, fx.nowMs)],
    ["delivery attempt", (db) => recordDeliveryAttempt(db, fx)],
    ["cron sweep", (db) => sweepDeliveries({ DB: db, DELIVERY_QUEUE: noQueue } as Env, fx.nowMs)],
  ];
  const recorded: HotPath[] = [];
  for (const [name, run] of paths) {
    const { db, statements } = recordingD1();
    await run(db);
    recorded.push({ name, statements });
  }
  return recorded;
}

/** `POST /v1/feeds/:feed/articles` with an Idempotency-Key: auth, feed, key, then one batch. */
async function recordPublish(db: D1Database, fx: HotQueryFixture): Promise<void> {
  await findLiveTokenByHash(db, fx.tokenHash, fx.nowMs);
  await findFeedBySlug(db, fx.feed.slug);
  await findIdempotencyRecord(db, fx.tokenRowId, fx.idempotencyKey);
  const write = prepareCreateArticle(db, fx.feed, v.parse(ArticleInput, fx.article), fx.nowMs);
  const key = insertIdempotencyStatement(db, {
    tokenRowId: fx.tokenRowId,
    key: fx.idempotencyKey,
    requestHash: "0".repeat(64),
    response: write.response,
    nowMs: fx.nowMs,
  });
  await db.batch([...write.statements, key]);
  await touchTokenStatement(db, fx.tokenRowId, fx.nowMs).run();
}

/** Webhook attempts of a queue batch: load, claim, then attempts, deliveries and endpoint health in one batch. */
async function recordDeliveryAttempt(db: D1Database, fx: HotQueryFixture): Promise<void> {
  await loadDeliveryContexts(db, [fx.deliveryRowId]);
  await claimDeliveries(db, [fx.deliveryRowId], fx.nowMs, LEASE_MS);
  const log = {
    deliveryRowId: fx.deliveryRowId,
    attempt: 1,
    startedAt: fx.nowMs,
    durationMs: 1,
    responseStatus: 204,
    responseExcerpt: "",
    error: null,
    status: "succeeded" as const,
    nextAttemptAt: fx.nowMs,
  };
  await db.batch([
    ...recordAttemptsStatements(db, [log]),
    recordEndpointHealthStatement(db, fx.endpointRowId, {
      succeeded: true,
      nowMs: fx.nowMs,
      disableReason: null,
    }),
  ]);
}
