import { env, SELF } from "cloudflare:test";
import { XMLValidator } from "fast-xml-parser";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { publish } from "./support/articles";
import { deliveriesOf, drained, runCron } from "./support/drain";
import { eventually } from "./support/eventually";
import { api, expectProblem, pointers } from "./support/http";
import { receivedBy, receiverUrl, waitForRequests } from "./support/receiver";
import { feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";
import {
  hmacHex,
  hub,
  posts,
  subscribed,
  topicOf,
  verifications,
  waitForSubscription,
} from "./support/websub";

/** Intents ever recorded for a callback: without one, the hub never calls it. */
const intentsFor = async (callbackUrl: string) =>
  env.DB.prepare("SELECT count(*) AS n FROM websub_intents WHERE callback_url = ?")
    .bind(callbackUrl)
    .first<number>("n");

describe.concurrent("WebSub hub (websub.rocks hub scenarios)", () => {
  it("100: plain subscription is verified, then an unsigned fat ping carries the new article", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug);
    const [verification] = verifications(await receivedBy(callback.id));
    const query = new URL(verification?.path as string, "http://x").searchParams;
    expect(query.get("hub.mode")).toBe("subscribe");
    expect(query.get("hub.topic")).toBe(topicOf(slug));
    expect(Number(query.get("hub.lease_seconds"))).toBe(10 * 24 * 3600);
    await publish(slug, token);
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
    await publish(slug, token);
    const [push] = posts(await waitForRequests(callback.id, (r) => posts(r).length >= 1));
    expect(push?.headers["content-type"]).toBe("application/feed+json; charset=utf-8");
    expect(push?.headers["x-hub-signature"]).toBe(`sha256=${await hmacHex(secret, push?.body as string)}`);
    expect(JSON.parse(push?.body as string).items[0].title).toBe(SAMPLE_ARTICLE.title);
  });

  it("102: unknown parameters are ignored", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug, { "hub.foo": "bar", utm: "x" });
    await publish(slug, token);
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
    await waitForSubscription(callback.url, (row) => row?.lease_seconds === 86400);
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM websub_subscriptions WHERE callback_url = ?")
      .bind(callback.url)
      .first("n");
    expect(rows).toBe(1);
    await publish(slug, token);
    await drained(slug);
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
    await waitForSubscription(callback.url, (row) => row?.state === "unsubscribed");
    await publish(slug, token);
    await drained(slug);
    expect(await deliveriesOf(slug)).toEqual([]);
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
    // Nothing to verify was recorded, so the hub will never call the callback.
    expect(await intentsFor(callback.url)).toBe(0);
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
    const json = await SELF.fetch(`${ORIGIN}/websub`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ "hub.mode": "subscribe" }),
    });
    await expectProblem(json, 415);
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
    await drained(slug);
    expect(verifications(await receivedBy(callback.id))).toHaveLength(1);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM websub_subscriptions WHERE callback_url = ?")
        .bind(callback.url)
        .first("n"),
    ).toBe(0);
    await publish(slug, token);
    await drained(slug);
    expect(await deliveriesOf(slug)).toEqual([]);
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
    await publish(slug, token);
    await drained(slug);
    expect(await deliveriesOf(slug)).toEqual([]);
    expect(posts(await receivedBy(callback.id))).toHaveLength(0);
  });

  it("pushes a tag feed only for articles with that tag", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug, {}, "ok", `${ORIGIN}/feeds/${slug}/tags/Film/atom.xml`);
    const [verification] = verifications(await receivedBy(callback.id));
    expect(new URL(verification?.path as string, "http://x").searchParams.get("hub.topic")).toBe(
      `${ORIGIN}/feeds/${slug}/tags/film/atom.xml`,
    );
    await publish(slug, token, { title: "No tags" });
    await publish(slug, token, { title: "Cinema", tags: ["film"] });
    await drained(slug);
    const [push, ...more] = posts(await receivedBy(callback.id));
    expect(more).toHaveLength(0);
    expect(push?.headers["content-type"]).toBe("application/atom+xml; charset=utf-8");
    expect(push?.body).toContain("Cinema");
    expect(push?.body).not.toContain("No tags");
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
    await publish(slug, token);
    await waitForRequests(callback.id, (r) => posts(r).length >= 1);
    const list = await api(`/v1/feeds/${slug}/websub`, { token });
    const body = (await list.json()) as {
      items: { id: string; callback: string; state: string; signed: boolean }[];
    };
    expect(JSON.stringify(body)).not.toContain("hidden-secret");
    const [subscription] = body.items;
    expect(subscription).toMatchObject({ callback: callback.url, state: "active", signed: true });
    const statuses = await eventually(
      "the push to be logged as succeeded",
      async () => {
        const log = await api(`/v1/feeds/${slug}/websub/${subscription?.id}/deliveries`, { token });
        return ((await log.json()) as { items: { status: string }[] }).items.map((d) => d.status);
      },
      (seen) => seen[0] === "succeeded",
    );
    expect(statuses).toEqual(["succeeded"]);
    await expectProblem(await api(`/v1/feeds/${slug}/websub`), 401);
  });

  it("ends a subscription whose callback answers 410 Gone", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug, {}, "gone");
    await publish(slug, token);
    await waitForRequests(callback.id, (r) => posts(r).length >= 1);
    await waitForSubscription(callback.url, (row) => row?.state === "gone");
  });
});
