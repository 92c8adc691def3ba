import { listPendingDeliveryIds } from "../db/deliveries";
import { closeCircuitStatement } from "../db/endpoint-circuit";
import { recordFilterVersionStatement } from "../db/webhook-endpoint-filters";
import {
  countEndpoints,
  deleteEndpointStatements,
  insertEndpointStatement,
  updateEndpointStatement,
} from "../db/webhook-endpoints";
import { CLOSED_CIRCUIT } from "../domain/circuit-breaker";
import type { WebhookOutput } from "../domain/delivery-schemas";
import type { Feed } from "../domain/feed";
import { FerryError } from "../domain/problems";
import type { QueueMessage } from "../domain/queue-messages";
import type { SecretKey } from "../domain/secret-box";
import {
  toWebhookView,
  type WebhookEndpoint,
  type WebhookInput,
  type WebhookPatch,
} from "../domain/webhook-endpoint";
import { sendAll } from "./delivery-queue";
import { buildEndpoint, patchEndpoint, rotateSecret } from "./webhook-endpoints";
import { JSON_HEADERS, type PreparedWrite, SECRET_JSON_HEADERS } from "./write-plan";

/** Most endpoints one feed may have; each publish fans out to all of them. */
export const MAX_WEBHOOKS_PER_FEED = 2000;
/** Held deliveries re-queued at once on resume; any beyond this go with the cron sweep. */
const REQUEUE_LIMIT = 1000;

export function webhookLocation(feedSlug: string, endpointId: string): string {
  return `/v1/feeds/${feedSlug}/webhooks/${endpointId}`;
}

/**
 * A new endpoint, its first filter version and the answer that shows its secret once. Run inside the
 * idempotent commit, so the per-feed cap is counted where the write is decided.
 */
export async function prepareCreateWebhook(
  db: D1Database,
  feed: Feed,
  input: WebhookInput,
  nowMs: number,
  key: SecretKey,
): Promise<PreparedWrite> {
  if ((await countEndpoints(db, feed.rowId)) >= MAX_WEBHOOKS_PER_FEED) {
    throw new FerryError("conflict", `A feed can have at most ${MAX_WEBHOOKS_PER_FEED} webhooks.`);
  }
  const { endpoint, secret } = await buildEndpoint(feed.rowId, input, nowMs, key);
  const view = toWebhookView({ ...endpoint, rowId: 0, secret }, feed.slug, { withSecret: true });
  return {
    statements: [
      insertEndpointStatement(db, endpoint),
      recordFilterVersionStatement(db, endpoint.id, endpoint.createdAt),
    ],
    response: {
      status: 201,
      headers: { ...SECRET_JSON_HEADERS, location: webhookLocation(feed.slug, endpoint.id) },
      body: JSON.stringify(view),
    },
  };
}

/**
 * A PATCH of an endpoint as one write. Resuming (`paused: false`) closes the circuit breaker too: the
 * subscriber says the endpoint is back. A changed `events` or `filter` applies to events created from now
 * on (see webhook-endpoint-filters.ts).
 */
export function prepareUpdateWebhook(
  db: D1Database,
  feed: Feed,
  endpoint: WebhookEndpoint,
  patch: WebhookPatch,
  raw: Record<string, unknown>,
  nowMs: number,
): { write: PreparedWrite; resumed: boolean } {
  const patched = patchEndpoint(endpoint, patch, raw, nowMs);
  const resumed = patch.paused === false;
  const updated = resumed ? { ...patched, circuit: CLOSED_CIRCUIT } : patched;
  const write = {
    statements: [
      updateEndpointStatement(db, updated),
      recordFilterVersionStatement(db, updated.id, updated.updatedAt),
      ...(resumed ? [closeCircuitStatement(db, endpoint.rowId)] : []),
    ],
    response: {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify(toWebhookView(updated, feed.slug)),
    },
  };
  return { write, resumed };
}

/** Deliveries held while an endpoint was paused or disabled, sent now rather than at the next cron sweep. */
export async function requeueHeldDeliveries(
  db: D1Database,
  queue: Queue<QueueMessage>,
  endpointRowId: number,
): Promise<void> {
  const ids = await listPendingDeliveryIds(db, endpointRowId, REQUEUE_LIMIT);
  await sendAll(
    queue,
    ids.map((deliveryId) => ({ kind: "deliver", deliveryId })),
  );
}

/** Unsubscribes an endpoint; its pending deliveries are cancelled in the same batch. */
export async function deleteWebhook(db: D1Database, endpoint: WebhookEndpoint, nowMs: number): Promise<void> {
  await db.batch(deleteEndpointStatements(db, endpoint.rowId, nowMs));
}

/**
 * Gives an endpoint a new signing secret (the old one signs beside it for a day) and returns the endpoint
 * with the new secret in clear, to be shown once.
 */
export async function rotateWebhookSecret(
  db: D1Database,
  feed: Feed,
  endpoint: WebhookEndpoint,
  nowMs: number,
  key: SecretKey,
): Promise<WebhookOutput> {
  const { endpoint: rotated, secret } = await rotateSecret(endpoint, nowMs, key);
  await db.batch([
    updateEndpointStatement(db, rotated),
    // Saving the row writes its filter too: should a PATCH have raced this one, the versions follow the row.
    recordFilterVersionStatement(db, rotated.id, rotated.updatedAt),
  ]);
  return toWebhookView({ ...rotated, secret }, feed.slug, { withSecret: true });
}
