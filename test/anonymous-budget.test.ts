import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { readDeliveryConfig } from "../src/delivery/delivery-config";
import { verifyIntent } from "../src/delivery/websub-verify";
import { PENDING_INTENT_CAPS } from "../src/services/websub-intents";
import {
  actorName,
  documentFetches,
  ferryInbox,
  followActivity,
  SHARED_INBOX,
  signedPost,
  trustFerryActor,
} from "./support/activitypub";
import { recordingQueue, send } from "./support/fuzz/client";
import { type DbSnapshot, takeSnapshot } from "./support/fuzz/snapshot";
import { addressesFrom, sendWhenExhausted } from "./support/rate-limits";
import { createFeed, feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";

/**
 * One test per row of the README's table of anonymous routes: what one request may write to D1, queue (and so
 * send), and which per-address limit counts it. Requests go to the Worker's fetch handler with a recording queue,
 * so nothing runs behind the test's back and a snapshot of every table shows exactly what the request wrote.
 */

interface Cost {
  rowsWritten: number;
  queued: number;
  status: number;
}

/** Rows the request wrote: lines of the after-snapshot that the before-snapshot did not have, over every table. */
function countRows(before: DbSnapshot, after: DbSnapshot): number {
  return Object.entries(after).reduce((sum, [table, { rows }]) => {
    const was = new Set(before[table]?.rows.split("\n"));
    return sum + rows.split("\n").filter((row) => !was.has(row)).length;
  }, 0);
}

async function costOf(request: Request): Promise<Cost> {
  recordingQueue.take();
  const before = await takeSnapshot();
  const response = await send(request);
  await response.body?.cancel();
  return {
    rowsWritten: countRows(before, await takeSnapshot()),
    queued: recordingQueue.take().length,
    status: response.status,
  };
}

const get = (path: string, ip?: string) =>
  new Request(`${ORIGIN}${path}`, { headers: ip ? { "cf-connecting-ip": ip } : {} });
const hubPost = (params: string[][], ip?: string) =>
  new Request(`${ORIGIN}/websub`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(ip ? { "cf-connecting-ip": ip } : {}),
    },
    body: new URLSearchParams(params).toString(),
  });

let slug = "";
let token = "";
const freshIp = addressesFrom("198.18.0");

beforeAll(async () => {
  ({ slug, token } = await feedWithToken());
  const created = await send(
    new Request(`${ORIGIN}/v1/feeds/${slug}/articles`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ ...SAMPLE_ARTICLE, tags: ["budget"] }),
    }),
  );
  expect(created.status).toBe(201);
});

/** Uses up `ip`'s quota on `limiter`, then the request must be refused with 429 at no cost. */
async function expectLimited(limiter: RateLimit, ip: string, request: () => Request) {
  const cost = await sendWhenExhausted(
    limiter,
    `ip:${ip}`,
    () => costOf(request()),
    (c) => c.status === 429,
  );
  expect(cost).toMatchObject({ rowsWritten: 0, queued: 0 });
}

/** The README's rows for anonymous reads, each with paths that stand for it. */
const READ_ROWS: Record<string, (slug: string) => string[]> = {
  "feeds and their pages": (slug) => [
    `/feeds/${slug}/rss.xml`,
    `/feeds/${slug}/atom.xml`,
    `/feeds/${slug}/feed.json`,
    `/feeds/${slug}/tags/budget/rss.xml`,
    `/feeds/${slug}/authors/nobody/feed.json`,
    `/feeds/${slug}/?before=not-a-cursor`,
    `/feeds/${slug}/`,
    `/feeds/${slug}`,
    "/",
    "/opml.xml",
  ],
  "documents, problem pages and unknown paths": () => [
    "/docs",
    "/openapi.json",
    "/problems/not_found",
    "/no/such/page",
  ],
  "the health check": () => ["/healthz"],
  "ActivityPub discovery and documents": (slug) => [
    `/.well-known/webfinger?resource=acct:${slug}@ferry.test`,
    "/.well-known/webfinger?resource=acct:nobody@ferry.test",
    "/.well-known/host-meta",
    "/.well-known/nodeinfo",
    "/nodeinfo/2.1",
    `/feeds/${slug}/outbox`,
    `/feeds/${slug}/outbox/page`,
    `/feeds/${slug}/outbox/page?before=not-a-cursor`,
    `/feeds/${slug}/followers`,
    `/feeds/${slug}/articles/${crypto.randomUUID()}`,
    "/feeds/no-such-feed/actor",
  ],
  "the console without a session": (slug) => [
    "/console",
    "/console/sign-in",
    "/console/assets/console.0000000000000000.css",
    `/console/feeds/${slug}/articles`,
    "/console/no/such/page",
  ],
};

