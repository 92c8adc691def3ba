import { listPendingDeliveryIds } from "../db/deliveries";
import { closeCircuitStatement } from "../db/endpoint-circuit";
import { recordFilterVersionStatement } from "../db/webhook-endpoint-filters";
import {
  countEndpoints,
  deleteEndpointStatements,
  insertEndpointStatement,
  listEndpoints,
  updateEndpointStatement,
} from "../db/webhook-endpoints";
import { CLOSED_CIRCUIT } from "../domain/circuit-breaker";
import { FerryError } from "../domain/problems";
import { toWebhookView } from "../domain/webhook-endpoint";
import type { Env } from "../env";
import { readGuardConfig } from "../outbound/ssrf-guard";
import { sendAll } from "../services/delivery-queue";
import {
  assertDeliverableUrl,
  buildEndpoint,
  patchEndpoint,
  rotateSecret,
} from "../services/webhook-endpoints";
import { JSON_HEADERS, SECRET_JSON_HEADERS } from "../services/write-plan";
import { requireToken } from "./auth";
import { readCreateRequest } from "./create-request";
import { Resource } from "./endpoint";
import { commitIdempotently, commitWrite } from "./idempotency";
import { loadEndpoint } from "./load-endpoint";
import { keysForSealing } from "./secret-sealing";
import { WEBHOOK, WEBHOOKS, webhookDeliveriesApi } from "./webhook-deliveries-api";

/** Most endpoints one feed may have; each publish fans out to all of them. */
export const MAX_WEBHOOKS_PER_FEED = 2000;
/** Held deliveries re-queued at once on resume; any beyond this go with the cron sweep. */
const REQUEUE_LIMIT = 1000;

/** Webhook subscriptions of one feed, mounted at `/v1/feeds/:feed/webhooks`. */
const webhooks = new Resource(WEBHOOKS);
webhooks.app.use(requireToken);

webhooks.endpoint(
  {
    method: "post",
    path: WEBHOOKS,
    operationId: "createWebhook",
    summary: "Subscribe an endpoint to the feed's events; the answer carries its signing secret, once",
    tag: "Webhooks",
    role: "write",
    body: { schema: "WebhookInput" },
    ok: {
      status: 201,
      description: "The endpoint, with `secret`.",
      schema: "WebhookOutput",
      headers: ["Location"],
    },
    problems: [400, 401, 403, 404, 409, 413, 415, 422, 503],
  },
  async (c, { feed, body }) => {
    const { input, request } = await readCreateRequest(c, body);
    await assertDeliverableUrl(input.url, readGuardConfig(c.env));
    const keys = await keysForSealing(c.env);
    // The secret is stored sealed, and so is this answer in the Idempotency-Key record, so a retry still shows it.
    return commitIdempotently(c.env.DB, { ...request, sealing: keys }, async () => {
      if ((await countEndpoints(c.env.DB, feed.rowId)) >= MAX_WEBHOOKS_PER_FEED) {
        throw new FerryError("conflict", `A feed can have at most ${MAX_WEBHOOKS_PER_FEED} webhooks.`);
      }
      const { endpoint, secret } = await buildEndpoint(feed.rowId, input, Date.now(), keys.key);
      const view = toWebhookView({ ...endpoint, rowId: 0, secret }, feed.slug, { withSecret: true });
      return {
        statements: [
          insertEndpointStatement(c.env.DB, endpoint),
          recordFilterVersionStatement(c.env.DB, endpoint.id, endpoint.createdAt),
        ],
        response: {
          status: 201,
          headers: { ...SECRET_JSON_HEADERS, location: `/v1/feeds/${feed.slug}/webhooks/${endpoint.id}` },
          body: JSON.stringify(view),
        },
      };
    });
  },
);

webhooks.endpoint(
  {
    method: "get",
    path: WEBHOOKS,
    operationId: "listWebhooks",
    summary: "List the feed's webhook endpoints and their health",
    tag: "Webhooks",
    role: "read",
    ok: { status: 200, description: "Every endpoint (never a secret).", schema: "WebhookList" },
    problems: [401, 403, 404],
  },
  async (c, { feed }) => {
    const endpoints = await listEndpoints(c.env.DB, feed.rowId);
    return c.json({ items: endpoints.map((e) => toWebhookView(e, feed.slug)) });
  },
);

