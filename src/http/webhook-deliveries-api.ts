import { Hono } from "hono";
import { findDeliveryStatus, resetDelivery } from "../db/delivery-log";
import { insertEventStatement } from "../db/events";
import { MAX_REPLAY_EVENTS, replayDeliveries } from "../db/replay-deliveries";
import { sendAll } from "../delivery/queue-messages";
import { buildTestEvent } from "../domain/events";
import { formatRfc3339, parseRfc3339 } from "../domain/rfc3339";
import { ReplayInput } from "../domain/webhook-endpoint";
import { deliveryLogResponse } from "./delivery-log-response";
import type { FerryHono } from "./hono-env";
import { loadEndpoint } from "./load-endpoint";
import { methodNotAllowed } from "./method-not-allowed";
import { FerryError } from "./problem";
import { readJsonBody } from "./read-json";
import { parseOrThrow } from "./validate";

/**
 * Test pings, the delivery log, redelivery and replay for one endpoint (`/v1/feeds/:feed/webhooks/:id/…`).
 * Mounted inside webhooksApi, whose middleware has already authenticated the token.
 */
export const webhookDeliveriesApi = new Hono<FerryHono>();

webhookDeliveriesApi.post("/:id/test", async (c) => {
  const { feed, endpoint } = await loadEndpoint(c, "write");
  const event = buildTestEvent(endpoint.id, feed.slug, Date.now());
  await insertEventStatement(c.env.DB, feed.rowId, event, endpoint.rowId).run();
  await c.env.DELIVERY_QUEUE.send({ kind: "fanout", eventId: event.id });
  return c.json({ event_id: event.id, type: event.type }, 202);
});

webhookDeliveriesApi.get("/:id/deliveries", async (c) => {
  const { endpoint } = await loadEndpoint(c, "read");
  return deliveryLogResponse(c, { endpointRowId: endpoint.rowId });
});

webhookDeliveriesApi.post("/:id/deliveries/:deliveryId/redeliver", async (c) => {
  const { endpoint } = await loadEndpoint(c, "write");
  const deliveryId = c.req.param("deliveryId");
  const reset = await resetDelivery(c.env.DB, endpoint.rowId, deliveryId, Date.now());
  if (!reset) {
    const existing = await findDeliveryStatus(c.env.DB, endpoint.rowId, deliveryId);
    if (!existing) throw new FerryError("not_found", `There is no delivery ${deliveryId} for this webhook.`);
    throw new FerryError("conflict", "This delivery is still pending; it will be attempted again by itself.");
  }
  await c.env.DELIVERY_QUEUE.send({ kind: "deliver", deliveryId: reset.id });
  return c.json({ id: deliveryId, status: "pending" }, 202);
});

webhookDeliveriesApi.post("/:id/replay", async (c) => {
  const { endpoint } = await loadEndpoint(c, "write");
  const input = parseOrThrow(ReplayInput, (await readJsonBody(c.req.raw)).value);
  const { deliveryIds, nextSinceMs } = await replayDeliveries(c.env.DB, endpoint.rowId, {
    sinceMs: parseRfc3339(input.since) as number,
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
});

webhookDeliveriesApi.all("/:id/test", methodNotAllowed(["POST"]));
webhookDeliveriesApi.all("/:id/deliveries", methodNotAllowed(["GET"]));
webhookDeliveriesApi.all("/:id/deliveries/:deliveryId/redeliver", methodNotAllowed(["POST"]));
webhookDeliveriesApi.all("/:id/replay", methodNotAllowed(["POST"]));
