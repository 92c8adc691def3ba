import { checkCallbackUrl } from "../delivery/ssrf-guard";
import { generateWebhookSecret } from "../delivery/standard-webhooks";
import {
  newEndpointId,
  SECRET_ROTATION_OVERLAP_MS,
  type WebhookEndpoint,
  type WebhookInput,
  type WebhookPatch,
} from "../domain/webhook-endpoint";
import { FerryError } from "../http/problem";

/** Refuses destinations Ferry must never call, at subscription time (they are checked again at delivery). */
export function assertDeliverableUrl(url: string, allowInsecureLocal: boolean): void {
  const check = checkCallbackUrl(url, { allowInsecureLocal });
  if (!check.ok) {
    throw new FerryError("validation_failed", `The webhook URL cannot be used: ${check.reason}.`, {
      errors: [{ pointer: "/url", detail: check.reason }],
    });
  }
}

export function buildEndpoint(
  feedRowId: number,
  input: WebhookInput,
  nowMs: number,
): Omit<WebhookEndpoint, "rowId"> {
  return {
    id: newEndpointId(),
    feedRowId,
    url: input.url,
    description: input.description ?? null,
    eventTypes: input.events ?? null,
    secret: generateWebhookSecret(),
    previousSecret: null,
    previousSecretExpiresAt: null,
    paused: false,
    disabledAt: null,
    disabledReason: null,
    firstFailureAt: null,
    createdAt: nowMs,
    updatedAt: nowMs,
  };
}

/** Applies a PATCH: absent members stay; resuming (`paused: false`) also lifts a disable by Ferry. */
export function patchEndpoint(
  endpoint: WebhookEndpoint,
  patch: WebhookPatch,
  raw: Record<string, unknown>,
  nowMs: number,
): WebhookEndpoint {
  const resumed = patch.paused === false;
  return {
    ...endpoint,
    url: patch.url ?? endpoint.url,
    description: "description" in raw ? (patch.description ?? null) : endpoint.description,
    eventTypes: "events" in raw ? (patch.events ?? null) : endpoint.eventTypes,
    paused: patch.paused ?? endpoint.paused,
    disabledAt: resumed ? null : endpoint.disabledAt,
    disabledReason: resumed ? null : endpoint.disabledReason,
    firstFailureAt: resumed ? null : endpoint.firstFailureAt,
    updatedAt: nowMs,
  };
}

/** A new secret; the old one keeps signing beside it for SECRET_ROTATION_OVERLAP_MS. */
export function rotateSecret(endpoint: WebhookEndpoint, nowMs: number): WebhookEndpoint {
  return {
    ...endpoint,
    secret: generateWebhookSecret(),
    previousSecret: endpoint.secret,
    previousSecretExpiresAt: nowMs + SECRET_ROTATION_OVERLAP_MS,
    updatedAt: nowMs,
  };
}
