import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { insertEventStatement } from "../src/db/events";
import { findFeedBySlug } from "../src/db/feeds";
import {
  countValuesToReseal,
  listValuesToReseal,
  resealStatement,
  SEALED_COLUMNS,
} from "../src/db/sealed-columns";
import { readDeliveryConfig } from "../src/delivery/delivery-config";
import { createDeliveries } from "../src/delivery/fan-out";
import { processDeliveries } from "../src/delivery/process-delivery";
import { buildTestEvent } from "../src/domain/events";
import { importSecretKey, type SecretPurpose, sealSecret } from "../src/domain/secret-box";
import worker from "../src/index";
import { RESEAL_BATCH_ROWS, RESEAL_MAX_ROUNDS, resealSecrets } from "../src/maintenance/reseal-secrets";
import { publish } from "./support/articles";
import { runCron } from "./support/drain";
import { api, expectProblem } from "./support/http";
import { waitForIntent } from "./support/intents";
import type { ReceivedRequest } from "./support/received-request";
import { receivedBy, receiverUrl, waitForRequests } from "./support/receiver";
import {
  explainPlan,
  partialIndexNames,
  planProblems,
  recordingD1,
  tableAliases,
} from "./support/recording-d1";
import { createFeed, createToken, feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";
import { type EndpointBody, subscribe, verifyDelivery } from "./support/webhooks";
import { hmacHex, hub, posts, subscribed, topicOf } from "./support/websub";

// The key ids of the test keys in vitest.config.ts (first 8 hex digits of each key's SHA-256).
const CURRENT_KEY_ID = "ae216c2e";
const PREVIOUS_KEY_ID = "00e98867";

/** Ferry as deployed with other Worker secrets (none, or malformed ones). */
async function fetchWith(
  secrets: Partial<Record<"SECRETS_KEY" | "SECRETS_KEY_PREVIOUS", string>>,
  path: string,
  init?: RequestInit,
) {
  const ctx = createExecutionContext();
  const bare = { ...env, SECRETS_KEY: undefined, SECRETS_KEY_PREVIOUS: undefined, ...secrets };
  const response = await worker.fetch(new Request(`${ORIGIN}${path}`, init), bare, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Every row of every table Ferry writes, as one string. */
async function dumpEveryTable(): Promise<string> {
  const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{
    name: string;
  }>();
  const tables = results.map((r) => r.name).filter((name) => !/^(sqlite_|_cf_)/.test(name));
  expect(tables).toEqual(
    expect.arrayContaining([
      "webhook_endpoints",
      "websub_intents",
      "websub_subscriptions",
      "idempotency_keys",
    ]),
  );
  const rows = await Promise.all(tables.map((name) => env.DB.prepare(`SELECT * FROM "${name}"`).all()));
  return JSON.stringify(rows.map((r) => r.results));
}

async function health() {
  const response = await fetchWith(
    { SECRETS_KEY: env.SECRETS_KEY, SECRETS_KEY_PREVIOUS: env.SECRETS_KEY_PREVIOUS },
    "/healthz",
  );
  expect(response.status).toBe(200);
  return (await response.json()) as {
    secrets: { key_id: string; previous_key_id: string | null; to_reencrypt: number };
  };
}

/** Article `n` of a test: the sample under its own title and URL. */
const articleNo = (n: number) => ({
  ...SAMPLE_ARTICLE,
  title: `Article ${n}`,
  url: `${SAMPLE_ARTICLE.url}-${n}`,
});

/** Both subscribers get article `n`, the webhook verified by standardwebhooks, the push by its HMAC. */
async function expectSignedDeliveries(
  webhook: { receiverId: string; secret: string },
  websub: { id: string; secret: string },
  n: number,
) {
  const delivered = await waitForRequests(webhook.receiverId, (r) => r.length >= n);
  expect(verifyDelivery(delivered[n - 1] as ReceivedRequest, webhook.secret).data.title).toBe(`Article ${n}`);
  const pushed = posts(await waitForRequests(websub.id, (r) => posts(r).length >= n));
  const push = pushed[n - 1] as ReceivedRequest;
  expect(push.headers["x-hub-signature"]).toBe(`sha256=${await hmacHex(websub.secret, push.body)}`);
}

/** A webhook endpoint and a signed WebSub subscription on a fresh feed. */
async function subscribers() {
  const { slug, token } = await feedWithToken();
  const { endpoint, secret, receiverId } = await subscribe(slug, token);
  const hubSecret = `hub secret ${crypto.randomUUID()}`;
  const callback = await subscribed(slug, { "hub.secret": hubSecret }, "ok", topicOf(slug, "feed.json"));
  return {
    slug,
    token,
    webhook: { id: endpoint.id, receiverId, secret },
    websub: { id: callback.id, url: callback.url, secret: hubSecret },
  };
}

async function storedSecrets(endpointId: string, callbackUrl: string) {
  const endpoint = await env.DB.prepare("SELECT secret FROM webhook_endpoints WHERE public_id = ?")
    .bind(endpointId)
    .first<string>("secret");
  const subscription = await env.DB.prepare("SELECT secret FROM websub_subscriptions WHERE callback_url = ?")
    .bind(callbackUrl)
    .first<string>("secret");
  return [endpoint, subscription];
}

async function overwriteSecrets(endpointId: string, callbackUrl: string, values: [string, string]) {
  await env.DB.batch([
    env.DB.prepare("UPDATE webhook_endpoints SET secret = ? WHERE public_id = ?").bind(values[0], endpointId),
    env.DB.prepare("UPDATE websub_subscriptions SET secret = ? WHERE callback_url = ?").bind(
      values[1],
      callbackUrl,
    ),
  ]);
}

describe("secrets at rest", () => {
  it("keeps no webhook or WebSub secret in clear in any table, and every delivery still verifies", async () => {
    const { slug, token } = await feedWithToken();
    const target = receiverUrl("ok");
    const create = () =>
      api(`/v1/feeds/${slug}/webhooks`, {
        token,
        body: { url: target.url },
        headers: { "idempotency-key": `create-${slug}` },
      });
    const created = await create();
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const secret = ((await created.json()) as EndpointBody).secret as string;
    expect(secret).toMatch(/^whsec_/);
    const replayed = await create();
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");
    expect(replayed.headers.get("cache-control")).toBe("no-store");
    expect(((await replayed.json()) as EndpointBody).secret).toBe(secret);

    const hubSecret = `hub secret ${crypto.randomUUID()}`;
    const callback = await subscribed(slug, { "hub.secret": hubSecret }, "ok", topicOf(slug, "feed.json"));
    const dump = await dumpEveryTable();
    expect(dump).toContain(`enc:v1:${CURRENT_KEY_ID}:`);
    expect(dump).not.toContain(secret.slice("whsec_".length));
    expect(dump).not.toContain(hubSecret);

    await publish(slug, token, articleNo(1));
    await expectSignedDeliveries(
      { receiverId: target.id, secret },
      { id: callback.id, secret: hubSecret },
      1,
    );
  });

  it("keeps a pending WebSub intent's secret sealed, and drops it once the intent is settled", async () => {
    const { slug } = await feedWithToken();
    const hubSecret = `pending ${crypto.randomUUID()}`;
    // A callback that never echoes the challenge: the intent fails, after which it needs no secret.
    const callback = receiverUrl("deny");
    const response = await hub({
      "hub.mode": "subscribe",
      "hub.topic": topicOf(slug),
      "hub.callback": callback.url,
      "hub.secret": hubSecret,
    });
    expect(response.status).toBe(202);
    const intent = () =>
      env.DB.prepare("SELECT status, secret FROM websub_intents WHERE callback_url = ?")
        .bind(callback.url)
        .first<{ status: string; secret: string | null }>();
    const stored = await intent();
    expect(stored?.secret === null || stored?.secret?.startsWith(`enc:v1:${CURRENT_KEY_ID}:`)).toBe(true);
    await waitForIntent(callback.url, (row) => row.status !== "pending");
    expect(await intent()).toEqual({ status: "failed", secret: null });
  });

  it("rotating a webhook secret answers no-store, seals the new secret and signs with both", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, secret: old, receiverId } = await subscribe(slug, token);
    const response = await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/rotate-secret`, {
      token,
      method: "POST",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const fresh = ((await response.json()) as EndpointBody).secret as string;
    const row = await env.DB.prepare(
      "SELECT secret, previous_secret FROM webhook_endpoints WHERE public_id = ?",
    )
      .bind(endpoint.id)
      .first<{ secret: string; previous_secret: string }>();
    expect(row?.secret).toMatch(new RegExp(`^enc:v1:${CURRENT_KEY_ID}:`));
    expect(row?.previous_secret).toMatch(new RegExp(`^enc:v1:${CURRENT_KEY_ID}:`));
    expect(JSON.stringify(row)).not.toContain(fresh.slice("whsec_".length));
    await publish(slug, token, articleNo(1));
    const delivery = (await waitForRequests(receiverId, (r) => r.length >= 1))[0] as ReceivedRequest;
    expect((delivery.headers["webhook-signature"] as string).split(" ")).toHaveLength(2);
    expect(verifyDelivery(delivery, fresh).type).toBe("article.published");
    expect(verifyDelivery(delivery, old).type).toBe("article.published");
  });

  it("signs with secrets sealed under SECRETS_KEY_PREVIOUS until the cron re-encrypts them under SECRETS_KEY", async () => {
    const { slug, token, webhook, websub } = await subscribers();
    const previous = await importSecretKey(env.SECRETS_KEY_PREVIOUS as string, "SECRETS_KEY_PREVIOUS");
    const sealed = async (purpose: SecretPurpose, value: string) => sealSecret(previous, purpose, value);
    await overwriteSecrets(webhook.id, websub.url, [
      await sealed("webhook-secret", webhook.secret),
      await sealed("websub-secret", websub.secret),
    ]);
    const before = await health();
    expect(before.secrets).toMatchObject({ key_id: CURRENT_KEY_ID, previous_key_id: PREVIOUS_KEY_ID });
    expect(before.secrets.to_reencrypt).toBeGreaterThanOrEqual(2);
    await publish(slug, token, articleNo(1));
    await expectSignedDeliveries(webhook, websub, 1);

    await runCron();
    for (const stored of await storedSecrets(webhook.id, websub.url)) {
      expect(stored).toMatch(new RegExp(`^enc:v1:${CURRENT_KEY_ID}:`));
    }
    expect((await health()).secrets.to_reencrypt).toBe(0);
    await publish(slug, token, articleNo(2));
    await expectSignedDeliveries(webhook, websub, 2);
  });

  it("signs with secrets stored in clear before encryption, and the cron seals them", async () => {
    const { slug, token, webhook, websub } = await subscribers();
    await overwriteSecrets(webhook.id, websub.url, [webhook.secret, websub.secret]);
    expect((await health()).secrets.to_reencrypt).toBeGreaterThanOrEqual(2);
    await publish(slug, token, articleNo(1));
    await expectSignedDeliveries(webhook, websub, 1);

    await runCron();
    for (const stored of await storedSecrets(webhook.id, websub.url)) {
      expect(stored).toMatch(new RegExp(`^enc:v1:${CURRENT_KEY_ID}:`));
    }
    expect(await dumpEveryTable()).not.toContain(websub.secret);
    expect((await health()).secrets.to_reencrypt).toBe(0);
    await publish(slug, token, articleNo(2));
    await expectSignedDeliveries(webhook, websub, 2);
  });
});

describe("re-encryption by the cron", () => {
  it("re-encrypts at most RESEAL_MAX_ROUNDS × RESEAL_BATCH_ROWS values of a column per run, the rest next run", async () => {
    const slug = await createFeed();
    await resealSecrets(env); // whatever earlier tests left, so the counts below are this test's alone
    const rows = RESEAL_MAX_ROUNDS * RESEAL_BATCH_ROWS + 7;
    await env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?2)
       INSERT INTO websub_subscriptions (public_id, feed_id, topic_url, topic_format, callback_url, secret,
         lease_seconds, expires_at, state, created_at, updated_at)
       SELECT 'sub_bulk_' || ?1 || i, f.id, 'https://ferry.test/feeds/' || ?1 || '/rss.xml', 'rss',
         'https://bulk.example/' || i, 'clear secret ' || i, 3600, 0, 'expired', 0, 0
       FROM seq, feeds f WHERE f.slug = ?1`,
    )
      .bind(slug, rows)
      .run();
    const stillClear = () =>
      env.DB.prepare(
        "SELECT count(*) AS n FROM websub_subscriptions WHERE public_id LIKE ? AND secret NOT LIKE 'enc:v1:%'",
      )
        .bind(`sub_bulk_${slug}%`)
        .first<number>("n");
    const first = await resealSecrets(env);
    expect(first.resealed).toBe(RESEAL_MAX_ROUNDS * RESEAL_BATCH_ROWS);
    expect(await stillClear()).toBe(7);
    expect(first.remaining).toBe(7);
    const second = await resealSecrets(env);
    expect(second).toEqual({ resealed: 7, unreadable: 0, remaining: 0 });
    expect(await stillClear()).toBe(0);
    expect(await resealSecrets(env)).toEqual({ resealed: 0, unreadable: 0, remaining: null });
  });
});

