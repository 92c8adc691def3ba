import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, parameters, pointers } from "./support/http";
import { createFeed, createToken, feedWithToken, SAMPLE_ARTICLE } from "./support/seed";

interface ArticleBody {
  id: string;
  title: string;
  content_html?: string;
  summary?: string;
  tags: string[];
  date_published: string;
  date_modified?: string;
  created_at: string;
  updated_at: string;
}

async function countArticles(slug: string): Promise<number> {
  const row = await env.DB.prepare(
    "SELECT count(*) AS n FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.slug = ?",
  )
    .bind(slug)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("creating articles", () => {
  it("stores the sample article and answers 201 with a Location and a stable UUID id", async () => {
    const { slug, token } = await feedWithToken();
    const response = await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    expect(response.status).toBe(201);
    const article = (await response.json()) as ArticleBody;
    expect(article.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get("location")).toBe(`/v1/feeds/${slug}/articles/${article.id}`);
    expect(article.title).toBe(SAMPLE_ARTICLE.title);
    expect(article.tags).toEqual(SAMPLE_ARTICLE.tags);
    expect(article.date_published).toBe("2015-01-12T15:30:00Z");
    const fetched = await api(`/v1/feeds/${slug}/articles/${article.id}`, { token });
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toEqual(article);
  });

  it("rejects a request without a token with 401 and a Bearer challenge", async () => {
    const { slug } = await feedWithToken();
    const response = await api(`/v1/feeds/${slug}/articles`, { body: SAMPLE_ARTICLE });
    await expectProblem(response, 401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("rejects unknown, revoked and expired tokens with 401", async () => {
    const { slug } = await feedWithToken();
    await expectProblem(
      await api(`/v1/feeds/${slug}/articles`, { token: "fry_nope", body: SAMPLE_ARTICLE }),
      401,
    );
    const expired = await createToken({ feeds: [slug], expiresAt: Date.now() - 1000 });
    await expectProblem(
      await api(`/v1/feeds/${slug}/articles`, { token: expired, body: SAMPLE_ARTICLE }),
      401,
    );
    expect(await countArticles(slug)).toBe(0);
  });

  it("answers 403 for a token scoped to another feed, and 404 for an unknown feed", async () => {
    const { token } = await feedWithToken();
    const other = await createFeed();
    await expectProblem(await api(`/v1/feeds/${other}/articles`, { token, body: SAMPLE_ARTICLE }), 403);
    await expectProblem(await api("/v1/feeds/no-such-feed/articles", { token, body: SAMPLE_ARTICLE }), 404);
    expect(await countArticles(other)).toBe(0);
  });

  it("does not let a read-only token write", async () => {
    const { slug, token } = await feedWithToken("read");
    await expectProblem(await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE }), 403);
    expect((await api(`/v1/feeds/${slug}/articles`, { token })).status).toBe(200);
  });

  it("answers 415 for a non-JSON content type and 400 for malformed JSON, writing nothing", async () => {
    const { slug, token } = await feedWithToken();
    const wrongType = await api(`/v1/feeds/${slug}/articles`, {
      token,
      rawBody: JSON.stringify(SAMPLE_ARTICLE),
      headers: { "content-type": "text/plain" },
    });
    await expectProblem(wrongType, 415);
    const malformed = await api(`/v1/feeds/${slug}/articles`, {
      token,
      rawBody: '{"title": "unterminated',
      headers: { "content-type": "application/json" },
    });
    await expectProblem(malformed, 400);
    expect(await countArticles(slug)).toBe(0);
  });

  it("answers 413 for a body over 1 MiB", async () => {
    const { slug, token } = await feedWithToken();
    const body = { ...SAMPLE_ARTICLE, content_html: `<p>${"x".repeat(1024 * 1024)}</p>` };
    await expectProblem(await api(`/v1/feeds/${slug}/articles`, { token, body }), 413);
    expect(await countArticles(slug)).toBe(0);
  });

  it("answers 413 naming content_html when sanitising would grow the article past what D1 stores", async () => {
    const { slug, token } = await feedWithToken();
    // 900 000 ampersands fit the 1 MiB body but become 4.5 MB of `&amp;` once escaped.
    const body = { title: "Ampersands", content_html: "&".repeat(900_000) };
    const problem = await expectProblem(await api(`/v1/feeds/${slug}/articles`, { token, body }), 413);
    expect(pointers(problem)).toEqual(["/content_html"]);
    expect(await countArticles(slug)).toBe(0);
  });

  it("answers 400 for JSON nested deeper than 32 levels, before anything recursive reads it", async () => {
    const { slug, token } = await feedWithToken();
    const deep = `{"title": "Deep", "x": ${"[".repeat(40)}${"]".repeat(40)}}`;
    const response = await api(`/v1/feeds/${slug}/articles`, {
      token,
      rawBody: deep,
      headers: { "content-type": "application/json" },
    });
    await expectProblem(response, 400);
    expect(await countArticles(slug)).toBe(0);
  });

  it("names every invalid field with a JSON pointer", async () => {
    const { slug, token } = await feedWithToken();
    const response = await api(`/v1/feeds/${slug}/articles`, {
      token,
      body: {
        title: "x".repeat(1001),
        url: "ftp://example.com/x",
        date_published: "2015-02-30T10:00:00Z",
        tags: ["ok", 7],
        authors: [{}],
      },
    });
    const problem = await expectProblem(response, 422);
    expect(pointers(problem)).toEqual(
      expect.arrayContaining(["/title", "/url", "/date_published", "/tags/1", "/authors/0"]),
    );
  });

  it("sanitises content_html and makes relative links absolute against the article URL", async () => {
    const { slug, token } = await feedWithToken();
    const response = await api(`/v1/feeds/${slug}/articles`, {
      token,
      body: {
        title: "Links",
        url: "https://news.example.com/2015/1/12/story",
        content_html: '<p onclick="x()">Hi <a href="/other">other</a><script>alert(1)</script></p>',
      },
    });
    const article = (await response.json()) as ArticleBody;
    expect(article.content_html).not.toMatch(/script|onclick/i);
    expect(article.content_html).toContain('href="https://news.example.com/other"');
  });
});

describe("idempotent submission", () => {
  it("replays the original response for a retry with the same key and body, creating one article", async () => {
    const { slug, token } = await feedWithToken();
    const send = () =>
      api(`/v1/feeds/${slug}/articles`, {
        token,
        body: SAMPLE_ARTICLE,
        headers: { "idempotency-key": "k-1" },
      });
    const first = await send();
    const second = await send();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.headers.get("location")).toBe(first.headers.get("location"));
    expect(await second.json()).toEqual(await first.json());
    expect(await countArticles(slug)).toBe(1);
  });

  it("creates one article when the same key races in parallel", async () => {
    const { slug, token } = await feedWithToken();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        api(`/v1/feeds/${slug}/articles`, {
          token,
          body: SAMPLE_ARTICLE,
          headers: { "idempotency-key": "race" },
        }),
      ),
    );
    const locations = new Set(responses.map((r) => r.headers.get("location")));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(locations.size).toBe(1);
    expect(await countArticles(slug)).toBe(1);
  });

  it("answers 422 when a key is reused with a different body", async () => {
    const { slug, token } = await feedWithToken();
    const headers = { "idempotency-key": "k-2" };
    expect((await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE, headers })).status).toBe(
      201,
    );
    const other = { ...SAMPLE_ARTICLE, title: "Another title" };
    await expectProblem(await api(`/v1/feeds/${slug}/articles`, { token, body: other, headers }), 422);
    expect(await countArticles(slug)).toBe(1);
  });
});

