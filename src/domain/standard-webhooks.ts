/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `${id}.${timestamp}.${body}`, sent as `v1,<base64>` in `webhook-signature`.
 */

const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;
const SIGNATURE_VERSION = "v1";

export interface SignWebhookInput {
  /** Unique per message and identical across retries, so receivers can deduplicate. */
  id: string;
  /** Integer epoch seconds of this attempt. */
  timestampSeconds: number;
  /** The exact body string that will be sent. */
  body: string;
  /** One or more `whsec_` secrets; several while a rotation is in progress. */
  secrets: string[];
}

export interface WebhookHeaders {
  "content-type": "application/json";
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** A fresh `whsec_` secret holding 32 random bytes. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + bytesToBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/** The full `webhook-signature` header value: one `v1,…` per secret, space-separated. */
export async function signWebhook(input: SignWebhookInput): Promise<string> {
  if (!Number.isSafeInteger(input.timestampSeconds) || input.timestampSeconds < 0) {
    throw new RangeError("timestampSeconds must be a non-negative integer");
  }
  if (input.secrets.length === 0) throw new Error("at least one webhook secret is required");
  const content = new TextEncoder().encode(`${input.id}.${input.timestampSeconds}.${input.body}`);
  const signatures = await Promise.all(
    input.secrets.map(async (secret) => {
      const key = await crypto.subtle.importKey(
        "raw",
        decodeSecret(secret),
        { name: "HMAC", hash: "SHA-256" },
        false,
        ["sign"],
      );
      const mac = await crypto.subtle.sign("HMAC", key, content);
      return `${SIGNATURE_VERSION},${bytesToBase64(new Uint8Array(mac))}`;
    }),
  );
  return signatures.join(" ");
}

/** Every header a Standard Webhooks delivery carries besides those `fetch` adds itself. */
export async function webhookHeaders(input: SignWebhookInput): Promise<WebhookHeaders> {
  return {
    "content-type": "application/json",
    "webhook-id": input.id,
    "webhook-timestamp": String(input.timestampSeconds),
    "webhook-signature": await signWebhook(input),
  };
}

function decodeSecret(secret: string): Uint8Array {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error("webhook secret must start with whsec_");
  let key: Uint8Array;
  try {
    key = base64ToBytes(secret.slice(SECRET_PREFIX.length));
  } catch {
    throw new Error("webhook secret is not valid base64");
  }
  if (key.byteLength === 0) throw new Error("webhook secret is empty");
  return key;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