describe("migration 0008", () => {
  it("strips the secret from webhook creations an Idempotency-Key record kept in clear, and nothing else", async () => {
    await createToken();
    const token = (await env.DB.prepare("SELECT max(id) AS id FROM api_tokens").first<number>(
      "id",
    )) as number;
    const legacy = JSON.stringify({
      id: "ep_legacy",
      url: "https://example.com/hook",
      secret: "whsec_c2VjcmV0",
    });
    const article = JSON.stringify({ id: "article", title: "whsec_ in a title is not a secret" });
    const insert = (key: string, body: string) =>
      env.DB.prepare(
        `INSERT INTO idempotency_keys (token_id, idempotency_key, request_hash, response_status, response_headers,
           response_body, created_at) VALUES (?, ?, 'hash', 201, '{}', ?, 0)`,
      ).bind(token, key, body);
    await env.DB.batch([
      insert("legacy-webhook", legacy),
      insert("legacy-article", article),
      insert("bad", "{"),
    ]);
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0008_"));
    const update = migration?.queries.find((q) => q.includes("json_remove"));
    if (!update) throw new Error("0008 has no idempotency update");
    await env.DB.prepare(update).run();
    const body = (key: string) =>
      env.DB.prepare("SELECT response_body FROM idempotency_keys WHERE idempotency_key = ?")
        .bind(key)
        .first<string>("response_body");
    expect(JSON.parse((await body("legacy-webhook")) as string)).toEqual({
      id: "ep_legacy",
      url: "https://example.com/hook",
    });
    expect(await body("legacy-article")).toBe(article);
    expect(await body("bad")).toBe("{");
  });
});

