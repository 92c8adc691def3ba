import { FerryError } from "../domain/problems";
import { type SecretKey, sealSecret } from "../domain/secret-box";
import { generateWebhookSecret } from "../domain/standard-webhooks";
import {
  newEndpointId,
  SECRET_ROTATION_OVERLAP_MS,
  type WebhookEndpoint,
  type WebhookInput,
  type WebhookPatch,
} from "../domain/webhook-endpoint";
import { filterFromInput, patchFilter } from "../domain/webhook-filter";
import { checkCallbackUrl, type GuardConfig } from "../outbound/ssrf-guard";

/**
 * Refuses destinations Ferry must never call, at subscription time (they are checked again before every
 * attempt): a refused address, and also a name that cannot be resolved now, since neither can be delivered to.
 */
export async function assertDeliverableUrl(url: string, config: GuardConfig): Promise<void> {
  const check = await checkCallbackUrl(url, config);
  if (!check.ok) {
    throw new FerryError("validation_failed", `The webhook URL cannot be used: ${check.reason}.`, {
      errors: [{ pointer: "/url", detail: check.reason }],
    });
  }
}

/** A new endpoint with its secret sealed under `key` for storage; `secret` is the clear one, shown once. */
export async function buildEndpoint(
  feedRowId: number,
  input: WebhookInput,
  nowMs: number,
  key: SecretKey,
): Promise<{ endpoint: Omit<WebhookEndpoint, "rowId">; secret: string }> {
  const secret = generateWebhookSecret();
  const endpoint = {
    id: newEndpointId(),
    feedRowId,
    url: input.url,
    description: input.description ?? null,
    eventTypes: input.events ?? null,
    filter: filterFromInput(input.filter),
    secret: await sealSecret(key, "webhook-secret", secret),
    previousSecret: null,
    previousSecretExpiresAt: null,
    paused: false,
    ordering: input.ordering ?? "unordered",
    rateLimitPerSecond: input.rate_limit_per_second ?? null,
    disabledAt: null,
    disabledReason: null,
    firstFailureAt: null,
    createdAt: nowMs,
    updatedAt: nowMs,
  };
  return { endpoint, secret };
}

/**
 * Applies a PATCH: absent members stay; `filter` merges into the current one (RFC 7396); resuming
 * (`paused: false`) also lifts a disable by Ferry.
 */
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
    filter: "filter" in raw ? patchFilter(endpoint.filter, patch.filter, raw.filter) : endpoint.filter,
    paused: patch.paused ?? endpoint.paused,
    ordering: "ordering" in raw ? (patch.ordering ?? "unordered") : endpoint.ordering,
    rateLimitPerSecond:
      "rate_limit_per_second" in raw ? (patch.rate_limit_per_second ?? null) : endpoint.rateLimitPerSecond,
    disabledAt: resumed ? null : endpoint.disabledAt,
    disabledReason: resumed ? null : endpoint.disabledReason,
    firstFailureAt: resumed ? null : endpoint.firstFailureAt,
    updatedAt: nowMs,
  };
}

/**
 * A new secret, sealed under `key`; the old one moves as stored (sealed for the same purpose) and keeps
 * signing beside it for SECRET_ROTATION_OVERLAP_MS. `secret` is the new one in clear, shown once.
 */
export async function rotateSecret(
  endpoint: WebhookEndpoint,
  nowMs: number,
  key: SecretKey,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const secret = generateWebhookSecret();
  const rotated = {
    ...endpoint,
    secret: await sealSecret(key, "webhook-secret", secret),
    previousSecret: endpoint.secret,
    previousSecretExpiresAt: nowMs + SECRET_ROTATION_OVERLAP_MS,
    updatedAt: nowMs,
  };
  return { endpoint: rotated, secret };
}