describe("anonymous reads", () => {
  for (const [row, paths] of Object.entries(READ_ROWS)) {
    it(`${row}: 0 rows written, 0 messages queued`, async () => {
      for (const path of paths(slug)) {
        const cost = await costOf(get(path, freshIp()));
        expect(cost.status, path).toBeLessThan(500);
        expect({ path, rowsWritten: cost.rowsWritten, queued: cost.queued }).toEqual({
          path,
          rowsWritten: 0,
          queued: 0,
        });
      }
    });
  }

  it("are all counted against PUBLIC_RATE_LIMIT_IP, and refused at no cost over it", async () => {
    const ip = freshIp();
    for (const path of Object.values(READ_ROWS).flatMap((paths) => paths(slug))) {
      await expectLimited(env.PUBLIC_RATE_LIMIT_IP as RateLimit, ip, () => get(path, ip));
    }
  });

  it("the API without a valid token: 0 rows, 0 messages, API_RATE_LIMIT_IP before any token lookup", async () => {
    const guess = (ip: string) =>
      new Request(`${ORIGIN}/v1/feeds/${slug}/articles`, {
        method: "POST",
        headers: {
          authorization: "Bearer fry_guess",
          "content-type": "application/json",
          "cf-connecting-ip": ip,
        },
        body: JSON.stringify(SAMPLE_ARTICLE),
      });
    expect(await costOf(guess(freshIp()))).toEqual({ rowsWritten: 0, queued: 0, status: 401 });
    const ip = freshIp();
    await expectLimited(env.API_RATE_LIMIT_IP as RateLimit, ip, () => guess(ip));
  });
});

describe("ActivityPub", () => {
  const activityJson = (path: string, ip?: string) =>
    new Request(`${ORIGIN}${path}`, {
      headers: { accept: "application/activity+json", ...(ip ? { "cf-connecting-ip": ip } : {}) },
    });

  it("the actor: 1 row (the feed's key pair) the first time it is read, 0 after", async () => {
    const fresh = await createFeed();
    expect(await costOf(activityJson(`/feeds/${fresh}/actor`))).toEqual({
      rowsWritten: 1,
      queued: 0,
      status: 200,
    });
    expect(await costOf(activityJson(`/feeds/${fresh}/actor`))).toEqual({
      rowsWritten: 0,
      queued: 0,
      status: 200,
    });
    const ip = freshIp();
    await expectLimited(env.PUBLIC_RATE_LIMIT_IP as RateLimit, ip, () =>
      activityJson(`/feeds/${fresh}/actor`, ip),
    );
  });

  it("an inbox POST that is not signed as it must be: 0 rows, 0 messages, no fetch", async () => {
    const name = actorName("budget");
    const follow = followActivity(name, slug);
    const stale = await signedPost(ferryInbox(slug), name, follow, { date: new Date(0).toUTCString() });
    expect(await costOf(stale)).toEqual({ rowsWritten: 0, queued: 0, status: 401 });
    const unsigned = new Request(SHARED_INBOX, {
      method: "POST",
      headers: { "content-type": "application/activity+json" },
      body: JSON.stringify(follow),
    });
    expect(await costOf(unsigned)).toEqual({ rowsWritten: 0, queued: 0, status: 401 });
    expect(await documentFetches(name)).toBe(0);
  });

  it("a signed Follow: at most 2 rows (follower, inbox) and 1 message (its Accept), 2 fetches for an unknown key", async () => {
    await trustFerryActor(slug);
    const name = actorName("keydoc");
    const follow = followActivity(name, slug);
    expect(await costOf(await signedPost(ferryInbox(slug), name, follow))).toEqual({
      rowsWritten: 2,
      queued: 1,
      status: 202,
    });
    // The key document, then its owner: two fetches, each through the SSRF guard; none for a key Ferry holds.
    expect(await documentFetches(name)).toBe(2);
    const again = followActivity(name, slug);
    expect(await costOf(await signedPost(SHARED_INBOX, name, again))).toMatchObject({
      queued: 1,
      status: 202,
    });
    expect(await documentFetches(name)).toBe(2);
  });

  it("is counted against INBOX_RATE_LIMIT_IP, and refused at no cost over it", async () => {
    const name = actorName("budget");
    const ip = freshIp();
    const post = async () => {
      const request = await signedPost(ferryInbox(slug), name, followActivity(name, slug));
      request.headers.set("cf-connecting-ip", ip);
      return request;
    };
    const request = await post();
    await expectLimited(env.INBOX_RATE_LIMIT_IP as RateLimit, ip, () => request.clone());
  });
});

