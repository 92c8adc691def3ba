import { Webhook } from "standardwebhooks";
import { expect } from "vitest";
import { eventually } from "./eventually";
import { api } from "./http";
import type { ReceivedRequest } from "./received-request";
import { receiverUrl } from "./receiver";

export interface EndpointBody {
  id: string;
  url: string;
  secret?: string;
  events: string[] | null;
  filter: { tags: string[] | null; authors: string[] | null } | null;
  paused: boolean;
  ordering: "unordered" | "fifo";
  rate_limit_per_second: number | null;
  disabled: { at: string; reason: string } | null;
}

/** Subscribes a fresh receiver path with `behaviour` to the feed and returns the endpoint and its secret. */
export async function subscribe(
  slug: string,
  token: string,
  behaviour = "ok",
  extra: Record<string, unknown> = {},
) {
  const target = receiverUrl(behaviour);
  const response = await api(`/v1/feeds/${slug}/webhooks`, { token, body: { url: target.url, ...extra } });
  expect(response.status).toBe(201);
  const endpoint = (await response.json()) as EndpointBody;
  return { endpoint, secret: endpoint.secret as string, receiverId: target.id };
}

/** Verifies a received request with the independent `standardwebhooks` package and returns its payload. */
export function verifyDelivery(request: ReceivedRequest, secret: string) {
  const payload = new Webhook(secret).verify(request.body, {
    "webhook-id": request.headers["webhook-id"] as string,
    "webhook-timestamp": request.headers["webhook-timestamp"] as string,
    "webhook-signature": request.headers["webhook-signature"] as string,
  }) as { type: string; timestamp: string; data: Record<string, unknown> };
  return payload;
}

/** An endpoint's delivery log as the API answers it, newest delivery first. */
export interface DeliveryLog {
  items: {
    id: string;
    event_id: string;
    event_type: string;
    status: string;
    attempts: number;
    attempt_log: {
      attempt: number;
      response_status: number | null;
      duration_ms: number;
      error: string | null;
    }[];
  }[];
}

export async function deliveryLog(slug: string, token: string, endpointId: string): Promise<DeliveryLog> {
  const response = await api(`/v1/feeds/${slug}/webhooks/${endpointId}/deliveries`, { token });
  expect(response.status).toBe(200);
  return (await response.json()) as DeliveryLog;
}

/** Polls an endpoint's delivery log until `done` holds. */
export function waitForLog(
  slug: string,
  token: string,
  endpointId: string,
  done: (log: DeliveryLog) => boolean,
): Promise<DeliveryLog> {
  return eventually(
    `delivery log of ${endpointId}`,
    () => deliveryLog(slug, token, endpointId),
    done,
    25_000,
  );
}
