import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { QueueMessage } from "../src/domain/queue-messages";
import worker from "../src/index";
import { publish } from "./support/articles";
import { consume, drained } from "./support/drain";
import { api, expectProblem, pointers } from "./support/http";
import { receivedBy } from "./support/receiver";
import { feedWithToken, ORIGIN } from "./support/seed";
import { type EndpointBody, subscribe, verifyDelivery } from "./support/webhooks";

/** What a receiver got, in order, as "<type> <title>". */
async function deliveredTo(receiverId: string, secret: string): Promise<string[]> {
  return (await receivedBy(receiverId)).map((request) => {
    const { type, data } = verifyDelivery(request, secret);
    return `${type} ${data.title}`;
  });
}

async function patchWebhook(slug: string, token: string, id: string, body: unknown): Promise<EndpointBody> {
  const response = await api(`/v1/feeds/${slug}/webhooks/${id}`, { method: "PATCH", token, body });
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as EndpointBody;
}

async function patchArticle(slug: string, token: string, id: string, body: unknown): Promise<void> {
  const response = await api(`/v1/feeds/${slug}/articles/${id}`, {
    method: "PATCH",
    token,
    body,
    headers: { "content-type": "application/merge-patch+json" },
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/**
 * Publishes through the Worker with its queue held back, as a slow or lost queue message would: the event
 * is committed but not fanned out. Returns the fan-out messages the queue would have carried.
 * `db` stands in for the Worker's D1.
 */
async function publishHeld(
  slug: string,
  token: string,
  body: unknown,
  db: D1Database = env.DB,
): Promise<QueueMessage[]> {
  const held: QueueMessage[] = [];
  const queue = {
    send: async (message: QueueMessage) => void held.push(message),
    sendBatch: async (messages: { body: QueueMessage }[]) => void held.push(...messages.map((m) => m.body)),
  } as unknown as Queue<QueueMessage>;
  const request = new Request(`${ORIGIN}/v1/feeds/${slug}/articles`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, DB: db, DELIVERY_QUEUE: queue }, ctx);
  await waitOnExecutionContext(ctx);
  expect(response.status, await response.text()).toBe(201);
  expect(held).toHaveLength(1);
  return held;
}

/** A D1 over `db` that records the SQL of every statement it runs and the rows D1 says they read. */
function countingD1(db: D1Database) {
  const cost = { statements: [] as string[], rowsRead: 0 };
  const prepared = new WeakMap<object, { statement: D1PreparedStatement; sql: string }>();
  const count = (sql: string, result: unknown) => {
    cost.statements.push(sql);
    cost.rowsRead += (result as { meta?: { rows_read?: number } } | null)?.meta?.rows_read ?? 0;
    return result;
  };
  const wrap = (statement: D1PreparedStatement, sql: string): D1PreparedStatement => {
    const runs =
      (method: "first" | "all" | "run" | "raw") =>
      async (...args: unknown[]) =>
        count(sql, await (statement[method] as (...a: unknown[]) => Promise<unknown>).apply(statement, args));
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values), sql),
      first: runs("first"),
      all: runs("all"),
      run: runs("run"),
      raw: runs("raw"),
    };
    prepared.set(wrapped, { statement, sql });
    return wrapped as unknown as D1PreparedStatement;
  };
  const counting = {
    prepare: (sql: string) => wrap(db.prepare(sql), sql),
    batch: async (statements: D1PreparedStatement[]) => {
      const inner = statements.map((s) => prepared.get(s) ?? { statement: s, sql: "?" });
      const results = await db.batch(inner.map((s) => s.statement));
      for (const [i, result] of results.entries()) count(inner[i]?.sql ?? "?", result);
      return results;
    },
  };
  return { db: counting as unknown as D1Database, cost };
}

/**
 * Moves what the feed's webhooks have recorded so far (subscriptions, filter versions, events) a second into
 * the past, so that what a test does next is strictly later: requests in a test can share a millisecond.
 */
