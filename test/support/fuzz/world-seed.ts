import { env } from "cloudflare:test";
import { grantFeedStatement, insertTokenStatement } from "../../../src/db/tokens";
import { generateApiToken, hashApiToken, type TokenRole } from "../../../src/domain/tokens";
import { MAIN_FEED, ORIGIN } from "../../fuzz/arbitraries/names";
import { send } from "./client";

/** A token the fuzzers hold, and how many requests it has made. */
export interface PoolToken {
  publicId: string;
  secret: string;
  uses: number;
}

/** Creates a token directly in D1 (null feeds = every feed). */
export async function mintToken(
  role: TokenRole,
  feeds: string[] | null,
  options: { expiresAt?: number } = {},
): Promise<PoolToken> {
  const secret = generateApiToken();
  const publicId = crypto.randomUUID();
  await env.DB.batch([
    insertTokenStatement(env.DB, {
      publicId,
      tokenHash: await hashApiToken(secret),
      label: `fuzz ${role}`,
      role,
      allFeeds: feeds === null,
      createdAt: Date.now(),
      expiresAt: options.expiresAt ?? null,
    }),
    ...(feeds ?? []).map((slug) => grantFeedStatement(env.DB, publicId, slug)),
  ]);
  return { publicId, secret, uses: 0 };
}

/** A request as the admin token, for seeding; anything but a success is a broken harness. */
export async function adminRequest(
  secret: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await send(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  const text = await response.text();
  if (response.status >= 300) throw new Error(`seeding ${method} ${path}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function seedArticle(
  secret: string,
  slug: string,
  article: Record<string, unknown>,
): Promise<string> {
  return String((await adminRequest(secret, "POST", `/v1/feeds/${slug}/articles`, article)).id);
}

export async function seedEndpoint(secret: string, slug: string): Promise<string> {
  return String(
    (await adminRequest(secret, "POST", `/v1/feeds/${slug}/webhooks`, { url: "https://example.com/seeded" }))
      .id,
  );
}

const DELIVERY_STATES = ["dead", "succeeded", "pending", "cancelled"] as const;

/** One delivery in each state for the endpoint (each of its own test event: deliveries are unique per pair). */
export async function seedDeliveries(
  endpointId: string,
): Promise<Record<(typeof DELIVERY_STATES)[number], string>> {
  const now = Date.now();
  const ids = {} as Record<(typeof DELIVERY_STATES)[number], string>;
  for (const status of DELIVERY_STATES) {
    const eventId = `msg_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
    ids[status] = `dlv_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
    await env.DB.batch([
      env.DB.prepare(
        `INSERT INTO events (public_id, feed_id, type, payload, created_at, fanned_out_at)
         SELECT ?, id, 'webhook.test', '{"type":"webhook.test"}', ?, ? FROM feeds WHERE slug = ?`,
      ).bind(eventId, now - 60_000, now - 60_000, MAIN_FEED),
      env.DB.prepare(
        `INSERT INTO deliveries (public_id, event_id, endpoint_id, status, attempts, next_attempt_at, created_at, updated_at)
         SELECT ?, ev.id, e.id, ?, 3, ?, ?, ? FROM events ev, webhook_endpoints e WHERE ev.public_id = ? AND e.public_id = ?`,
      ).bind(ids[status], status, now + 3_600_000, now - 60_000, now - 60_000, eventId, endpointId),
    ]);
  }
  return ids;
}

/** An active WebSub subscription to the main feed's RSS, for the subscriptions API. */
export async function seedSubscription(): Promise<string> {
  const id = `sub_${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
  const now = Date.now();
  await env.DB.prepare(
    `INSERT INTO websub_subscriptions (public_id, feed_id, topic_url, topic_format, callback_url, lease_seconds, expires_at,
       state, created_at, updated_at)
     SELECT ?, id, ?, 'rss', 'https://example.com/websub/seeded', 864000, ?, 'active', ?, ? FROM feeds WHERE slug = ?`,
  )
    .bind(id, `${ORIGIN}/feeds/${MAIN_FEED}/rss.xml`, now + 864_000_000, now, now, MAIN_FEED)
    .run();
  return id;
}
