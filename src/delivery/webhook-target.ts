import type { DeliveryContext } from "../db/delivery-context";
import { recordEndpointHealthStatement } from "../db/webhook-endpoints";
import { openSecret, type SecretKey } from "../domain/secret-box";
import { webhookHeaders } from "../domain/standard-webhooks";
import { signingSecrets, type WebhookEndpoint } from "../domain/webhook-endpoint";
import type { DeliveryOutcome } from "./retry-policy";
import { shouldDisableEndpoint } from "./retry-policy";
import type { OutboundRequest } from "./send-attempt";

/** Whether a webhook delivery may be attempted: deleted endpoints cancel, paused or disabled ones hold. */
export function webhookReadiness(endpoint: WebhookEndpoint, deleted: boolean): "ready" | "hold" | "cancel" {
  if (deleted) return "cancel";
  return endpoint.paused || endpoint.disabledAt !== null ? "hold" : "ready";
}

/**
 * The Standard Webhooks request: the event's stored payload, signed with every current secret, each opened
 * with `keys` only for this signature. Throws SecretKeyError when one does not open.
 */
export async function webhookRequest(
  ctx: DeliveryContext,
  endpoint: WebhookEndpoint,
  keys: readonly SecretKey[],
  nowMs: number,
): Promise<OutboundRequest> {
  const secrets = await Promise.all(
    signingSecrets(endpoint, nowMs).map((stored) => openSecret(keys, "webhook-secret", stored)),
  );
  const headers = await webhookHeaders({
    id: ctx.eventId,
    timestampSeconds: Math.floor(nowMs / 1000),
    body: ctx.payload,
    secrets,
  });
  return { url: endpoint.url, headers: { ...headers }, body: ctx.payload };
}

/** Endpoint health after an attempt: 410 disables at once, five days of failures disable too. */
export function webhookAfterAttempt(
  db: D1Database,
  endpoint: WebhookEndpoint,
  outcome: DeliveryOutcome,
  nowMs: number,
): D1PreparedStatement[] {
  const disableReason =
    outcome.kind === "disable"
      ? "The endpoint answered 410 Gone."
      : outcome.kind !== "success" && shouldDisableEndpoint(endpoint.firstFailureAt, nowMs)
        ? "Every delivery failed for 5 days."
        : null;
  return [
    recordEndpointHealthStatement(db, endpoint.rowId, {
      succeeded: outcome.kind === "success",
      nowMs,
      disableReason,
    }),
  ];
}
