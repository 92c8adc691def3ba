import { Hono } from "hono";
import { listPendingDeliveryIds } from "../db/deliveries";
import {
  countEndpoints,
  deleteEndpointStatements,
  insertEndpointStatement,
  listEndpoints,
  updateEndpointStatement,
} from "../db/webhook-endpoints";
import { readDeliveryConfig } from "../delivery/delivery-config";
import { sendAll } from "../delivery/queue-messages";
import { toWebhookView, WebhookInput, WebhookPatch } from "../domain/webhook-endpoint";
import type { Env } from "../env";
import {
  assertDeliverableUrl,
  buildEndpoint,
  patchEndpoint,
  rotateSecret,
} from "../services/webhook-endpoints";
import { authorizeFeed, requireToken } from "./auth";
import { readCreateRequest } from "./create-request";
import type { FerryHono } from "./hono-env";
import { commitIdempotently, commitWrite } from "./idempotency";
import { loadEndpoint } from "./load-endpoint";
import { methodNotAllowed } from "./method-not-allowed";
import { FerryError } from "./problem";
import { readJsonBody } from "./read-json";
import { keysForSealing } from "./secret-sealing";
import { parseOrThrow } from "./validate";
import { webhookDeliveriesApi } from "./webhook-deliveries-api";

/** Most endpoints one feed may have; each publish fans out to all of them. */
export const MAX_WEBHOOKS_PER_FEED = 2000;
/** Held deliveries re-queued at once on resume; any beyond this go with the cron sweep. */
const REQUEUE_LIMIT = 1000;
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };
// A response that carries a secret must not be kept by any cache.
const SECRET_HEADERS = { ...JSON_HEADERS, "cache-control": "no-store" };

/** Webhook subscriptions of one feed, mounted at `/v1/feeds/:feed/webhooks`. */
export const webhooksApi = new Hono<FerryHono>();
webhooksApi.use(requireToken);

webhooksApi.post("/", async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed") as string, "write");
  const { input, request } = await readCreateRequest(c, WebhookInput);
  await assertDeliverableUrl(input.url, readDeliveryConfig(c.env));
  const keys = await keysForSealing(c.env);
  // The secret is stored sealed, and so is this answer in the Idempotency-Key record, so a retry still shows it.
  return commitIdempotently(c.env.DB, { ...request, sealing: keys }, async () => {
    if ((await countEndpoints(c.env.DB, feed.rowId)) >= MAX_WEBHOOKS_PER_FEED) {
      throw new FerryError("conflict", `A feed can have at most ${MAX_WEBHOOKS_PER_FEED} webhooks.`);
    }
    const { endpoint, secret } = await buildEndpoint(feed.rowId, input, Date.now(), keys.key);
    const view = toWebhookView({ ...endpoint, rowId: 0, secret }, feed.slug, { withSecret: true });
    return {
      statements: [insertEndpointStatement(c.env.DB, endpoint)],
      response: {
        status: 201,
        headers: { ...SECRET_HEADERS, location: `/v1/feeds/${feed.slug}/webhooks/${endpoint.id}` },
        body: JSON.stringify(view),
      },
    };
  });
});

webhooksApi.get("/", async (c) => {
  const feed = await authorizeFeed(c, c.req.param("feed") as string, "read");
  const endpoints = await listEndpoints(c.env.DB, feed.rowId);
  return c.json({ items: endpoints.map((e) => toWebhookView(e, feed.slug)) });
});

webhooksApi.get("/:id", async (c) => {
  const { feed, endpoint } = await loadEndpoint(c, "read");
  return c.json(toWebhookView(endpoint, feed.slug));
});

webhooksApi.patch("/:id", async (c) => {
  const { feed, endpoint } = await loadEndpoint(c, "write");
  const raw = (await readJsonBody(c.req.raw)).value;
  const patch = parseOrThrow(WebhookPatch, raw);
  if (patch.url) await assertDeliverableUrl(patch.url, readDeliveryConfig(c.env));
  const updated = patchEndpoint(endpoint, patch, raw as Record<string, unknown>, Date.now());
  const response = await commitWrite(c.env.DB, {
    statements: [updateEndpointStatement(c.env.DB, updated)],
    response: { status: 200, headers: JSON_HEADERS, body: JSON.stringify(toWebhookView(updated, feed.slug)) },
  });
  // Deliveries held while paused or disabled go out now rather than at the next cron sweep.
  if (patch.paused === false) c.executionCtx.waitUntil(requeuePending(c.env, endpoint.rowId));
  return response;
});

async function requeuePending(env: Env, endpointRowId: number): Promise<void> {
  const ids = await listPendingDeliveryIds(env.DB, endpointRowId, REQUEUE_LIMIT);
  await sendAll(
    env.DELIVERY_QUEUE,
    ids.map((deliveryId) => ({ kind: "deliver", deliveryId })),
  );
}

webhooksApi.delete("/:id", async (c) => {
  const { endpoint } = await loadEndpoint(c, "write");
  await c.env.DB.batch(deleteEndpointStatements(c.env.DB, endpoint.rowId, Date.now()));
  return c.body(null, 204);
});

webhooksApi.post("/:id/rotate-secret", async (c) => {
  const { feed, endpoint } = await loadEndpoint(c, "write");
  const { key } = await keysForSealing(c.env);
  const { endpoint: rotated, secret } = await rotateSecret(endpoint, Date.now(), key);
  await updateEndpointStatement(c.env.DB, rotated).run();
  return c.json(toWebhookView({ ...rotated, secret }, feed.slug, { withSecret: true }), 200, SECRET_HEADERS);
});

webhooksApi.route("/", webhookDeliveriesApi);
webhooksApi.all("/", methodNotAllowed(["GET", "POST"]));
webhooksApi.all("/:id", methodNotAllowed(["GET", "PATCH", "DELETE"]));
webhooksApi.all("/:id/rotate-secret", methodNotAllowed(["POST"]));
