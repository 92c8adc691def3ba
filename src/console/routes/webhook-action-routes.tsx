import { Hono } from "hono";
import * as v from "valibot";
import { FerryError } from "../../domain/problems";
import { formatRfc3339 } from "../../domain/rfc3339";
import { ReplayInput } from "../../domain/webhook-endpoint";
import { authorizeFeed } from "../../http/auth";
import { commitWrite } from "../../http/idempotency";
import { keysForSealing } from "../../http/secret-sealing";
import { parseOrThrow } from "../../http/validate";
import { redeliver, replaySince, sendTestEvent } from "../../services/webhook-redelivery";
import {
  prepareUpdateWebhook,
  requeueHeldDeliveries,
  rotateWebhookSecret,
} from "../../services/webhook-writes";
import { type ConsoleContext, type ConsoleHono, postedForm } from "../console-env";
import { formErrorsFrom, isFormProblem } from "../forms/form-errors";
import { fromUtcInput } from "../forms/utc-input";
import { consolePaths, withNotice } from "../paths";
import { webhookPage } from "./webhook-detail";
import { endpointOf, secretPage } from "./webhook-routes";

/** What may be done to one endpoint with a button: pause, resume, rotate, ping, redeliver, replay. */
export const webhookActionRoutes = new Hono<ConsoleHono>();

const slugOf = (c: ConsoleContext) => c.req.param("feed") ?? "";

/** The endpoint's page, with a notice; `extra` adds query parameters the page reads. */
function backToEndpoint(c: ConsoleContext, slug: string, id: string, notice: string, extra = "") {
  return c.redirect(`${withNotice(consolePaths.webhook(slug, id), notice)}${extra}`, 303);
}

/** Pausing and resuming are the API's PATCH of `paused`; resuming closes the circuit and sends what was held. */
async function setPaused(c: ConsoleContext, paused: boolean): Promise<Response> {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const endpoint = await endpointOf(c, feed);
  const { write, resumed } = prepareUpdateWebhook(
    c.env.DB,
    feed,
    endpoint,
    { paused },
    { paused },
    Date.now(),
  );
  await commitWrite(c.env.DB, write);
  if (resumed)
    c.executionCtx.waitUntil(requeueHeldDeliveries(c.env.DB, c.env.DELIVERY_QUEUE, endpoint.rowId));
  return backToEndpoint(c, feed.slug, endpoint.id, paused ? "webhook-paused" : "webhook-resumed");
}

webhookActionRoutes.post("/feeds/:feed/webhooks/:endpoint/pause", (c) => setPaused(c, true));
webhookActionRoutes.post("/feeds/:feed/webhooks/:endpoint/resume", (c) => setPaused(c, false));

webhookActionRoutes.post("/feeds/:feed/webhooks/:endpoint/rotate-secret", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const endpoint = await endpointOf(c, feed);
  const { key } = await keysForSealing(c.env);
  const view = await rotateWebhookSecret(c.env.DB, feed, endpoint, Date.now(), key);
  return secretPage(c, feed, view, "The endpoint has a new secret");
});

webhookActionRoutes.post("/feeds/:feed/webhooks/:endpoint/test", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const endpoint = await endpointOf(c, feed);
  await sendTestEvent(c.env.DB, c.env.DELIVERY_QUEUE, feed, endpoint, Date.now());
  return backToEndpoint(c, feed.slug, endpoint.id, "test-sent");
});

const DeliveryId = v.pipe(v.string(), v.regex(/^dlv_[0-9a-f]{24}$/));

webhookActionRoutes.post("/feeds/:feed/webhooks/:endpoint/deliveries/:delivery/redeliver", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const endpoint = await endpointOf(c, feed);
  const deliveryId = c.req.param("delivery");
  if (!v.is(DeliveryId, deliveryId)) {
    throw new FerryError("not_found", `There is no delivery ${deliveryId} for this webhook.`);
  }
  await redeliver(c.env.DB, c.env.DELIVERY_QUEUE, endpoint, deliveryId, Date.now());
  return backToEndpoint(c, feed.slug, endpoint.id, "redelivered");
});

webhookActionRoutes.post("/feeds/:feed/webhooks/:endpoint/replay", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const endpoint = await endpointOf(c, feed);
  const form = postedForm(c);
  const since = form.get("since") ?? "";
  const includeSucceeded = form.get("include_succeeded") === "true";
  try {
    const input = parseOrThrow(ReplayInput, {
      since: fromUtcInput(since.trim()),
      include_succeeded: includeSucceeded,
    });
    const { nextSinceMs } = await replaySince(
      c.env.DB,
      c.env.DELIVERY_QUEUE,
      endpoint,
      { sinceMs: input.since, includeSucceeded: input.include_succeeded },
      Date.now(),
    );
    if (nextSinceMs === null) return backToEndpoint(c, feed.slug, endpoint.id, "replayed");
    // The form on the page it leads to starts where this replay stopped.
    const next = `&since=${encodeURIComponent(formatRfc3339(nextSinceMs))}`;
    return backToEndpoint(c, feed.slug, endpoint.id, "replayed-partly", next);
  } catch (error) {
    if (!isFormProblem(error)) throw error;
    return webhookPage(c, feed, endpoint, {
      since,
      includeSucceeded,
      errors: formErrorsFrom(error, ["since"]),
    });
  }
});
