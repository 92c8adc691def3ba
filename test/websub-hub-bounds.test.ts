import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PENDING_INTENT_CAPS } from "../src/services/websub-intents";
import { publish } from "./support/articles";
import { expectProblem, pointers } from "./support/http";
import { importOk } from "./support/import";
import { waitForIntent } from "./support/intents";
import { floodClosed, receivedBy, receiverUrl, waitForRequests } from "./support/receiver";
import { feedWithToken } from "./support/seed";
import { hub, posts, subscribed, topicOf } from "./support/websub";

const count = async (sql: string, ...binds: unknown[]) =>
  (await env.DB.prepare(sql)
    .bind(...binds)
    .first<number>("n")) ?? 0;

const pingEvents = (topic: string) =>
  count("SELECT count(*) AS n FROM events WHERE type = 'websub.publish' AND topic_url = ?", topic);
const deliveriesTo = (callbackUrl: string) =>
  count(
    `SELECT count(*) AS n FROM deliveries d JOIN websub_subscriptions s ON s.id = d.subscription_id
     WHERE s.callback_url = ?`,
    callbackUrl,
  );
const pendingIntentsFor = (callbackUrl: string) =>
  count(
    "SELECT count(*) AS n FROM websub_intents WHERE status = 'pending' AND callback_url = ?",
    callbackUrl,
  );

/** A ping naming the same topic `times` times in one request. */
function ping(topic: string, times = 1) {
  return hub(new URLSearchParams([["hub.mode", "publish"], ...Array(times).fill(["hub.url", topic])]));
}

const ONE_ITEM_RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Old</title><link>https://old.example/</link>
<item><title>From the archive</title><guid>https://old.example/1</guid><description>Old news.</description>
<pubDate>Mon, 02 Jan 2023 10:00:00 GMT</pubDate></item></channel></rss>`;

/** A loopback callback that refuses connections, so its intent stays pending (retried later) for the whole test. */
const unreachable = (host: string, path: string) => `http://${host}:9/${path}`;

describe("publish pings cost what a poll costs", () => {
  it("pushes nothing for a topic unchanged since the write that already pushed it", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug);
    await publish(slug, token);
    await waitForRequests(callback.id, (r) => posts(r).length >= 1);

    expect((await ping(topicOf(slug), 20)).status).toBe(202);
    expect(await pingEvents(topicOf(slug))).toBe(0);
    expect(await deliveriesTo(callback.url)).toBe(1);
  });

  it("pushes a changed topic once however often one ping names it, and not again for the next ping", async () => {
    const { slug, token } = await feedWithToken();
    const callback = await subscribed(slug);
    // An import changes the feed without pushing (subscribers are not spammed with a back catalogue).
    await importOk(slug, token, ONE_ITEM_RSS);
    expect((await ping(topicOf(slug), 20)).status).toBe(202);
    expect(await pingEvents(topicOf(slug))).toBe(1);
    const [push] = posts(await waitForRequests(callback.id, (r) => posts(r).length >= 1));
    expect(push?.body).toContain("From the archive");

    expect((await ping(topicOf(slug), 20)).status).toBe(202);
    expect(await pingEvents(topicOf(slug))).toBe(1);
    expect(await deliveriesTo(callback.url)).toBe(1);
    expect(posts(await receivedBy(callback.id))).toHaveLength(1);
  });

  it("writes nothing for a topic nobody subscribed to", async () => {
    const { slug } = await feedWithToken();
    const topic = topicOf(slug, "atom.xml");
    expect((await ping(topic, 20)).status).toBe(202);
    expect(await pingEvents(topic)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM websub_topic_pushes WHERE topic_url = ?", topic)).toBe(0);
  });
});

describe("subscription requests are bounded", () => {
  it("keeps one pending verification per topic, callback and mode however often it is asked", async () => {
    const { slug } = await feedWithToken();
    const callback = unreachable("127.0.0.1", `dedupe-${crypto.randomUUID()}`);
    const request = { "hub.mode": "subscribe", "hub.topic": topicOf(slug), "hub.callback": callback };
    for (let i = 0; i < 5; i++) expect((await hub(request)).status).toBe(202);
    expect(await pendingIntentsFor(callback)).toBe(1);
    expect((await hub({ ...request, "hub.mode": "unsubscribe" })).status).toBe(202);
    expect(await pendingIntentsFor(callback)).toBe(2);
  });

  it("refuses more pending verifications for one callback host than its cap, writing nothing", async () => {
    const { slug } = await feedWithToken();
    const host = "127.0.0.2";
    for (let i = 0; i < PENDING_INTENT_CAPS.perCallbackHost; i++) {
      const callback = unreachable(host, `cap-${i}`);
      const answer = await hub({
        "hub.mode": "subscribe",
        "hub.topic": topicOf(slug),
        "hub.callback": callback,
      });
      expect(answer.status).toBe(202);
    }
    const over = unreachable(host, "one-too-many");
    const refused = await hub({ "hub.mode": "subscribe", "hub.topic": topicOf(slug), "hub.callback": over });
    const problem = await expectProblem(refused, 429);
    expect(pointers(problem)).toEqual(["/hub.callback"]);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await count("SELECT count(*) AS n FROM websub_intents WHERE callback_url = ?", over)).toBe(0);
    const elsewhere = unreachable("127.0.0.3", "other-host");
    const other = await hub({
      "hub.mode": "subscribe",
      "hub.topic": topicOf(slug),
      "hub.callback": elsewhere,
    });
    expect(other.status).toBe(202);
  });

  it("refuses more pending verifications from one client address than its cap, writing nothing", async () => {
    const { slug } = await feedWithToken();
    const client = "203.0.113.77";
    for (let i = 0; i < PENDING_INTENT_CAPS.perClientAddress; i++) {
      const callback = unreachable(`127.0.1.${i + 1}`, "client-cap");
      const answer = await hub(
        { "hub.mode": "subscribe", "hub.topic": topicOf(slug), "hub.callback": callback },
        client,
      );
      expect(answer.status).toBe(202);
    }
    const over = unreachable("127.0.2.1", "client-cap");
    const request = { "hub.mode": "subscribe", "hub.topic": topicOf(slug), "hub.callback": over };
    await expectProblem(await hub(request, client), 429);
    expect(await count("SELECT count(*) AS n FROM websub_intents WHERE callback_url = ?", over)).toBe(0);
    expect((await hub(request, "203.0.113.78")).status).toBe(202);
  });
});

describe("answers from callbacks are read through a bounded reader", () => {
  it("reads at most 4 KiB of a verification answer that would run to 64 MiB, then hangs up", async () => {
    const { slug } = await feedWithToken();
    // Echoes the challenge, then trickles 64 MiB: about 20 s in all, far past the 1 s delivery timeout.
    const callback = receiverUrl("flood");
    const response = await hub({
      "hub.mode": "subscribe",
      "hub.topic": topicOf(slug),
      "hub.callback": callback.url,
    });
    expect(response.status).toBe(202);
    // Judged on the bytes read, not cut off by the timeout: what was read is the challenge plus junk.
    expect(await waitForIntent(callback.url, (row) => row.status !== "pending")).toEqual({
      status: "failed",
      last_error: "the callback did not echo hub.challenge",
    });
    const report = await floodClosed(callback.id);
    expect(report.completed).toBe(false);
    // 16 KiB chunks every 5 ms: reading to the timeout would have taken some 3 MiB.
    expect(report.bytesWritten).toBeLessThan(256 * 1024);
  });
});
