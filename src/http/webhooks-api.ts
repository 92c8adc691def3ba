import { listEndpoints } from "../db/webhook-endpoints";
import { toWebhookView } from "../domain/webhook-endpoint";
import { readGuardConfig } from "../outbound/ssrf-guard";
import { assertDeliverableUrl } from "../services/webhook-endpoints";
import {
  deleteWebhook,
  prepareCreateWebhook,
  prepareUpdateWebhook,
  requeueHeldDeliveries,
  rotateWebhookSecret,
} from "../services/webhook-writes";
import { SECRET_JSON_HEADERS } from "../services/write-plan";
import { requireToken } from "./auth";
import { readCreateRequest } from "./create-request";
import { Resource } from "./endpoint";
import { commitIdempotently, commitWrite } from "./idempotency";
import { loadEndpoint } from "./load-endpoint";
import { keysForSealing } from "./secret-sealing";
import { WEBHOOK, WEBHOOKS, webhookDeliveriesApi } from "./webhook-deliveries-api";

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
    return commitIdempotently(c.env.DB, { ...request, sealing: keys }, () =>
      prepareCreateWebhook(c.env.DB, feed, input, Date.now(), keys.key),
    );
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
    const { write, resumed } = prepareUpdateWebhook(
      c.env.DB,
      feed,
      endpoint,
      patch,
      value as Record<string, unknown>,
      Date.now(),
    );
    const response = await commitWrite(c.env.DB, write);
    if (resumed)
      c.executionCtx.waitUntil(requeueHeldDeliveries(c.env.DB, c.env.DELIVERY_QUEUE, endpoint.rowId));
    return response;
  },
);

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
    await deleteWebhook(c.env.DB, endpoint, Date.now());
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
    const view = await rotateWebhookSecret(c.env.DB, feed, endpoint, Date.now(), key);
    return c.json(view, 200, SECRET_JSON_HEADERS);
  },
);

webhooks.app.route("/", webhookDeliveriesApi);
export const webhooksApi = webhooks.routes();
export const WEBHOOK_ENDPOINTS = webhooks.endpoints;
