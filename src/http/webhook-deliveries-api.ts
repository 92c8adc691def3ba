import { formatRfc3339 } from "../domain/rfc3339";
import { redeliver, replaySince, sendTestEvent } from "../services/webhook-redelivery";
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
    const { eventId, type } = await sendTestEvent(c.env.DB, c.env.DELIVERY_QUEUE, feed, endpoint, Date.now());
    return c.json({ event_id: eventId, type }, 202);
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
    await redeliver(c.env.DB, c.env.DELIVERY_QUEUE, endpoint, deliveryId, Date.now());
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
    const { queued, nextSinceMs } = await replaySince(
      c.env.DB,
      c.env.DELIVERY_QUEUE,
      endpoint,
      { sinceMs: input.since, includeSucceeded: input.include_succeeded },
      Date.now(),
    );
    const nextSince = nextSinceMs === null ? null : formatRfc3339(nextSinceMs);
    return c.json({ queued, next_since: nextSince }, 202);
  },
);

export const webhookDeliveriesApi = deliveries.routes();
export const WEBHOOK_DELIVERY_ENDPOINTS = deliveries.endpoints;
