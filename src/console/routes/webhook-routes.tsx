import { Hono } from "hono";
import { listEndpoints } from "../../db/webhook-endpoints";
import type { WebhookOutput } from "../../domain/delivery-schemas";
import type { Feed } from "../../domain/feed";
import { roleAllows } from "../../domain/tokens";
import { toWebhookView, WebhookInput, WebhookPatch } from "../../domain/webhook-endpoint";
import { authorizeFeed } from "../../http/auth";
import { commitIdempotently, commitWrite } from "../../http/idempotency";
import { loadEndpoint } from "../../http/load-endpoint";
import { keysForSealing } from "../../http/secret-sealing";
import { parseOrThrow } from "../../http/validate";
import { readGuardConfig } from "../../outbound/ssrf-guard";
import { assertDeliverableUrl } from "../../services/webhook-endpoints";
import { deleteWebhook, prepareCreateWebhook, prepareUpdateWebhook } from "../../services/webhook-writes";
import { type ConsoleContext, type ConsoleHono, csrfToken, pageState, postedForm } from "../console-env";
import { type FormErrors, formErrorsFrom, isFormProblem, NO_ERRORS } from "../forms/form-errors";
import { formIdempotencyKey, newFormIdempotencyKey } from "../forms/idempotency-key";
import {
  EMPTY_WEBHOOK_VALUES,
  WEBHOOK_FORM_FIELDS,
  type WebhookFormValues,
  webhookBodyFromValues,
  webhookFieldOf,
  webhookValuesFromEndpoint,
  webhookValuesFromForm,
} from "../forms/webhook-form";
import { noticeText } from "../notices";
import { ConfirmPage } from "../pages/confirm-page";
import { SecretPage } from "../pages/secret-page";
import { WebhookFormPage } from "../pages/webhook-form-page";
import { WebhooksPage } from "../pages/webhooks-page";
import { consolePaths, withNotice } from "../paths";
import { webhookPage } from "./webhook-detail";

/** A feed's webhook endpoints: the list, one endpoint's page, subscribing, editing and deleting. */
export const webhookRoutes = new Hono<ConsoleHono>();

const slugOf = (c: ConsoleContext) => c.req.param("feed") ?? "";
export const endpointOf = (c: ConsoleContext, feed: Feed) =>
  loadEndpoint(c, feed, c.req.param("endpoint") ?? "");
const toErrors = (error: Parameters<typeof formErrorsFrom>[0]) =>
  formErrorsFrom(error, WEBHOOK_FORM_FIELDS, webhookFieldOf);

webhookRoutes.get("/feeds/:feed/webhooks", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "read");
  const nowMs = Date.now();
  const endpoints = await listEndpoints(c.env.DB, feed.rowId);
  return c.html(
    <WebhooksPage
      state={pageState(c)}
      feed={feed}
      endpoints={endpoints.map((e) => toWebhookView(e, feed.slug, { nowMs }))}
      canWrite={roleAllows(c.get("grant").role, "write")}
      notice={noticeText(c.req.query("notice"))}
    />,
  );
});

function formPage(
  c: ConsoleContext,
  feed: Feed,
  view: { values: WebhookFormValues; errors: FormErrors },
  target: { create: { idempotencyKey: string } } | { edit: { id: string } },
) {
  return c.html(
    <WebhookFormPage state={pageState(c)} feed={feed} csrfToken={csrfToken(c)} {...view} {...target} />,
    view.errors.status,
  );
}

/** The signing secret of an endpoint just subscribed or rotated: shown once. */
export function secretPage(c: ConsoleContext, feed: Feed, view: WebhookOutput, heading: string) {
  return c.html(
    <SecretPage
      state={pageState(c)}
      feed={feed}
      heading={heading}
      label="the signing secret"
      secret={view.secret ?? ""}
      next={{ href: consolePaths.webhook(feed.slug, view.id), label: "Go to the endpoint" }}
    >
      <p>
        Ferry signs every request to <code>{view.url}</code> with this secret (Standard Webhooks). Give it to
        the receiver, which verifies each <code>webhook-signature</code> with it. Ferry keeps it encrypted and
        never shows it again; if it is lost, rotate it.
      </p>
    </SecretPage>,
  );
}

