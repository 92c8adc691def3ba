import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from "cloudflare:test";
import { XMLValidator } from "fast-xml-parser";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { api, expectProblem, pointers } from "./support/http";
import type { ReceivedRequest } from "./support/received-request";
import { receivedBy, receiverUrl, waitForRequests } from "./support/receiver";
import { feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";

function hub(params: Record<string, string>, contentType = "application/x-www-form-urlencoded") {
  return SELF.fetch(`${ORIGIN}/websub`, {
    method: "POST",
    headers: { "content-type": contentType },
    body: new URLSearchParams(params).toString(),
  });
}

const topicOf = (slug: string, file = "rss.xml") => `${ORIGIN}/feeds/${slug}/${file}`;
const posts = (requests: ReceivedRequest[]) => requests.filter((r) => r.method === "POST");
const verifications = (requests: ReceivedRequest[]) => requests.filter((r) => r.method === "GET");

/** Subscribes a fresh callback and waits until the hub has verified it. */
async function subscribed(
  slug: string,
  extra: Record<string, string> = {},
  behaviour = "ok",
  topic = topicOf(slug),
) {
  const callback = receiverUrl(behaviour);
  const response = await hub({
    "hub.mode": "subscribe",
    "hub.topic": topic,
    "hub.callback": callback.url,
    ...extra,
  });
  expect(response.status).toBe(202);
  await waitForRequests(callback.id, (r) => verifications(r).length >= 1);
  await waitForActive(callback.url);
  return callback;
}

async function waitForActive(callbackUrl: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const row = await env.DB.prepare("SELECT state FROM websub_subscriptions WHERE callback_url = ?")
      .bind(callbackUrl)
      .first("state");
    if (row === "active") return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`subscription for ${callbackUrl} never became active`);
}

async function hmacHex(secret: string, body: string) {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController(), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe.concurrent("WebSub hub (websub.rocks hub scenarios)", () => {
  it("100: plain subscription is verified, then an unsigned fat ping carries the new article", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug);
    const [verification] = verifications(await receivedBy(callback.id));
    const query = new URL(verification?.path as string, "http://x").searchParams;
    expect(query.get("hub.mode")).toBe("subscribe");
    expect(query.get("hub.topic")).toBe(topicOf(slug));
    expect(Number(query.get("hub.lease_seconds"))).toBe(10 * 24 * 3600);
    await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    const [push] = posts(await waitForRequests(callback.id, (r) => posts(r).length >= 1));
    expect(push?.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
    expect(push?.headers.link).toContain(`<${ORIGIN}/websub>; rel="hub"`);
    expect(push?.headers.link).toContain(`<${topicOf(slug)}>; rel="self"`);
    expect(push?.headers["x-hub-signature"]).toBeUndefined();
    expect(XMLValidator.validate(push?.body as string)).toBe(true);
    expect(parseRssFeed(push?.body as string).items?.[0]?.title).toBe(SAMPLE_ARTICLE.title);
  });

  it("101: with hub.secret every push is signed with sha256 HMAC of the body", async () => {
    const { slug, token } = await feedWithToken();
    const secret = "a secret of the subscriber";
    const callback = await subscribed(slug, { "hub.secret": secret }, "ok", topicOf(slug, "feed.json"));
    await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    const [push] = posts(await waitForRequests(callback.id, (r) => posts(r).length >= 1));
    expect(push?.headers["content-type"]).toBe("application/feed+json; charset=utf-8");
    expect(push?.headers["x-hub-signature"]).toBe(`sha256=${await hmacHex(secret, push?.body as string)}`);
    expect(JSON.parse(push?.body as string).items[0].title).toBe(SAMPLE_ARTICLE.title);
  });

  it("102: unknown parameters are ignored", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug, { "hub.foo": "bar", utm: "x" });
    await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    await waitForRequests(callback.id, (r) => posts(r).length >= 1);
  });

  it("103: re-subscribing updates the subscription instead of duplicating it", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug, { "hub.lease_seconds": "7200" });
    await hub({
      "hub.mode": "subscribe",
      "hub.topic": topicOf(slug),
      "hub.callback": callback.url,
      "hub.lease_seconds": "86400",
    });
    await waitForRequests(callback.id, (r) => verifications(r).length >= 2);
    const deadline = Date.now() + 5000;
    let lease = 0;
    while (Date.now() < deadline && lease !== 86400) {
      lease = (await env.DB.prepare("SELECT lease_seconds FROM websub_subscriptions WHERE callback_url = ?")
        .bind(callback.url)
        .first("lease_seconds")) as number;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lease).toBe(86400);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM websub_subscriptions WHERE callback_url = ?")
      .bind(callback.url)
      .first("n");
    expect(rows).toBe(1);
    await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    await waitForRequests(callback.id, (r) => posts(r).length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(posts(await receivedBy(callback.id))).toHaveLength(1);
  });

  it("104: a verified unsubscribe stops notifications", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug);
    expect(
      (await hub({ "hub.mode": "unsubscribe", "hub.topic": topicOf(slug), "hub.callback": callback.url }))
        .status,
    ).toBe(202);
    const requests = await waitForRequests(callback.id, (r) => verifications(r).length >= 2);
    expect(new URL(verifications(requests)[1]?.path as string, "http://x").searchParams.get("hub.mode")).toBe(
      "unsubscribe",
    );
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const state = await env.DB.prepare("SELECT state FROM websub_subscriptions WHERE callback_url = ?")
        .bind(callback.url)
        .first("state");
      if (state === "unsubscribed") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(posts(await receivedBy(callback.id))).toHaveLength(0);
  });
});

