import { findDeliveryStatus, resetDelivery } from "../db/delivery-log";
import { insertEventStatement } from "../db/events";
import { MAX_REPLAY_EVENTS, replayDeliveries } from "../db/replay-deliveries";
import { buildTestEvent } from "../domain/events";
import { FerryError } from "../domain/problems";
import { formatRfc3339 } from "../domain/rfc3339";
import { sendAll } from "../services/delivery-queue";
import { DeliveryQuery, deliveryLogResponse } from "./delivery-log-response";
import { Resource } from "./endpoint";
import { loadEndpoint } from "./load-endpoint";

export const WEBHOOKS = "/v1/feeds/{feed}/webhooks";
export const WEBHOOK = `${WEBHOOKS}/{endpoint}`;

/**
 * Test pings, the delivery log, redelivery and replay for one endpoint (`/v1/feeds/:feed/webhooks/:endpoint/…`).
 * Mounted inside webhooksApi, whose middleware has already authenticated the token.
 */
const deliveries = new Resource(WEBHOOKS);

deliveries.endpoint(
  {
    method: "post",
    path: `${WEBHOOK}/test`,
    operationId: "testWebhook",
    summary: "Send a webhook.test event to this endpoint only",
    tag: "Webhooks",
    role: "write",
    noIdempotencyKey: true,
    ok: { status: 202, description: "Queued; see the delivery log.", schema: "Accepted" },
    problems: [401, 403, 404],
  },
  async (c, { feed, param }) => {
    const endpoint = await loadEndpoint(c, feed, param("endpoint"));
    const event = buildTestEvent(endpoint.id, feed.slug, Date.now());
    await insertEventStatement(c.env.DB, feed.rowId, event, endpoint.rowId).run();
    await c.env.DELIVERY_QUEUE.send({ kind: "fanout", eventId: event.id });
    return c.json({ event_id: event.id, type: event.type }, 202);
  },
);

deliveries.endpoint(
  {
    method: "get",
    path: `${WEBHOOK}/deliveries`,
    operationId: "listDeliveries",
    summary: "The endpoint's delivery log: every attempt with status, latency, answer excerpt and error",
    tag: "Webhooks",
    role: "read",
    query: DeliveryQuery,
    ok: { status: 200, description: "Newest deliveries first.", schema: "DeliveryList" },
    problems: [400, 401, 403, 404],
  },
  async (c, { feed, param, query }) => {
    const endpoint = await loadEndpoint(c, feed, param("endpoint"));
    return deliveryLogResponse(c, { endpointRowId: endpoint.rowId }, query());
  },
);

deliveries.endpoint(
  {
    method: "post",
    path: `${WEBHOOK}/deliveries/{delivery}/redeliver`,
    operationId: "redeliver",
    summary: "Send one finished delivery again, with the same webhook-id",
    tag: "Webhooks",
    role: "write",
    noIdempotencyKey: true,
    ok: { status: 202, description: "Queued again.", schema: "Accepted" },
    problems: [401, 403, 404, 409],
  },
  async (c, { feed, param }) => {
    const endpoint = await loadEndpoint(c, feed, param("endpoint"));
    const deliveryId = param("delivery");
    const reset = await resetDelivery(c.env.DB, endpoint.rowId, deliveryId, Date.now());
    if (!reset) {
      const existing = await findDeliveryStatus(c.env.DB, endpoint.rowId, deliveryId);
      if (!existing)
        throw new FerryError("not_found", `There is no delivery ${deliveryId} for this webhook.`);
      throw new FerryError(
        "conflict",
        "This delivery is still pending; it will be attempted again by itself.",
      );
    }
    await c.env.DELIVERY_QUEUE.send({ kind: "deliver", deliveryId: reset.id });
    return c.json({ id: deliveryId, status: "pending" }, 202);
  },
);

deliveries.endpoint(
  {
    method: "post",
    path: `${WEBHOOK}/replay`,
    operationId: "replayWebhook",
    summary: "Re-send to an endpoint what was addressed to it since a time",
    tag: "Webhooks",
    role: "write",
    noIdempotencyKey: true,
    body: { schema: "ReplayInput" },
    ok: {
      status: 202,
      description: "How many deliveries were queued, and where the next replay starts.",
      schema: "Accepted",
    },
    problems: [400, 401, 403, 404, 413, 415, 422],
  },
  async (c, { feed, param, body }) => {
    const endpoint = await loadEndpoint(c, feed, param("endpoint"));
    const { input } = await body();
    const { deliveryIds, nextSinceMs } = await replayDeliveries(c.env.DB, endpoint.rowId, {
      sinceMs: input.since,
      includeSucceeded: input.include_succeeded,
      nowMs: Date.now(),
      limit: MAX_REPLAY_EVENTS,
    });
    await sendAll(
      c.env.DELIVERY_QUEUE,
      deliveryIds.map((deliveryId) => ({ kind: "deliver", deliveryId })),
    );
    const nextSince = nextSinceMs === null ? null : formatRfc3339(nextSinceMs);
    return c.json({ queued: deliveryIds.length, next_since: nextSince }, 202);
  },
);

export const webhookDeliveriesApi = deliveries.routes();
export const WEBHOOK_DELIVERY_ENDPOINTS = deliveries.endpoints;