describe("reading, editing and deleting", () => {
  async function created() {
    const { slug, token } = await feedWithToken();
    const response = await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    return { slug, token, article: (await response.json()) as ArticleBody };
  }

  it("keeps the id across PUT and stamps date_modified", async () => {
    const { slug, token, article } = await created();
    const response = await api(`/v1/feeds/${slug}/articles/${article.id}`, {
      method: "PUT",
      token,
      body: { ...SAMPLE_ARTICLE, title: "New title" },
    });
    expect(response.status).toBe(200);
    const updated = (await response.json()) as ArticleBody;
    expect(updated.id).toBe(article.id);
    expect(updated.title).toBe("New title");
    expect(updated.date_modified).toBeDefined();
    expect(updated.created_at).toBe(article.created_at);
  });

  it("merges a PATCH (RFC 7396) and removes members set to null", async () => {
    const { slug, token, article } = await created();
    const response = await api(`/v1/feeds/${slug}/articles/${article.id}`, {
      method: "PATCH",
      token,
      body: { summary: null, tags: ["one"] },
      headers: { "content-type": "application/merge-patch+json" },
    });
    expect(response.status).toBe(200);
    const patched = (await response.json()) as ArticleBody;
    expect(patched.summary).toBeUndefined();
    expect(patched.tags).toEqual(["one"]);
    expect(patched.title).toBe(SAMPLE_ARTICLE.title);
    expect(patched.content_html).toBe(article.content_html);
  });

  it("rejects an invalid PATCH with 422 and leaves the article unchanged", async () => {
    const { slug, token, article } = await created();
    const path = `/v1/feeds/${slug}/articles/${article.id}`;
    await expectProblem(await api(path, { method: "PATCH", token, body: { title: null } }), 422);
    expect(await (await api(path, { token })).json()).toEqual(article);
  });

  it("honours If-Match so a stale edit is refused with 412", async () => {
    const { slug, token, article } = await created();
    const path = `/v1/feeds/${slug}/articles/${article.id}`;
    const etag = (await api(path, { token })).headers.get("etag") as string;
    const ok = await api(path, {
      method: "PATCH",
      token,
      body: { title: "First" },
      headers: { "if-match": etag },
    });
    expect(ok.status).toBe(200);
    const stale = await api(path, {
      method: "PATCH",
      token,
      body: { title: "Second" },
      headers: { "if-match": etag },
    });
    await expectProblem(stale, 412);
  });

  it("tombstones on DELETE: 204, then 410 on read, and DELETE again is 204", async () => {
    const { slug, token, article } = await created();
    const path = `/v1/feeds/${slug}/articles/${article.id}`;
    expect((await api(path, { method: "DELETE", token })).status).toBe(204);
    await expectProblem(await api(path, { token }), 410);
    expect((await api(path, { method: "DELETE", token })).status).toBe(204);
    await expectProblem(await api(path, { method: "PUT", token, body: SAMPLE_ARTICLE }), 410);
  });

  it("answers 400 for a malformed id and 404 for an unknown one", async () => {
    const { slug, token } = await created();
    const bad = await expectProblem(await api(`/v1/feeds/${slug}/articles/not-a-uuid`, { token }), 400);
    expect(parameters(bad)).toEqual(["path id"]);
    expect(pointers(bad)).toEqual([]);
    await expectProblem(await api(`/v1/feeds/${slug}/articles/${crypto.randomUUID()}`, { token }), 404);
  });

  it("answers 405 with Allow for a wrong method", async () => {
    const { slug, token } = await created();
    const response = await api(`/v1/feeds/${slug}/articles`, { method: "DELETE", token });
    await expectProblem(response, 405);
    expect(response.headers.get("allow")).toContain("POST");
  });
});

describe("listing articles", () => {
  it("walks every article exactly once with cursor pagination", async () => {
    const { slug, token } = await feedWithToken();
    for (let i = 0; i < 7; i++) {
      await api(`/v1/feeds/${slug}/articles`, { token, body: { title: `Article ${i}` } });
    }
    const seen: string[] = [];
    let path: string | null = `/v1/feeds/${slug}/articles?limit=3`;
    while (path) {
      const response: Response = await api(path, { token });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: ArticleBody[]; next_cursor: string | null };
      seen.push(...page.items.map((a) => a.title));
      path = page.next_cursor ? `/v1/feeds/${slug}/articles?limit=3&cursor=${page.next_cursor}` : null;
    }
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `Article ${6 - i}`));
  });

  it("rejects a forged cursor and an out-of-range limit with 400", async () => {
    const { slug, token } = await feedWithToken();
    const cursor = await expectProblem(await api(`/v1/feeds/${slug}/articles?cursor=!!`, { token }), 400);
    expect(parameters(cursor)).toEqual(["query cursor"]);
    const limit = await expectProblem(await api(`/v1/feeds/${slug}/articles?limit=1000`, { token }), 400);
    expect(parameters(limit)).toEqual(["query limit"]);
  });
});
