import { env } from "cloudflare:test";
import { XMLValidator } from "fast-xml-parser";
import { parseAtomFeed } from "feedsmith";
import { describe, expect, it } from "vitest";
import { findFeedBySlug } from "../src/db/feeds";
import { publish } from "./support/articles";
import { drained } from "./support/drain";
import { api, expectProblem, parameters } from "./support/http";
import { receivedBy } from "./support/receiver";
import { createToken, feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";
import { subscribe } from "./support/webhooks";

interface PolledEvent {
  id: string;
  type: string;
  created_at: string;
  payload: { type: string; timestamp: string; data: { id: string; title: string; tags: string[] } };
}

interface EventPage {
  items: PolledEvent[];
  next_cursor: string;
  done: boolean;
}

/** One poll of the JSON stream, expecting 200. */
async function poll(slug: string, token: string, query = ""): Promise<EventPage> {
  const response = await api(`/v1/feeds/${slug}/events${query ? `?${query}` : ""}`, { token });
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
  return (await response.json()) as EventPage;
}

/** Polls as a consumer that stores `next_cursor` would, until `done`; returns every event and the last cursor. */
async function pollToEnd(slug: string, token: string, filters = "", after: string | null = null) {
  const events: PolledEvent[] = [];
  let cursor = after;
  for (let calls = 1; ; calls += 1) {
    expect(calls, "the stream never reports done").toBeLessThan(50);
    const query = [filters, cursor === null ? "" : `after=${encodeURIComponent(cursor)}`].filter(Boolean);
    const page = await poll(slug, token, query.join("&"));
    events.push(...page.items);
    cursor = page.next_cursor;
    if (page.done) return { events, cursor, calls };
  }
}

function article(title: string, extra: Record<string, unknown> = {}) {
  return { title, content_text: `${title}.`, ...extra };
}

const patch = (slug: string, token: string, id: string, body: unknown) =>
  api(`/v1/feeds/${slug}/articles/${id}`, {
    method: "PATCH",
    token,
    body,
    headers: { "content-type": "application/merge-patch+json" },
  });

const remove = (slug: string, token: string, id: string) =>
  api(`/v1/feeds/${slug}/articles/${id}`, { method: "DELETE", token });

/** `count` outbox rows written straight to D1 (fanned out already, so no delivery is attempted). */
async function insertEvents(slug: string, count: number, tags: string[]): Promise<void> {
  const feed = await findFeedBySlug(env.DB, slug);
  if (!feed) throw new Error("no feed");
  await env.DB.prepare(
    `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?2)
     INSERT INTO events (public_id, feed_id, type, article_public_id, term_keys_json, payload, created_at, fanned_out_at)
     SELECT 'msg_' || lower(hex(randomblob(16))), ?1, 'article.updated', lower(hex(randomblob(16))), ?3,
       '{"type":"article.updated","timestamp":"2026-01-01T00:00:00Z","data":{}}', ?4, ?4
     FROM seq`,
  )
    .bind(feed.rowId, count, JSON.stringify({ tags, authors: [] }), Date.now())
    .run();
}

describe("polling a feed's events", () => {
  it("answers every event once, oldest first, to a consumer that stores the cursor", async () => {
    const { slug, token } = await feedWithToken();
    const created = [];
    for (const title of ["One", "Two", "Three", "Four", "Five"])
      created.push(await publish(slug, token, article(title)));
    const [first, second] = created as [(typeof created)[0], (typeof created)[0]];
    expect((await patch(slug, token, first.id, { title: "One, edited" })).status).toBe(200);
    expect((await remove(slug, token, second.id)).status).toBe(204);

    const { events, calls } = await pollToEnd(slug, token, "limit=2");
    expect(calls).toBeGreaterThanOrEqual(3);
    // The published event of the deleted article is left out: its deletion stands for it.
    expect(events.map((e) => `${e.type} ${e.payload.data.title}`)).toEqual([
      "article.published One",
      "article.published Three",
      "article.published Four",
      "article.published Five",
      "article.updated One, edited",
      "article.deleted Two",
    ]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const event of events) {
      expect(event.id).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(event.payload.type).toBe(event.type);
      expect(event.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    }
    const times = events.map((e) => Date.parse(e.created_at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("gives events written between two polls once, and nothing more after them", async () => {
    const { slug, token } = await feedWithToken();
    await publish(slug, token, article("Before"));
    const before = await pollToEnd(slug, token);
    expect(before.events.map((e) => e.payload.data.title)).toEqual(["Before"]);

    const idle = await poll(slug, token, `after=${before.cursor}`);
    expect(idle).toEqual({ items: [], next_cursor: before.cursor, done: true });

    await publish(slug, token, article("Between 1"));
    await publish(slug, token, article("Between 2"));
    const after = await pollToEnd(slug, token, "", before.cursor);
    expect(after.events.map((e) => e.payload.data.title)).toEqual(["Between 1", "Between 2"]);
    const again = await poll(slug, token, `after=${after.cursor}`);
    expect(again.items).toEqual([]);
    expect(again.done).toBe(true);
  });

  it("filters by type, tag and author, case-insensitively, every given kind at once", async () => {
    const { slug, token } = await feedWithToken();
    const ada = { name: "Ada Lovelace" };
    const film = await publish(slug, token, article("Film by Ada", { tags: ["Film"], authors: [ada] }));
    await publish(slug, token, article("Film by Bob", { tags: ["film", "tv"], authors: [{ name: "Bob" }] }));
    await publish(slug, token, article("Radio by Ada", { tags: ["radio"], authors: [ada] }));
    expect((await remove(slug, token, film.id)).status).toBe(204);

    const titles = async (filters: string) =>
      (await pollToEnd(slug, token, filters)).events.map((e) => `${e.type} ${e.payload.data.title}`);
    expect(await titles("types=article.deleted")).toEqual(["article.deleted Film by Ada"]);
    expect(await titles("tags=FILM")).toEqual([
      "article.published Film by Bob",
      "article.deleted Film by Ada",
    ]);
    expect(await titles("tags=radio,tv")).toEqual([
      "article.published Film by Bob",
      "article.published Radio by Ada",
    ]);
    expect(await titles(`authors=${encodeURIComponent("ada lovelace")}&tags=film`)).toEqual([
      "article.deleted Film by Ada",
    ]);
    expect(await titles("types=article.published,article.updated&authors=bob")).toEqual([
      "article.published Film by Bob",
    ]);
    expect(await titles("tags=opera")).toEqual([]);
  });

  it("still gives a tag's consumers, once, the update that takes the tag away", async () => {
    const { slug, token } = await feedWithToken();
    const story = await publish(slug, token, article("Retagged", { tags: ["film"] }));
    expect((await patch(slug, token, story.id, { tags: ["tv"] })).status).toBe(200);
    expect((await patch(slug, token, story.id, { title: "Retagged again" })).status).toBe(200);

    const film = await pollToEnd(slug, token, "tags=film");
    expect(film.events.map((e) => [e.type, e.payload.data.tags])).toEqual([
      ["article.published", ["film"]],
      ["article.updated", ["tv"]],
    ]);
    const tv = await pollToEnd(slug, token, "tags=tv");
    expect(tv.events.map((e) => e.type)).toEqual(["article.updated", "article.updated"]);
  });

  it("hands out the same msg_ ids and bodies as the webhook deliveries of the same events", async () => {
    const { slug, token } = await feedWithToken();
    const { receiverId } = await subscribe(slug, token);
    const story = await publish(slug, token, SAMPLE_ARTICLE);
    expect((await patch(slug, token, story.id, { summary: "Edited." })).status).toBe(200);
    await publish(slug, token, article("Another"));
    await drained(slug);
    const deliveries = await receivedBy(receiverId);
    expect(deliveries).toHaveLength(3);

    const response = await api(`/v1/feeds/${slug}/events`, { token });
    const text = await response.text();
    const page = JSON.parse(text) as EventPage;
    const delivered = new Map(deliveries.map((d) => [d.headers["webhook-id"], d.body]));
    expect(page.items.map((e) => e.id).sort()).toEqual([...delivered.keys()].sort());
    for (const event of page.items) {
      const body = delivered.get(event.id) as string;
      expect(event.payload).toEqual(JSON.parse(body));
      // The stored body is handed out byte for byte, not re-serialised.
      expect(text).toContain(`"payload":${body}`);
    }
  });

  it("leaves out test pings", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint } = await subscribe(slug, token);
    await publish(slug, token, article("Only this"));
    const ping = await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/test`, { method: "POST", token });
    expect(ping.status).toBe(202);
    await drained(slug);
    const { events } = await pollToEnd(slug, token);
    expect(events.map((e) => e.type)).toEqual(["article.published"]);
  });

  it("examines a bounded number of events per request, moving the cursor past the ones that do not match", async () => {
    const { slug, token } = await feedWithToken();
    await insertEvents(slug, 1_150, ["noise"]);
    await publish(slug, token, article("Signal", { tags: ["signal"] }));

    const first = await poll(slug, token, "tags=signal");
    expect(first.items).toEqual([]);
    expect(first.done).toBe(false);
    const second = await poll(slug, token, `tags=signal&after=${first.next_cursor}`);
    expect(second.next_cursor).not.toBe(first.next_cursor);
    expect(second.items.map((e) => e.payload.data.title)).toEqual(["Signal"]);
    expect(second.done).toBe(true);

    const everything = await pollToEnd(slug, token, "limit=100");
    expect(everything.events).toHaveLength(1_151);
    expect(new Set(everything.events.map((e) => e.id)).size).toBe(1_151);
  });

  it("refuses a cursor it did not issue and an out-of-range limit or filter, naming the parameter", async () => {
    const { slug, token } = await feedWithToken();
    const problem = async (query: string) =>
      parameters(await expectProblem(await api(`/v1/feeds/${slug}/events?${query}`, { token }), 400));
    expect(await problem("after=not-a-cursor!")).toEqual(["query after"]);
    expect(await problem(`after=${btoa("12.34")}`)).toEqual(["query after"]);
    expect(await problem("after=")).toEqual(["query after"]);
    expect(await problem("limit=0")).toEqual(["query limit"]);
    expect(await problem("limit=101")).toEqual(["query limit"]);
    expect(await problem("limit=ten")).toEqual(["query limit"]);
    expect(await problem("types=article.published,webhook.test")).toEqual(["query types"]);
    expect(await problem("tags=,")).toEqual(["query tags"]);
    expect(await problem(`authors=${Array.from({ length: 21 }, (_, i) => `a${i}`).join(",")}`)).toEqual([
      "query authors",
    ]);
    const atom = await expectProblem(await api(`/v1/feeds/${slug}/events.atom?before=x`, { token }), 400);
    expect(parameters(atom)).toEqual(["query before"]);
  });

  it("needs a token for the feed: 401 without one, 403 for another feed's, 404 for no such feed", async () => {
    const { slug, token } = await feedWithToken("read");
    const other = await feedWithToken("read");
    const anonymous = await expectProblem(await api(`/v1/feeds/${slug}/events`), 401);
    expect(anonymous.detail).toMatch(/Bearer/);
    await expectProblem(await api(`/v1/feeds/${slug}/events`, { token: other.token }), 403);
    await expectProblem(await api(`/v1/feeds/${slug}/events.atom`, { token: other.token }), 403);
    await expectProblem(await api("/v1/feeds/no-such-feed/events", { token: await createToken() }), 404);
    // The JSON route takes Bearer tokens only.
    const basic = await api(`/v1/feeds/${slug}/events`, { headers: { authorization: basicAuth(token) } });
    await expectProblem(basic, 401);
    expect(basic.headers.get("www-authenticate")).toBe('Bearer realm="ferry"');
    expect((await poll(slug, token)).done).toBe(true);
  });
});

function basicAuth(token: string, user = "reader"): string {
  return `Basic ${btoa(`${user}:${token}`)}`;
}

async function fetchAtom(
  slug: string,
  init: { token?: string; headers?: Record<string, string> },
  query = "",
) {
  const response = await api(`/v1/feeds/${slug}/events.atom${query}`, init);
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
  const xml = await response.text();
  const verdict = XMLValidator.validate(xml);
  expect(verdict === true ? true : JSON.stringify(verdict)).toBe(true);
  return { response, xml, feed: parseAtomFeed(xml) };
}

describe("the Atom feed of a feed's events", () => {
  it("lists the latest events newest first, with stable entry ids, titles, links and the body as text", async () => {
    const { slug, token } = await feedWithToken("read");
    const writer = await createToken({ feeds: [slug] });
    const story = await publish(slug, writer, SAMPLE_ARTICLE);
    expect((await patch(slug, writer, story.id, { summary: "Edited." })).status).toBe(200);
    await publish(slug, writer, article("No link"));

    const { feed } = await fetchAtom(slug, { token });
    const entries = feed.entries ?? [];
    expect(entries.map((e) => e.title?.value)).toEqual([
      "article.published: No link",
      `article.updated: ${SAMPLE_ARTICLE.title}`,
      `article.published: ${SAMPLE_ARTICLE.title}`,
    ]);
    expect(entries[1]?.links?.find((l) => l.rel === "alternate")?.href).toBe(SAMPLE_ARTICLE.url);
    expect(entries[0]?.links?.some((l) => l.rel === "alternate")).toBeFalsy();
    const polled = (await poll(slug, token)).items;
    const ids = entries.map((e) => e.id ?? "");
    for (const id of ids)
      expect(id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(3);
    entries.forEach((entry, i) => {
      const event = polled[polled.length - 1 - i] as PolledEvent;
      expect(JSON.parse(entry.content?.value ?? "")).toEqual(event.payload);
      expect(Date.parse(entry.updated ?? "")).toBe(Date.parse(event.created_at));
    });
    expect(feed.id).toMatch(/^urn:uuid:/);
    expect(feed.links?.find((l) => l.rel === "self")?.href).toBe(`${ORIGIN}/v1/feeds/${slug}/events.atom`);

    await publish(slug, writer, article("Later"));
    const later = await fetchAtom(slug, { token });
    expect(later.feed.id).toBe(feed.id);
    expect((later.feed.entries ?? []).slice(1).map((e) => e.id)).toEqual(ids);
  });

  it("pages back through older events with RFC 5005 links, each event once", async () => {
    const { slug, token } = await feedWithToken();
    for (const title of ["A", "B", "C", "D", "E"])
      await publish(slug, token, article(title, { tags: ["x"] }));

    const seen: string[] = [];
    let query = "?limit=2&tags=X";
    let pages = 0;
    for (;;) {
      const { feed, xml } = await fetchAtom(slug, { token }, query);
      pages += 1;
      seen.push(
        ...(feed.entries ?? []).map((e) => (e.title?.value ?? "").replace("article.published: ", "")),
      );
      const href = (rel: string) => feed.links?.find((l) => l.rel === rel)?.href;
      expect(href("first")).toBe(`${ORIGIN}/v1/feeds/${slug}/events.atom?tags=x&limit=2`);
      expect(xml.includes("<fh:archive/>")).toBe(pages > 1);
      const next = href("next");
      if (!next) break;
      expect(href("prev-archive")).toBe(next);
      expect(pages).toBeLessThan(5);
      query = next.slice(`${ORIGIN}/v1/feeds/${slug}/events.atom`.length);
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(["E", "D", "C", "B", "A"]);
  });

  it("takes the token as HTTP Basic credentials, and challenges for both schemes", async () => {
    const { slug, token } = await feedWithToken("read");
    await publish(slug, await createToken({ feeds: [slug] }), article("Read by a feed reader"));
    const { feed } = await fetchAtom(slug, { headers: { authorization: basicAuth(token, "anything") } });
    expect(feed.entries?.[0]?.title?.value).toBe("article.published: Read by a feed reader");
    await fetchAtom(slug, { headers: { authorization: basicAuth(token, "") } });

    const anonymous = await api(`/v1/feeds/${slug}/events.atom`);
    await expectProblem(anonymous, 401);
    expect(anonymous.headers.get("www-authenticate")).toBe('Bearer realm="ferry", Basic realm="Ferry"');
    const wrong = await api(`/v1/feeds/${slug}/events.atom`, {
      headers: { authorization: basicAuth("fry_wrong") },
    });
    await expectProblem(wrong, 401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/error="invalid_token".*Basic realm="Ferry"/);
    const noPassword = await api(`/v1/feeds/${slug}/events.atom`, {
      headers: { authorization: `Basic ${btoa(token)}` },
    });
    await expectProblem(noPassword, 401);
  });

  it("answers If-None-Match with 304 until an event changes the page", async () => {
    const { slug, token } = await feedWithToken();
    await publish(slug, token, article("First"));
    const { response } = await fetchAtom(slug, { token });
    const etag = response.headers.get("etag") as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(response.headers.get("cache-control")).toBe("private, no-cache");

    const unchanged = await api(`/v1/feeds/${slug}/events.atom`, {
      token,
      headers: { "if-none-match": etag },
    });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get("etag")).toBe(etag);
    expect(await unchanged.text()).toBe("");

    await publish(slug, token, article("Second"));
    const changed = await fetchAtom(slug, { token, headers: { "if-none-match": etag } });
    expect(changed.response.headers.get("etag")).not.toBe(etag);
  });
});
