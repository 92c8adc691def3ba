import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { MAX_DELIVERY_ATTEMPTS } from "../src/delivery/retry-policy";
import {
  actorName,
  ferryInbox,
  followActivity,
  followersOf,
  inboxLog,
  postSigned,
  remoteActorId,
  settled,
  trustFerryActor,
} from "./support/activitypub";
import { publish } from "./support/articles";
import { feedWithToken } from "./support/seed";

/** Deliveries to followers go through the same retries, dead letters and delivery log as webhooks. */
describe("a follower's inbox that keeps failing", () => {
  it("is retried on the delivery schedule, then dead-lettered, every attempt in the log", async () => {
    const name = actorName("failing");
    const { slug, token } = await feedWithToken();
    await trustFerryActor(slug);
    expect(await postSigned(ferryInbox(slug), name, followActivity(name, slug))).toBe(202);
    await publish(slug, token);
    await settled(slug);

    const delivery = await env.DB.prepare(
      `SELECT d.id, d.status, d.attempts, i.url FROM deliveries d JOIN activitypub_inboxes i ON i.id = d.inbox_id
       JOIN feeds f ON f.id = i.feed_id WHERE f.slug = ?`,
    )
      .bind(slug)
      .first<{ id: number; status: string; attempts: number; url: string }>();
    expect(delivery).toMatchObject({
      status: "dead",
      attempts: MAX_DELIVERY_ATTEMPTS,
      url: `${remoteActorId(name)}/inbox`,
    });
    const { results: attempts } = await env.DB.prepare(
      "SELECT attempt, response_status FROM delivery_attempts WHERE delivery_id = ? ORDER BY attempt",
    )
      .bind(delivery?.id)
      .all<{ attempt: number; response_status: number }>();
    expect(attempts).toEqual(
      Array.from({ length: MAX_DELIVERY_ATTEMPTS }, (_, i) => ({ attempt: i + 1, response_status: 500 })),
    );
    // The Accept went the same way: retried, then given up.
    expect(await followersOf(slug)).toMatchObject([
      { accept_status: "dead", accept_attempts: MAX_DELIVERY_ATTEMPTS },
    ]);
    const received = await inboxLog(name, slug);
    const types = received.map((d) => (JSON.parse(d.body) as { type: string }).type);
    expect(types.filter((t) => t === "Accept")).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(types.filter((t) => t === "Create")).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(received.every((d) => d.verified)).toBe(true);
    // Every retry of the Create is the same activity.
    const creates = received.filter((d) => d.body.includes('"type":"Create"')).map((d) => d.body);
    expect(new Set(creates).size).toBe(1);
  });
});