webhooks.endpoint(
  {
    method: "get",
    path: WEBHOOK,
    operationId: "getWebhook",
    summary: "Fetch one endpoint",
    tag: "Webhooks",
    role: "read",
    ok: { status: 200, description: "The endpoint (never its secret).", schema: "WebhookOutput" },
    problems: [401, 403, 404],
  },
  async (c, { feed, param }) =>
    c.json(toWebhookView(await loadEndpoint(c, feed, param("endpoint")), feed.slug)),
);

webhooks.endpoint(
  {
    method: "patch",
    path: WEBHOOK,
    operationId: "patchWebhook",
    summary:
      "Change an endpoint's URL, events, filter or description, pause it, or resume (and re-enable) it",
    tag: "Webhooks",
    role: "write",
    body: { schema: "WebhookPatch" },
    ok: { status: 200, description: "The endpoint as it is now.", schema: "WebhookOutput" },
    problems: [400, 401, 403, 404, 413, 415, 422],
  },
  async (c, { feed, param, body }) => {
    const endpoint = await loadEndpoint(c, feed, param("endpoint"));
    const { input: patch, value } = await body();
    if (patch.url) await assertDeliverableUrl(patch.url, readGuardConfig(c.env));
    const patched = patchEndpoint(endpoint, patch, value as Record<string, unknown>, Date.now());
    // Resuming closes the circuit breaker too: the subscriber says the endpoint is back.
    const resumed = patch.paused === false;
    const updated = resumed ? { ...patched, circuit: CLOSED_CIRCUIT } : patched;
    const response = await commitWrite(c.env.DB, {
      // A changed `events` or `filter` applies to events created from now on (see webhook-endpoint-filters.ts).
      statements: [
        updateEndpointStatement(c.env.DB, updated),
        recordFilterVersionStatement(c.env.DB, updated.id, updated.updatedAt),
        ...(resumed ? [closeCircuitStatement(c.env.DB, endpoint.rowId)] : []),
      ],
      response: {
        status: 200,
        headers: JSON_HEADERS,
        body: JSON.stringify(toWebhookView(updated, feed.slug)),
      },
    });
    // Deliveries held while paused or disabled go out now rather than at the next cron sweep.
    if (patch.paused === false) c.executionCtx.waitUntil(requeuePending(c.env, endpoint.rowId));
    return response;
  },
);

async function requeuePending(env: Env, endpointRowId: number): Promise<void> {
  const ids = await listPendingDeliveryIds(env.DB, endpointRowId, REQUEUE_LIMIT);
  await sendAll(
    env.DELIVERY_QUEUE,
    ids.map((deliveryId) => ({ kind: "deliver", deliveryId })),
  );
}

webhooks.endpoint(
  {
    method: "delete",
    path: WEBHOOK,
    operationId: "deleteWebhook",
    summary: "Unsubscribe an endpoint; its pending deliveries are cancelled",
    tag: "Webhooks",
    role: "write",
    ok: { status: 204, description: "Deleted." },
    problems: [401, 403, 404],
  },
  async (c, { feed, param }) => {
    const endpoint = await loadEndpoint(c, feed, param("endpoint"));
    await c.env.DB.batch(deleteEndpointStatements(c.env.DB, endpoint.rowId, Date.now()));
    return c.body(null, 204);
  },
);

webhooks.endpoint(
  {
    method: "post",
    path: `${WEBHOOK}/rotate-secret`,
    operationId: "rotateWebhookSecret",
    summary: "New signing secret; the old one keeps signing beside it for 24 hours",
    tag: "Webhooks",
    role: "write",
    noIdempotencyKey: true,
    ok: { status: 200, description: "The endpoint with its new `secret`.", schema: "WebhookOutput" },
    problems: [401, 403, 404, 503],
  },
  async (c, { feed, param }) => {
    const endpoint = await loadEndpoint(c, feed, param("endpoint"));
    const { key } = await keysForSealing(c.env);
    const { endpoint: rotated, secret } = await rotateSecret(endpoint, Date.now(), key);
    await c.env.DB.batch([
      updateEndpointStatement(c.env.DB, rotated),
      // Saving the row writes its filter too: should a PATCH have raced this one, the versions follow the row.
      recordFilterVersionStatement(c.env.DB, rotated.id, rotated.updatedAt),
    ]);
    return c.json(
      toWebhookView({ ...rotated, secret }, feed.slug, { withSecret: true }),
      200,
      SECRET_JSON_HEADERS,
    );
  },
);

webhooks.app.route("/", webhookDeliveriesApi);
export const webhooksApi = webhooks.routes();
export const WEBHOOK_ENDPOINTS = webhooks.endpoints;