async function pushIntoPast(slug: string): Promise<void> {
  const feed = "(SELECT id FROM feeds WHERE slug = ?)";
  await env.DB.batch([
    env.DB.prepare(
      `UPDATE webhook_endpoint_filters SET valid_from = valid_from - 1000
       WHERE endpoint_id IN (SELECT id FROM webhook_endpoints WHERE feed_id = ${feed})`,
    ).bind(slug),
    env.DB.prepare(
      `UPDATE webhook_endpoints SET created_at = created_at - 1000 WHERE feed_id = ${feed}`,
    ).bind(slug),
    env.DB.prepare(`UPDATE events SET created_at = created_at - 1000 WHERE feed_id = ${feed}`).bind(slug),
  ]);
}

describe.concurrent("webhook filters by tag and author", () => {
  it("delivers only articles with one of the filter's tags, in any case", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, secret, receiverId } = await subscribe(slug, token, "ok", {
      filter: { tags: [" Film ", "FILM", "Noir"] },
    });
    expect(endpoint.filter).toEqual({ tags: ["film", "noir"], authors: null });
    await publish(slug, token, { title: "Tagged", tags: ["Business", "fIlM"] });
    await publish(slug, token, { title: "Other tag", tags: ["sport"] });
    await publish(slug, token, { title: "Untagged" });
    await publish(slug, token, { title: "Second tag", tags: ["noir"] });
    await drained(slug);
    expect((await deliveredTo(receiverId, secret)).sort()).toEqual([
      "article.published Second tag",
      "article.published Tagged",
    ]);
  });

  it("delivers only articles by one of the filter's authors, by name, else email or URL", async () => {
    const { slug, token } = await feedWithToken();
    const { secret, receiverId } = await subscribe(slug, token, "ok", {
      filter: { authors: ["ada lovelace", "Desk@News.Example"] },
    });
    await publish(slug, token, { title: "By Ada", authors: [{ name: "Ada LOVELACE" }, { name: "Bob" }] });
    await publish(slug, token, { title: "By the desk", authors: [{ email: "desk@news.example" }] });
    await publish(slug, token, { title: "By Bob", authors: [{ name: "Bob" }] });
    await publish(slug, token, { title: "By nobody" });
    await drained(slug);
    expect((await deliveredTo(receiverId, secret)).sort()).toEqual([
      "article.published By Ada",
      "article.published By the desk",
    ]);
  });

  it("needs both one of the tags and one of the authors when the filter has both", async () => {
    const { slug, token } = await feedWithToken();
    const { secret, receiverId } = await subscribe(slug, token, "ok", {
      filter: { tags: ["film"], authors: ["Ada"] },
    });
    await publish(slug, token, { title: "Both", tags: ["film"], authors: [{ name: "Ada" }] });
    await publish(slug, token, { title: "Tag only", tags: ["film"], authors: [{ name: "Bob" }] });
    await publish(slug, token, { title: "Author only", tags: ["sport"], authors: [{ name: "Ada" }] });
    await drained(slug);
    expect(await deliveredTo(receiverId, secret)).toEqual(["article.published Both"]);
  });

  it("tells once that an update took the article out of the filter, then nothing more", async () => {
    const { slug, token } = await feedWithToken();
    const { secret, receiverId } = await subscribe(slug, token, "ok", { filter: { tags: ["film"] } });
    const article = await publish(slug, token, { title: "Moving", tags: ["film"] });
    await drained(slug);
    await patchArticle(slug, token, article.id, { title: "Moved", tags: ["sport"] });
    await drained(slug);
    await patchArticle(slug, token, article.id, { title: "Moved again" });
    await drained(slug);
    const requests = await receivedBy(receiverId);
    expect(await deliveredTo(receiverId, secret)).toEqual([
      "article.published Moving",
      "article.updated Moved",
    ]);
    expect(verifyDelivery(requests[1] as (typeof requests)[number], secret).data.tags).toEqual(["sport"]);
  });

  it("delivers the deletion of a matching article, and nothing of one that does not match", async () => {
    const { slug, token } = await feedWithToken();
    const { secret, receiverId } = await subscribe(slug, token, "ok", { filter: { tags: ["film"] } });
    const kept = await publish(slug, token, { title: "Film", tags: ["film"] });
    const other = await publish(slug, token, { title: "Sport", tags: ["sport"] });
    await drained(slug);
    for (const { id } of [kept, other]) {
      expect((await api(`/v1/feeds/${slug}/articles/${id}`, { method: "DELETE", token })).status).toBe(204);
    }
    await drained(slug);
    expect(await deliveredTo(receiverId, secret)).toEqual(["article.published Film", "article.deleted Film"]);
  });

  it("sends a test ping whatever the filter", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, secret, receiverId } = await subscribe(slug, token, "ok", {
      filter: { tags: ["never-used"] },
      events: ["article.deleted"],
    });
    const ping = await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/test`, { method: "POST", token });
    expect(ping.status).toBe(202);
    await drained(slug);
    const requests = await receivedBy(receiverId);
    expect(requests.map((r) => verifyDelivery(r, secret).type)).toEqual(["webhook.test"]);
  });

  it("changes the filter with PATCH as a merge patch, and shows it", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint } = await subscribe(slug, token, "ok", { filter: { tags: ["film"] } });
    const { id } = endpoint;
    expect((await patchWebhook(slug, token, id, { filter: { authors: ["Ada"] } })).filter).toEqual({
      tags: ["film"],
      authors: ["ada"],
    });
    expect((await patchWebhook(slug, token, id, { description: "unrelated" })).filter).toEqual({
      tags: ["film"],
      authors: ["ada"],
    });
    expect((await patchWebhook(slug, token, id, { filter: { tags: null } })).filter).toEqual({
      tags: null,
      authors: ["ada"],
    });
    expect((await patchWebhook(slug, token, id, { filter: { authors: null } })).filter).toBeNull();
    await patchWebhook(slug, token, id, { filter: { tags: ["a"], authors: ["b"] } });
    expect((await patchWebhook(slug, token, id, { filter: null })).filter).toBeNull();
    const read = (await (await api(`/v1/feeds/${slug}/webhooks/${id}`, { token })).json()) as EndpointBody;
    expect(read.filter).toBeNull();
    const unfiltered = await subscribe(slug, token);
    expect(unfiltered.endpoint.filter).toBeNull();
  });

  it("refuses an invalid filter, naming each wrong member, and writes nothing", async () => {
    const { slug, token } = await feedWithToken();
    const url = "https://example.com/hook";
    const bad: [unknown, string[]][] = [
      [{ tags: ["film", "", "ok", 7] }, ["/filter/tags/1", "/filter/tags/3"]],
      [{ tags: ["ok", "ok", "ok", "x".repeat(201)] }, ["/filter/tags/3"]],
      [{ tags: [] }, ["/filter/tags"]],
      [{ authors: Array.from({ length: 51 }, (_, i) => `a${i}`) }, ["/filter/authors"]],
      [{ authors: "Ada" }, ["/filter/authors"]],
      [{ tag: ["film"] }, ["/filter/tag"]],
      [{}, ["/filter"]],
      ["film", ["/filter"]],
    ];
    for (const [filter, expected] of bad) {
      const problem = await expectProblem(
        await api(`/v1/feeds/${slug}/webhooks`, { token, body: { url, filter } }),
        422,
      );
      expect(pointers(problem), JSON.stringify(filter)).toEqual(expected);
    }
    const tooLong = await expectProblem(
      await api(`/v1/feeds/${slug}/webhooks`, {
        token,
        body: { url, filter: { tags: ["  ", "y".repeat(201)] } },
      }),
      422,
    );
    expect(tooLong.errors?.map((e) => e.detail)).toEqual([
      "`filter/tags/0` must not be empty.",
      "`filter/tags/1` must be at most 200 characters.",
    ]);
    const list = (await (await api(`/v1/feeds/${slug}/webhooks`, { token })).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);

    const { endpoint } = await subscribe(slug, token, "ok", { filter: { tags: ["film"] } });
    const patch = await expectProblem(
      await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}`, {
        method: "PATCH",
        token,
        body: { filter: { tags: [""] } },
      }),
      422,
    );
    expect(pointers(patch)).toEqual(["/filter/tags/0"]);
    const read = (await (
      await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}`, { token })
    ).json()) as EndpointBody;
    expect(read.filter).toEqual({ tags: ["film"], authors: null });
  });
});

describe.concurrent("filter changes apply to events created afterwards", () => {
  it("addresses an event fanned out after a change by the filter and events in force when it was created", async () => {
    const { slug, token } = await feedWithToken();
    const retagged = await subscribe(slug, token, "ok", { filter: { tags: ["film"] } });
    const narrowed = await subscribe(slug, token, "ok", { filter: { tags: ["film"] } });
    const held = await publishHeld(slug, token, { title: "Before", tags: ["film"] });
    await pushIntoPast(slug);
    await patchWebhook(slug, token, retagged.endpoint.id, { filter: { tags: ["sport"] } });
    await patchWebhook(slug, token, narrowed.endpoint.id, { events: ["article.deleted"] });

    // The queue gets to the event only now, after both changes.
    await consume(held);
    await publish(slug, token, { title: "After, film", tags: ["film"] });
    await publish(slug, token, { title: "After, sport", tags: ["sport", "film"] });
    await drained(slug);

    expect(await deliveredTo(retagged.receiverId, retagged.secret)).toEqual([
      "article.published Before",
      "article.published After, sport",
    ]);
    expect(await deliveredTo(narrowed.receiverId, narrowed.secret)).toEqual(["article.published Before"]);
  });

  it("replays each event under the filter in force when it was created", async () => {
    const { slug, token } = await feedWithToken();
    const { endpoint, secret, receiverId } = await subscribe(slug, token, "ok", {
      filter: { tags: ["film"] },
    });
    await publish(slug, token, { title: "Film before", tags: ["film"] });
    await publish(slug, token, { title: "Sport before", tags: ["sport"] });
    await drained(slug);
    await pushIntoPast(slug);
    await patchWebhook(slug, token, endpoint.id, { filter: { tags: ["sport"] } });
    await publish(slug, token, { title: "Film after", tags: ["film"] });
    await publish(slug, token, { title: "Sport after", tags: ["sport"] });
    await drained(slug);
    const live = await deliveredTo(receiverId, secret);
    expect(live.sort()).toEqual(["article.published Film before", "article.published Sport after"]);

    const replay = await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/replay`, {
      token,
      body: { since: "2000-01-01T00:00:00Z", include_succeeded: true },
    });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ queued: 2, next_since: null });
    await drained(slug);
    const replayed = (await deliveredTo(receiverId, secret)).slice(live.length);
    expect(replayed.sort()).toEqual(live);
  });
});

