import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ferryActor } from "./support/activitypub";
import { publish } from "./support/articles";
import { api, expectProblem } from "./support/http";
import { createFeed, createToken, feedWithToken, ORIGIN, SAMPLE_ARTICLE, uniqueSlug } from "./support/seed";

/** What other servers read from Ferry to find, show and verify a feed's actor and its articles. */

const AS = { accept: "application/activity+json" };
const LD = { accept: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' };
const HTML = { accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8" };

/** What a browser gets: the redirect itself, not where it leads. */
const browse = (path: string) => SELF.fetch(`${ORIGIN}${path}`, { headers: HTML, redirect: "manual" });

async function json<T = Record<string, unknown>>(path: string, headers: Record<string, string> = AS) {
  const response = await api(path, { headers });
  expect(response.status, await response.clone().text()).toBe(200);
  return { body: (await response.json()) as T, response };
}

describe("discovery", () => {
  it("WebFinger answers acct:<feed>@<host> with the actor, as JRD", async () => {
    const { slug } = await feedWithToken();
    const { body, response } = await json(`/.well-known/webfinger?resource=acct:${slug}@ferry.test`, {});
    expect(response.headers.get("content-type")).toMatch(/^application\/jrd\+json/);
    expect(body).toEqual({
      subject: `acct:${slug}@ferry.test`,
      aliases: [ferryActor(slug), `${ORIGIN}/feeds/${slug}/`],
      links: [
        { rel: "self", type: "application/activity+json", href: ferryActor(slug) },
        { rel: "http://webfinger.net/rel/profile-page", type: "text/html", href: `${ORIGIN}/feeds/${slug}/` },
      ],
    });
    expect(
      (await json(`/.well-known/webfinger?resource=${encodeURIComponent(ferryActor(slug))}`, {})).body,
    ).toEqual(body);
  });

  it("WebFinger: 404 for another host or an unknown feed, 400 without a resource", async () => {
    const { slug } = await feedWithToken();
    await expectProblem(await api(`/.well-known/webfinger?resource=acct:${slug}@elsewhere.example`), 404);
    await expectProblem(await api("/.well-known/webfinger?resource=acct:no-such-feed@ferry.test"), 404);
    await expectProblem(await api("/.well-known/webfinger"), 400);
  });

  it("host-meta points at WebFinger, NodeInfo says what Ferry is", async () => {
    const hostMeta = await api("/.well-known/host-meta");
    expect(hostMeta.headers.get("content-type")).toMatch(/^application\/xrd\+xml/);
    expect(await hostMeta.text()).toContain(`template="${ORIGIN}/.well-known/webfinger?resource={uri}"`);
    const { body: links } = await json<{ links: { rel: string; href: string }[] }>(
      "/.well-known/nodeinfo",
      {},
    );
    expect(links.links).toEqual([
      { rel: "http://nodeinfo.diaspora.software/ns/schema/2.1", href: `${ORIGIN}/nodeinfo/2.1` },
    ]);
    const { body: info } = await json("/nodeinfo/2.1", {});
    const feeds = await env.DB.prepare("SELECT count(*) AS n FROM feeds").first<number>("n");
    expect(info).toMatchObject({
      version: "2.1",
      software: { name: "ferry" },
      protocols: ["activitypub"],
      openRegistrations: false,
      usage: { users: { total: feeds } },
    });
  });

  it("the feed's page says how to follow it and links its actor; tag pages do not", async () => {
    const { slug, token } = await feedWithToken();
    await publish(slug, token);
    const page = await (await api(`/feeds/${slug}/`)).text();
    expect(page).toContain(`<code>@${slug}@ferry.test</code>`);
    expect(page).toContain(`<link rel="alternate" type="application/activity+json"`);
    expect(page).toContain(`href="${ferryActor(slug)}"`);
    const tagPage = await (await api(`/feeds/${slug}/tags/film/`)).text();
    expect(tagPage).not.toContain("activity+json");
  });
});

describe("the actor", () => {
  it("is a Service with its inbox, outbox, followers, shared inbox and an RSA-2048 key made once", async () => {
    const { slug } = await feedWithToken();
    const { body: actor, response } = await json<
      Record<string, unknown> & { publicKey: { publicKeyPem: string } }
    >(`/feeds/${slug}/actor`);
    expect(response.headers.get("content-type")).toMatch(/^application\/activity\+json/);
    expect(actor).toMatchObject({
      id: ferryActor(slug),
      type: "Service",
      preferredUsername: slug,
      name: `Feed ${slug}`,
      url: `${ORIGIN}/feeds/${slug}/`,
      inbox: `${ORIGIN}/feeds/${slug}/inbox`,
      outbox: `${ORIGIN}/feeds/${slug}/outbox`,
      followers: `${ORIGIN}/feeds/${slug}/followers`,
      endpoints: { sharedInbox: `${ORIGIN}/inbox` },
      publicKey: { id: `${ferryActor(slug)}#main-key`, owner: ferryActor(slug) },
    });
    const key = await crypto.subtle.importKey(
      "spki",
      Uint8Array.from(atob(actor.publicKey.publicKeyPem.replace(/-----[A-Z ]+-----|\s/g, "")), (c) =>
        c.charCodeAt(0),
      ),
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      true,
      ["verify"],
    );
    expect((key.algorithm as { modulusLength: number }).modulusLength).toBe(2048);
    const again = await json<{ publicKey: { publicKeyPem: string } }>(`/feeds/${slug}/actor`, LD);
    expect(again.response.headers.get("content-type")).toMatch(/^application\/ld\+json; profile=/);
    expect(again.body.publicKey.publicKeyPem).toBe(actor.publicKey.publicKeyPem);
    const stored = await env.DB.prepare(
      "SELECT k.private_key FROM activitypub_keys k JOIN feeds f ON f.id = k.feed_id WHERE f.slug = ?",
    )
      .bind(slug)
      .first<string>("private_key");
    expect(stored).toMatch(/^enc:v1:/);
  });

  it("sends a browser to the feed's page, and answers 404 for a feed that does not exist", async () => {
    const { slug } = await feedWithToken();
    const response = await browse(`/feeds/${slug}/actor`);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${ORIGIN}/feeds/${slug}/`);
    await expectProblem(await api("/feeds/no-such-feed/actor", { headers: AS }), 404);
  });
});

describe("the outbox and followers", () => {
  it("pages Create activities newest first, item_limit at a time, with the feeds' cursors", async () => {
    const slug = await createFeed(uniqueSlug(), { itemLimit: 2 });
    const token = await createToken({ feeds: [slug] });
    for (const day of [10, 11, 12]) {
      await publish(slug, token, {
        ...SAMPLE_ARTICLE,
        title: `Day ${day}`,
        date_published: `2015-01-${day}T00:00:00Z`,
      });
    }
    const { body: outbox } = await json(`/feeds/${slug}/outbox`);
    expect(outbox).toMatchObject({ type: "OrderedCollection", first: `${ORIGIN}/feeds/${slug}/outbox/page` });
    type Page = { orderedItems: { type: string; object: { name: string } }[]; next?: string };
    const { body: first } = await json<Page>(`/feeds/${slug}/outbox/page`);
    expect(first.orderedItems.map((a) => [a.type, a.object.name])).toEqual([
      ["Create", "Day 12"],
      ["Create", "Day 11"],
    ]);
    const { body: second } = await json<Page>((first.next as string).slice(ORIGIN.length));
    expect(second.orderedItems.map((a) => a.object.name)).toEqual(["Day 10"]);
    expect(second.next).toBeUndefined();
    await expectProblem(await api(`/feeds/${slug}/outbox/page?before=made-up`, { headers: AS }), 400);
  });

  it("counts followers without listing them", async () => {
    const { slug } = await feedWithToken();
    const { body } = await json(`/feeds/${slug}/followers`);
    expect(body).toEqual({
      "@context": expect.any(Array),
      id: `${ORIGIN}/feeds/${slug}/followers`,
      type: "OrderedCollection",
      totalItems: 0,
    });
  });
});

describe("an article as an object", () => {
  it("answers ActivityPub JSON, sends a browser to the article, and a Tombstone with 410 once deleted", async () => {
    const { slug, token } = await feedWithToken();
    const article = await publish(slug, token);
    const path = `/feeds/${slug}/articles/${article.id}`;
    const { body } = await json(path);
    expect(body).toMatchObject({ id: `${ORIGIN}${path}`, type: "Article", name: SAMPLE_ARTICLE.title });
    expect((await json(path, LD)).body).toEqual(body);
    const browser = await browse(path);
    expect(browser.status).toBe(303);
    expect(browser.headers.get("location")).toBe(SAMPLE_ARTICLE.url);
    await api(`/v1/feeds/${slug}/articles/${article.id}`, { method: "DELETE", token });
    const gone = await api(path, { headers: AS });
    expect(gone.status).toBe(410);
    expect(gone.headers.get("content-type")).toMatch(/^application\/activity\+json/);
    expect(await gone.json()).toMatchObject({
      id: `${ORIGIN}${path}`,
      type: "Tombstone",
      formerType: "Article",
    });
  });

  it("is 404 for an article not yet published, or of another feed", async () => {
    const { slug, token } = await feedWithToken();
    const other = await feedWithToken();
    const future = await publish(slug, token, { ...SAMPLE_ARTICLE, date_published: "2099-01-01T00:00:00Z" });
    await expectProblem(await api(`/feeds/${slug}/articles/${future.id}`, { headers: AS }), 404);
    const live = await publish(slug, token);
    await expectProblem(await api(`/feeds/${other.slug}/articles/${live.id}`, { headers: AS }), 404);
  });
});