webhookRoutes.get("/feeds/:feed/webhooks/new", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  return formPage(
    c,
    feed,
    { values: EMPTY_WEBHOOK_VALUES, errors: NO_ERRORS },
    { create: { idempotencyKey: newFormIdempotencyKey() } },
  );
});

webhookRoutes.post("/feeds/:feed/webhooks", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const form = postedForm(c);
  const values = webhookValuesFromForm(form);
  const key = formIdempotencyKey(form) ?? newFormIdempotencyKey();
  try {
    const body = webhookBodyFromValues(values);
    const input = parseOrThrow(WebhookInput, body);
    await assertDeliverableUrl(input.url, readGuardConfig(c.env));
    const keys = await keysForSealing(c.env);
    // The API's create, to the letter: a form sent twice replays the first answer, secret included.
    const request = {
      tokenRowId: c.get("grant").tokenRowId,
      key,
      method: "POST",
      path: `/v1/feeds/${feed.slug}/webhooks`,
      body: JSON.stringify(body),
      sealing: keys,
    };
    const response = await commitIdempotently(c.env.DB, request, () =>
      prepareCreateWebhook(c.env.DB, feed, input, Date.now(), keys.key),
    );
    return secretPage(c, feed, (await response.json()) as WebhookOutput, "The endpoint is subscribed");
  } catch (error) {
    if (!isFormProblem(error)) throw error;
    return formPage(c, feed, { values, errors: toErrors(error) }, { create: { idempotencyKey: key } });
  }
});

webhookRoutes.get("/feeds/:feed/webhooks/:endpoint", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "read");
  return webhookPage(c, feed, await endpointOf(c, feed));
});

webhookRoutes.get("/feeds/:feed/webhooks/:endpoint/edit", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const endpoint = await endpointOf(c, feed);
  return formPage(
    c,
    feed,
    { values: webhookValuesFromEndpoint(endpoint), errors: NO_ERRORS },
    { edit: { id: endpoint.id } },
  );
});

webhookRoutes.post("/feeds/:feed/webhooks/:endpoint/edit", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const endpoint = await endpointOf(c, feed);
  const values = webhookValuesFromForm(postedForm(c));
  try {
    // A PATCH that names every field the form shows, validated and applied as the API applies one.
    const body = webhookBodyFromValues(values);
    const patch = parseOrThrow(WebhookPatch, body);
    if (patch.url) await assertDeliverableUrl(patch.url, readGuardConfig(c.env));
    const { write } = prepareUpdateWebhook(c.env.DB, feed, endpoint, patch, body, Date.now());
    await commitWrite(c.env.DB, write);
    return c.redirect(withNotice(consolePaths.webhook(feed.slug, endpoint.id), "webhook-saved"), 303);
  } catch (error) {
    if (!isFormProblem(error)) throw error;
    return formPage(c, feed, { values, errors: toErrors(error) }, { edit: { id: endpoint.id } });
  }
});

webhookRoutes.get("/feeds/:feed/webhooks/:endpoint/delete", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  const endpoint = await endpointOf(c, feed);
  return c.html(
    <ConfirmPage
      state={pageState(c)}
      feed={feed}
      heading="Delete this endpoint?"
      action={consolePaths.webhookAction(feed.slug, endpoint.id, "delete")}
      confirmLabel="Delete the endpoint"
      cancel={{ href: consolePaths.webhook(feed.slug, endpoint.id), label: "Back to the endpoint" }}
      csrfToken={csrfToken(c)}
    >
      <p>
        <code>{endpoint.url}</code> gets nothing more from this feed: its pending deliveries are cancelled and
        its secret stops signing. To stop for a while instead, pause it.
      </p>
    </ConfirmPage>,
  );
});

webhookRoutes.post("/feeds/:feed/webhooks/:endpoint/delete", async (c) => {
  const feed = await authorizeFeed(c, slugOf(c), "write");
  await deleteWebhook(c.env.DB, await endpointOf(c, feed), Date.now());
  return c.redirect(withNotice(consolePaths.webhooks(feed.slug), "webhook-deleted"), 303);
});