describe.concurrent("WebSub hub rules", () => {
  it("is advertised by every subscribable feed: Link headers, atom:link in RSS and Atom, hubs in JSON Feed", async () => {
    const { slug } = await feedWithToken();
    const hubUrl = `${ORIGIN}/websub`;
    const linkOf = (path: string) => `<${hubUrl}>; rel="hub", <${ORIGIN}${path}>; rel="self"`;
    const fetchFeed = async (path: string) => {
      const response = await SELF.fetch(`${ORIGIN}${path}`);
      expect(response.headers.get("link"), path).toBe(linkOf(path));
      return response.text();
    };
    const rss = parseRssFeed(await fetchFeed(`/feeds/${slug}/rss.xml`));
    expect(rss.atom?.links?.find((l) => l.rel === "hub")?.href).toBe(hubUrl);
    const tagRss = parseRssFeed(await fetchFeed(`/feeds/${slug}/tags/film/rss.xml`));
    expect(tagRss.atom?.links?.find((l) => l.rel === "hub")?.href).toBe(hubUrl);
    const atom = parseAtomFeed(await fetchFeed(`/feeds/${slug}/atom.xml`));
    expect(atom.links?.find((l) => l.rel === "hub")?.href).toBe(hubUrl);
    const json = JSON.parse(await fetchFeed(`/feeds/${slug}/feed.json`));
    expect(json.hubs).toEqual([{ type: "WebSub", url: hubUrl }]);
  });

  it("answers 4xx for a topic that is not one of this instance's feeds", async () => {
    const callback = receiverUrl("ok");
    const foreign = await hub({
      "hub.mode": "subscribe",
      "hub.topic": "https://elsewhere.example/feed.xml",
      "hub.callback": callback.url,
    });
    expect(pointers(await expectProblem(foreign, 400))).toEqual(["/hub.topic"]);
    const missing = await hub({
      "hub.mode": "subscribe",
      "hub.topic": topicOf("no-such-feed"),
      "hub.callback": callback.url,
    });
    await expectProblem(missing, 404);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await receivedBy(callback.id)).toEqual([]);
  });

  it("answers 400 naming the field for a missing callback, a bad mode, a long secret; 415 for JSON", async () => {
    const { slug } = await feedWithToken();
    expect(
      pointers(await expectProblem(await hub({ "hub.mode": "subscribe", "hub.topic": topicOf(slug) }), 400)),
    ).toEqual(["/hub.callback"]);
    expect(pointers(await expectProblem(await hub({ "hub.mode": "dance" }), 400))).toEqual(["/hub.mode"]);
    const secret = await hub({
      "hub.mode": "subscribe",
      "hub.topic": topicOf(slug),
      "hub.callback": receiverUrl("ok").url,
      "hub.secret": "x".repeat(200),
    });
    expect(pointers(await expectProblem(secret, 400))).toEqual(["/hub.secret"]);
    await expectProblem(await hub({ "hub.mode": "subscribe" }, "application/json"), 415);
    const ssrf = await hub({
      "hub.mode": "subscribe",
      "hub.topic": topicOf(slug),
      "hub.callback": "http://169.254.169.254/",
    });
    expect(pointers(await expectProblem(ssrf, 400))).toEqual(["/hub.callback"]);
  });

  it("does not activate a subscription whose callback fails the challenge", async () => {
    const { slug, token } = await feedWithToken();
    const callback = receiverUrl("deny");
    expect(
      (await hub({ "hub.mode": "subscribe", "hub.topic": topicOf(slug), "hub.callback": callback.url }))
        .status,
    ).toBe(202);
    await waitForRequests(callback.id, (r) => verifications(r).length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM websub_subscriptions WHERE callback_url = ?")
        .bind(callback.url)
        .first("n"),
    ).toBe(0);
    await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(posts(await receivedBy(callback.id))).toHaveLength(0);
  });

  it("stops pushing when a lease expires", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug);
    await env.DB.prepare("UPDATE websub_subscriptions SET expires_at = ? WHERE callback_url = ?")
      .bind(Date.now() - 1000, callback.url)
      .run();
    await runCron();
    expect(
      await env.DB.prepare("SELECT state FROM websub_subscriptions WHERE callback_url = ?")
        .bind(callback.url)
        .first("state"),
    ).toBe("expired");
    await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(posts(await receivedBy(callback.id))).toHaveLength(0);
  });

  it("pushes a tag feed only for articles with that tag", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug, {}, "ok", `${ORIGIN}/feeds/${slug}/tags/Film/atom.xml`);
    const [verification] = verifications(await receivedBy(callback.id));
    expect(new URL(verification?.path as string, "http://x").searchParams.get("hub.topic")).toBe(
      `${ORIGIN}/feeds/${slug}/tags/film/atom.xml`,
    );
    await api(`/v1/feeds/${slug}/articles`, { token, body: { title: "No tags" } });
    await api(`/v1/feeds/${slug}/articles`, { token, body: { title: "Cinema", tags: ["film"] } });
    const [push] = posts(await waitForRequests(callback.id, (r) => posts(r).length >= 1));
    expect(push?.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    expect(push?.body).toContain("Cinema");
    expect(push?.body).not.toContain("No tags");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(posts(await receivedBy(callback.id))).toHaveLength(1);
  });

  it("accepts a publish ping for one of its feeds and pushes the current document", async () => {
    const { slug } = await feedWithToken();
    const callback = await subscribed(slug);
    expect((await hub({ "hub.mode": "publish", "hub.url": topicOf(slug) })).status).toBe(202);
    await waitForRequests(callback.id, (r) => posts(r).length >= 1);
    await expectProblem(await hub({ "hub.mode": "publish", "hub.url": "https://elsewhere.example/x" }), 400);
  });

  it("shows the publisher its subscribers and each one's delivery log, never the secret", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug, { "hub.secret": "hidden-secret" });
    await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    await waitForRequests(callback.id, (r) => posts(r).length >= 1);
    const list = await api(`/v1/feeds/${slug}/websub`, { token });
    const body = (await list.json()) as {
      items: { id: string; callback: string; state: string; signed: boolean }[];
    };
    expect(JSON.stringify(body)).not.toContain("hidden-secret");
    const [subscription] = body.items;
    expect(subscription).toMatchObject({ callback: callback.url, state: "active", signed: true });
    const deadline = Date.now() + 5000;
    let statuses: string[] = [];
    while (Date.now() < deadline && statuses[0] !== "succeeded") {
      const log = await api(`/v1/feeds/${slug}/websub/${subscription?.id}/deliveries`, { token });
      statuses = ((await log.json()) as { items: { status: string }[] }).items.map((d) => d.status);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(statuses).toEqual(["succeeded"]);
    await expectProblem(await api(`/v1/feeds/${slug}/websub`), 401);
  });

  it("ends a subscription whose callback answers 410 Gone", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug, {}, "gone");
    await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    await waitForRequests(callback.id, (r) => posts(r).length >= 1);
    const deadline = Date.now() + 5000;
    let state = "";
    while (Date.now() < deadline && state !== "gone") {
      state = (await env.DB.prepare("SELECT state FROM websub_subscriptions WHERE callback_url = ?")
        .bind(callback.url)
        .first("state")) as string;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(state).toBe("gone");
  });
});
