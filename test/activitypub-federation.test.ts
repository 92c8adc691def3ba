import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sweepDeliveries } from "../src/delivery/sweep";
import {
  actorName,
  documentFetches,
  ferryActor,
  ferryInbox,
  followActivity,
  followersOf,
  inboxLog,
  markGone,
  postSigned,
  remoteActorId,
  SHARED_INBOX,
  settled,
  signedPost,
  trustFerryActor,
  waitForInbox,
} from "./support/activitypub";
import { publish } from "./support/articles";
import { api } from "./support/http";
import { importOk } from "./support/import";
import { feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";

/**
 * A remote server (test/node/fake-fediverse.ts, Node's crypto) follows Ferry's feeds and receives what they
 * publish. Every request Ferry sends it is checked there with Node's crypto against the key Ferry's actor
 * publishes, so Ferry's signatures are verified by an implementation other than the one that made them.
 */

type Activity = {
  id: string;
  type: string;
  actor: string;
  to: string[];
  cc: string[];
  object: Record<string, unknown> & { id: string; type: string };
};

const parse = (body: string) => JSON.parse(body) as Activity;

/** A feed the fake server trusts, followed by `names` (each following through the inbox given). */
async function followedFeed(...names: string[]) {
  const { slug, token } = await feedWithToken();
  await trustFerryActor(slug);
  for (const name of names)
    expect(await postSigned(ferryInbox(slug), name, followActivity(name, slug))).toBe(202);
  await settled(slug);
  return { slug, token };
}

describe.concurrent("following a feed from another server", () => {
  it("stores the follower from its actor document and sends it a signed Accept of its Follow", async () => {
    const name = actorName();
    const { slug, token } = await feedWithToken();
    await trustFerryActor(slug);
    const follow = followActivity(name, slug);
    expect(await postSigned(ferryInbox(slug), name, follow)).toBe(202);
    const [accept] = await waitForInbox(name, slug, (d) => d.length > 0);
    expect(accept).toMatchObject({ verified: true, problem: null, answeredWith: 202 });
    expect(accept?.headers["content-type"]).toMatch(/^application\/activity\+json/);
    expect(parse(accept?.body ?? "{}")).toMatchObject({
      type: "Accept",
      actor: ferryActor(slug),
      object: { id: follow.id, type: "Follow", actor: remoteActorId(name), object: ferryActor(slug) },
    });
    await settled(slug);
    expect(await followersOf(slug)).toEqual([
      {
        actor_id: remoteActorId(name),
        inbox_url: `${remoteActorId(name)}/inbox`,
        shared_inbox_url: expect.stringMatching(/\/inbox$/),
        accept_status: "sent",
        accept_attempts: 1,
      },
    ]);
    const followers = await api(`/feeds/${slug}/followers`, {
      headers: { accept: "application/activity+json" },
    });
    expect(await followers.json()).toMatchObject({ type: "OrderedCollection", totalItems: 1 });
    expect(token).toBeTruthy();
  });

  it("follows through the shared inbox, and through a key published as its own document", async () => {
    const name = actorName("keydoc");
    const { slug } = await feedWithToken();
    await trustFerryActor(slug);
    expect(await postSigned(SHARED_INBOX, name, followActivity(name, slug))).toBe(202);
    await waitForInbox(name, slug, (d) => d.some((x) => x.verified && parse(x.body).type === "Accept"));
    expect((await followersOf(slug)).map((f) => f.actor_id)).toEqual([remoteActorId(name)]);
  });

  it("follows with an RFC 9421 signature (Signature-Input, Content-Digest) as well", async () => {
    const name = actorName("solo");
    const { slug } = await feedWithToken();
    await trustFerryActor(slug);
    const request = await signedPost(ferryInbox(slug), name, followActivity(name, slug), {
      scheme: "rfc9421",
    });
    expect(request.headers.get("signature-input")).toMatch(
      /^sig1=\("@method" "@target-uri" "content-digest"\)/,
    );
    const response = await SELF.fetch(request);
    expect(response.status).toBe(202);
    await waitForInbox(name, slug, (d) => d.some((x) => x.verified && parse(x.body).type === "Accept"));
    expect((await followersOf(slug)).map((f) => f.actor_id)).toEqual([remoteActorId(name)]);
  });

  it("fetches a signer's key once, not once per activity", async () => {
    const name = actorName("solo");
    const { slug } = await followedFeed(name);
    const fetched = await documentFetches(name);
    const like = {
      id: `${remoteActorId(name)}#likes/1`,
      type: "Like",
      actor: remoteActorId(name),
      object: ferryActor(slug),
    };
    for (let i = 0; i < 3; i++) expect(await postSigned(ferryInbox(slug), name, like)).toBe(202);
    expect(await documentFetches(name)).toBe(fetched);
  });
});

describe.concurrent("publishing to followers", () => {
  it("sends Create, then Update, then Delete with a Tombstone: once per shared inbox, signed, to the public", async () => {
    const [alice, bob, carol] = [actorName(), actorName(), actorName("solo")];
    const { slug, token } = await followedFeed(alice, bob, carol);
    const article = await publish(slug, token, {
      ...SAMPLE_ARTICLE,
      image: "https://news.example.com/cover.jpg",
    });
    await settled(slug);
    const edited = await api(`/v1/feeds/${slug}/articles/${article.id}`, {
      method: "PATCH",
      token,
      body: { title: "The Ferryman, retitled" },
      headers: { "content-type": "application/merge-patch+json" },
    });
    expect(edited.status).toBe(200);
    await settled(slug);
    expect((await api(`/v1/feeds/${slug}/articles/${article.id}`, { method: "DELETE", token })).status).toBe(
      204,
    );
    await settled(slug);

    // Alice and Bob share their server's inbox: one copy of each activity; Carol has only her own inbox.
    const shared = await inboxLog("shared", slug);
    const own = await inboxLog(carol, slug);
    const activities = (log: typeof shared) => log.filter((d) => parse(d.body).type !== "Accept");
    for (const log of [activities(shared), activities(own)]) {
      expect(log.map((d) => parse(d.body).type)).toEqual(["Create", "Update", "Delete"]);
      for (const delivery of log) expect(delivery).toMatchObject({ verified: true, problem: null });
    }
    expect(await inboxLog(alice, slug)).toHaveLength(1); // the Accept, to her own inbox
    const objectId = `${ORIGIN}/feeds/${slug}/articles/${article.id}`;
    const [create, update, remove] = activities(shared).map((d) => parse(d.body));
    expect(create).toMatchObject({
      type: "Create",
      actor: ferryActor(slug),
      to: ["https://www.w3.org/ns/activitystreams#Public"],
      cc: [`${ORIGIN}/feeds/${slug}/followers`],
      object: {
        id: objectId,
        type: "Article",
        name: SAMPLE_ARTICLE.title,
        content: article.content_html,
        summary: SAMPLE_ARTICLE.summary,
        url: SAMPLE_ARTICLE.url,
        published: "2015-01-12T15:30:00Z",
        attributedTo: ferryActor(slug),
        attachment: [{ type: "Image", url: "https://news.example.com/cover.jpg" }],
      },
    });
    expect(create?.object.tag).toContainEqual({
      type: "Hashtag",
      name: "#film",
      href: `${ORIGIN}/feeds/${slug}/tags/film/`,
    });
    expect(update).toMatchObject({
      type: "Update",
      object: { id: objectId, name: "The Ferryman, retitled" },
    });
    expect(update?.object.updated).toEqual(expect.any(String));
    expect(remove).toMatchObject({
      type: "Delete",
      object: { id: objectId, type: "Tombstone", formerType: "Article" },
    });
    expect(new Set([create?.id, update?.id, remove?.id]).size).toBe(3);
  });

  it("sends an imported back catalogue nothing, and a future-dated article only when its time comes", async () => {
    const name = actorName("solo");
    const { slug, token } = await followedFeed(name);
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Old</title>
      <item><title>From the archive</title><guid>urn:x:archive-1</guid><pubDate>Mon, 12 Jan 2015 15:30:00 GMT</pubDate></item>
      </channel></rss>`;
    expect((await importOk(slug, token, rss)).created).toBe(1);
    const publishAt = Date.now() + 3_600_000;
    await publish(slug, token, { ...SAMPLE_ARTICLE, date_published: new Date(publishAt).toISOString() });
    await settled(slug);
    expect((await inboxLog(name, slug)).map((d) => parse(d.body).type)).toEqual(["Accept"]);
    await sweepDeliveries(env, publishAt + 1000);
    const log = await waitForInbox(name, slug, (d) => d.length === 2);
    expect(parse(log[1]?.body ?? "{}")).toMatchObject({
      type: "Create",
      object: { name: SAMPLE_ARTICLE.title },
    });
    await settled(slug);
    expect(await inboxLog(name, slug)).toHaveLength(2);
  });
});

describe.concurrent("unfollowing", () => {
  it("Undo of the Follow removes the follower: later articles reach no one", async () => {
    const name = actorName("solo");
    const { slug, token } = await followedFeed(name);
    const follow = followActivity(name, slug);
    const undo = { id: `${follow.id}/undo`, type: "Undo", actor: remoteActorId(name), object: follow };
    expect(await postSigned(ferryInbox(slug), name, undo)).toBe(202);
    expect(await followersOf(slug)).toEqual([]);
    await publish(slug, token);
    await settled(slug);
    expect((await inboxLog(name, slug)).map((d) => parse(d.body).type)).toEqual(["Accept"]);
  });

  it("an actor's Delete of itself removes it, verified with the key kept from its Follow (its document is gone)", async () => {
    const name = actorName("solo");
    const { slug } = await followedFeed(name);
    await markGone(name);
    const del = {
      id: `${remoteActorId(name)}#delete`,
      type: "Delete",
      actor: remoteActorId(name),
      object: remoteActorId(name),
    };
    expect(await postSigned(SHARED_INBOX, name, del)).toBe(202);
    expect(await followersOf(slug)).toEqual([]);
    const inboxes = await env.DB.prepare(
      "SELECT count(*) AS n FROM activitypub_inboxes i JOIN feeds f ON f.id = i.feed_id WHERE f.slug = ?",
    )
      .bind(slug)
      .first<number>("n");
    expect(inboxes).toBe(0);
  });
});