/** `count` endpoints on the feed, each filtered on its own tag and author (`tag-N`, `author-N`), as if subscribed. */
async function addFilteredEndpoints(slug: string, count: number): Promise<void> {
  const now = Date.now();
  await env.DB.batch([
    env.DB.prepare(
      `WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ?2)
       INSERT INTO webhook_endpoints (public_id, feed_id, url, secret, filter_tags_json, filter_authors_json, created_at, updated_at)
       SELECT 'ep_' || lower(hex(randomblob(12))), f.id, 'https://subscriber.example/' || i, 'whsec_dGVzdA==',
         json_array('tag-' || i), json_array('author-' || i), ?3, ?3
       FROM seq, feeds f WHERE f.slug = ?1`,
    ).bind(slug, count, now),
    env.DB.prepare(
      `INSERT INTO webhook_endpoint_filters (endpoint_id, valid_from, tags_json, authors_json)
       SELECT e.id, 0, e.filter_tags_json, e.filter_authors_json
       FROM webhook_endpoints e JOIN feeds f ON f.id = e.feed_id WHERE f.slug = ?`,
    ).bind(slug),
  ]);
}

describe("publishing with filtered endpoints", () => {
  it("runs the same statements and reads the same rows with 1 000 filtered endpoints as with none", async () => {
    const bare = await feedWithToken();
    const busy = await feedWithToken();
    await addFilteredEndpoints(busy.slug, 1000);
    const article = { title: "Cost", tags: ["tag-1"], authors: [{ name: "author-2" }] };
    const costOf = async (feed: { slug: string; token: string }) => {
      const { db, cost } = countingD1(env.DB);
      await publishHeld(feed.slug, feed.token, article, db);
      return cost;
    };
    const none = await costOf(bare);
    const many = await costOf(busy);
    expect(many.statements.length).toBeGreaterThan(0);
    expect(many.statements).toEqual(none.statements);
    expect(many.rowsRead).toBeGreaterThan(0);
    expect(many.rowsRead).toBe(none.rowsRead);
    // Fan-out, which reads the endpoints, is the queue's work, not the request's.
    expect(many.statements.join("\n")).not.toMatch(/webhook_endpoint/);
  });
});