describe("without a usable SECRETS_KEY", () => {
  it("refuses to store a webhook or WebSub secret with 503, and stores nothing", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint } = await subscribe(slug, token);
    const before = await env.DB.prepare("SELECT * FROM webhook_endpoints WHERE public_id = ?")
      .bind(endpoint.id)
      .first();
    const target = receiverUrl("ok");
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const create = await fetchWith({}, `/v1/feeds/${slug}/webhooks`, {
      method: "POST",
      headers,
      body: JSON.stringify({ url: target.url }),
    });
    const problem = await expectProblem(create, 503);
    expect(problem.type).toBe("/problems/service_unavailable");
    expect(problem.detail).toContain("SECRETS_KEY is not set");
    const count = await env.DB.prepare(
      "SELECT count(*) AS n FROM webhook_endpoints e JOIN feeds f ON f.id = e.feed_id WHERE f.slug = ?",
    )
      .bind(slug)
      .first<number>("n");
    expect(count).toBe(1);

    const rotate = await fetchWith(
      { SECRETS_KEY: "too short" },
      `/v1/feeds/${slug}/webhooks/${endpoint.id}/rotate-secret`,
      {
        method: "POST",
        headers,
      },
    );
    expect((await expectProblem(rotate, 503)).detail).toContain("32 random bytes");
    expect(
      await env.DB.prepare("SELECT * FROM webhook_endpoints WHERE public_id = ?").bind(endpoint.id).first(),
    ).toEqual(before);

    const callback = receiverUrl("ok");
    const hubRequest = await fetchWith({}, "/websub", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        "hub.mode": "subscribe",
        "hub.topic": topicOf(slug),
        "hub.callback": callback.url,
        "hub.secret": "never stored",
      }).toString(),
    });
    expect((await expectProblem(hubRequest, 503)).type).toBe("/problems/service_unavailable");
    const intents = await env.DB.prepare("SELECT count(*) AS n FROM websub_intents WHERE callback_url = ?")
      .bind(callback.url)
      .first<number>("n");
    expect(intents).toBe(0);
  });

  it("reports the missing or malformed key in /healthz with 503", async () => {
    const missing = await expectProblem(await fetchWith({}, "/healthz"), 503);
    expect(missing.type).toBe("/problems/service_unavailable");
    expect(missing.detail).toContain("SECRETS_KEY is not set");
    const malformed = await fetchWith(
      { SECRETS_KEY: env.SECRETS_KEY, SECRETS_KEY_PREVIOUS: "abc" },
      "/healthz",
    );
    expect(malformed.headers.get("cache-control")).toBe("no-store");
    expect((await expectProblem(malformed, 503)).detail).toContain(
      "SECRETS_KEY_PREVIOUS must be 32 random bytes",
    );
    expect((await health()).secrets.key_id).toBe(CURRENT_KEY_ID);
  });

  it("fails a delivery it cannot sign without sending it, and sends it signed once the key is back", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, secret, receiverId } = await subscribe(slug, token);
    const feed = await findFeedBySlug(env.DB, slug);
    const endpointRow = await env.DB.prepare("SELECT id FROM webhook_endpoints WHERE public_id = ?")
      .bind(endpoint.id)
      .first<number>("id");
    const event = buildTestEvent(endpoint.id, slug, Date.now());
    // Fanned out here without the queue, so only this test attempts the delivery.
    await insertEventStatement(env.DB, feed?.rowId as number, event, endpointRow).run();
    await createDeliveries(env.DB, event.id);
    const deliveryId = (await env.DB.prepare(
      "SELECT d.id FROM deliveries d JOIN events ev ON ev.id = d.event_id WHERE ev.public_id = ?",
    )
      .bind(event.id)
      .first<number>("id")) as number;
    const config = readDeliveryConfig(env);

    const steps = await processDeliveries(env.DB, [deliveryId], { ...config, secretKeys: {} });
    expect(steps.get(deliveryId)?.next).toBe("again");
    const failed = await env.DB.prepare(
      "SELECT d.status, d.attempts, a.error FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id WHERE d.id = ?",
    )
      .bind(deliveryId)
      .first<{ status: string; attempts: number; error: string }>();
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed?.error).toContain("cannot sign");
    expect(failed?.error).toContain("SECRETS_KEY is not set");
    expect(await receivedBy(receiverId)).toEqual([]);

    await env.DB.prepare("UPDATE deliveries SET next_attempt_at = ? WHERE id = ?")
      .bind(Date.now(), deliveryId)
      .run();
    expect((await processDeliveries(env.DB, [deliveryId], config)).get(deliveryId)).toEqual({ next: "done" });
    const [request] = await waitForRequests(receiverId, (r) => r.length >= 1);
    expect(verifyDelivery(request as ReceivedRequest, secret).type).toBe("webhook.test");
  });
});

describe("re-encryption queries", () => {
  it("read only the rows still to do, through the 0008 header indexes", async () => {
    const { db, statements } = recordingD1();
    for (const column of SEALED_COLUMNS) {
      await listValuesToReseal(db, column, PREVIOUS_KEY_ID, 100);
      await resealStatement(
        db,
        column,
        `enc:v1:${PREVIOUS_KEY_ID}:x:y`,
        `enc:v1:${CURRENT_KEY_ID}:x:y`,
      ).run();
    }
    await countValuesToReseal(db, PREVIOUS_KEY_ID);
    await countValuesToReseal(db, null);
    const partial = await partialIndexNames(env.DB);
    for (const statement of statements) {
      const plan = await explainPlan(env.DB, statement);
      const details = plan.map((step) => step.detail);
      expect(
        planProblems(plan, partial, tableAliases(statement.sql)),
        `${statement.sql}\n${details.join("\n")}`,
      ).toEqual([]);
      expect(details.join("\n"), statement.sql).toMatch(/_header_idx/);
    }
  });
});