describe("the console's sign-in", () => {
  const signIn = (secret: string, headers: Record<string, string> = {}) =>
    new Request(`${ORIGIN}/console/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, ...headers },
      body: new URLSearchParams({ token: secret }).toString(),
    });

  it("0 rows for a wrong token or a form from another site, 1 row (the session) for a live token", async () => {
    expect(await costOf(signIn("fry_guess"))).toEqual({ rowsWritten: 0, queued: 0, status: 401 });
    expect(await costOf(signIn(token, { origin: "https://elsewhere.example" }))).toEqual({
      rowsWritten: 0,
      queued: 0,
      status: 403,
    });
    expect(await costOf(signIn(token))).toEqual({ rowsWritten: 1, queued: 0, status: 303 });
  });

  it("is counted against API_RATE_LIMIT_IP before any token lookup, like the API without a token", async () => {
    const ip = freshIp();
    await expectLimited(env.API_RATE_LIMIT_IP as RateLimit, ip, () =>
      signIn("fry_guess", { "cf-connecting-ip": ip }),
    );
  });
});

describe("the public hub", () => {
  it("subscribe: at most 1 row and 1 verification message, none when the same request is pending", async () => {
    // A public address literal: no name to resolve, and the recording queue keeps the verification from running.
    const callback = `https://93.184.216.34/budget/${crypto.randomUUID()}`;
    const params = [
      ["hub.mode", "subscribe"],
      ["hub.topic", `${ORIGIN}/feeds/${slug}/rss.xml`],
      ["hub.callback", callback],
    ];
    expect(await costOf(hubPost(params))).toEqual({ rowsWritten: 1, queued: 1, status: 202 });
    expect(await costOf(hubPost(params))).toEqual({ rowsWritten: 0, queued: 0, status: 202 });
    const ip = freshIp();
    await expectLimited(env.HUB_RATE_LIMIT_IP as RateLimit, ip, () => hubPost(params, ip));
  });

  it("subscribe: its verification sends at most 3 requests, then the intent is settled for good", async () => {
    // Port 9 on loopback refuses connections: every attempt fails in a way that is retried.
    const callback = `http://127.0.0.1:9/budget/${crypto.randomUUID()}`;
    const params = [
      ["hub.mode", "subscribe"],
      ["hub.topic", `${ORIGIN}/feeds/${slug}/atom.xml`],
      ["hub.callback", callback],
    ];
    expect(await costOf(hubPost(params))).toMatchObject({ rowsWritten: 1, queued: 1 });
    const intentId = (await env.DB.prepare("SELECT id FROM websub_intents WHERE callback_url = ?")
      .bind(callback)
      .first<number>("id")) as number;
    const steps = [];
    for (let i = 0; i < 5; i++)
      steps.push((await verifyIntent(env.DB, intentId, readDeliveryConfig(env))).next);
    expect(steps).toEqual(["again", "again", "done", "done", "done"]);
    const intent = await env.DB.prepare("SELECT status, attempts FROM websub_intents WHERE id = ?")
      .bind(intentId)
      .first();
    expect(intent).toEqual({ status: "failed", attempts: 3 });
  });

  it(`subscribe: at most ${PENDING_INTENT_CAPS.perCallbackHost} pending verifications per callback host`, async () => {
    const host = "93.184.216.35";
    const subscribe = (i: number) =>
      hubPost([
        ["hub.mode", "subscribe"],
        ["hub.topic", `${ORIGIN}/feeds/${slug}/rss.xml`],
        ["hub.callback", `https://${host}/${i}`],
      ]);
    for (let i = 0; i < PENDING_INTENT_CAPS.perCallbackHost; i++) {
      expect(await costOf(subscribe(i))).toEqual({ rowsWritten: 1, queued: 1, status: 202 });
    }
    expect(await costOf(subscribe(-1))).toEqual({ rowsWritten: 0, queued: 0, status: 429 });
  });

  it("publish: 0 rows for unchanged or unsubscribed topics, at most 2 rows and 1 message per changed topic", async () => {
    const topic = `${ORIGIN}/feeds/${slug}/feed.json`;
    const now = Date.now();
    await env.DB.prepare(
      `INSERT INTO websub_subscriptions (public_id, feed_id, topic_url, topic_format, callback_url, lease_seconds,
         expires_at, state, created_at, updated_at)
       SELECT ?, id, ?, 'json', 'https://subscriber.example/budget-push', 864000, ?, 'active', ?, ? FROM feeds WHERE slug = ?`,
    )
      .bind(`sub_budget${crypto.randomUUID().slice(0, 8)}`, topic, now + 864_000_000, now, now, slug)
      .run();
    const others = Array.from({ length: 19 }, (_, i) => [
      "hub.url",
      `${ORIGIN}/feeds/${slug}/tags/t${i}/rss.xml`,
    ]);
    const ping = [["hub.mode", "publish"], ["hub.url", topic], ...others];
    expect(await costOf(hubPost(ping))).toEqual({ rowsWritten: 2, queued: 1, status: 202 });
    expect(await costOf(hubPost(ping))).toEqual({ rowsWritten: 0, queued: 0, status: 202 });
    const ip = freshIp();
    await expectLimited(env.HUB_RATE_LIMIT_IP as RateLimit, ip, () => hubPost(ping, ip));
  });
});
