import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { consoleFetch, consolePage, csrfOf, signIn } from "./support/console";
import { api } from "./support/http";
import { createFeed, createToken, SAMPLE_ARTICLE } from "./support/seed";

let slug = "";
let otherSlug = "";
let articleId = "";

beforeAll(async () => {
  slug = await createFeed();
  otherSlug = await createFeed();
  const writer = await createToken({ role: "write", feeds: [slug] });
  const created = await api(`/v1/feeds/${slug}/articles`, { token: writer, body: SAMPLE_ARTICLE });
  articleId = ((await created.json()) as { id: string }).id;
});

const rowCounts = async () =>
  env.DB.prepare(
    "SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM feeds) AS feeds, (SELECT count(*) FROM events) AS events",
  ).first();

describe("a read token in the console", () => {
  it("sees the feed and its articles with no button that writes", async () => {
    const browser = await signIn(await createToken({ role: "read", feeds: [slug] }));
    const feeds = await consolePage("/console/feeds", browser);
    expect(feeds).toContain(`/console/feeds/${slug}/articles`);
    expect(feeds).not.toContain("New feed");
    expect(feeds).not.toContain("/settings");
    const list = await consolePage(`/console/feeds/${slug}/articles`, browser);
    expect(list).toContain(SAMPLE_ARTICLE.title.replaceAll("'", "&#39;"));
    expect(list).not.toContain("New article");
    expect(list).not.toContain("/delete");
    const article = await consolePage(`/console/feeds/${slug}/articles/${articleId}`, browser);
    expect(article).toContain("may read this feed but not change it");
    expect(article).not.toMatch(/<form[^>]*method="post"[^>]*action="\/console\/feeds/);
  });

  it("is refused with a 403 page when it posts anyway, and nothing is written", async () => {
    const browser = await signIn(await createToken({ role: "read", feeds: [slug] }));
    const csrf = csrfOf(await consolePage("/console/feeds", browser));
    const before = await rowCounts();
    const forged = [
      [`/console/feeds/${slug}/articles`, { title: "Forged", intent: "save" }],
      [
        `/console/feeds/${slug}/articles/${articleId}`,
        { title: "Forged edit", intent: "save", version: "0" },
      ],
      [`/console/feeds/${slug}/articles/${articleId}/delete`, {}],
      ["/console/feeds", { slug: "forged", title: "Forged" }],
      [`/console/feeds/${slug}/settings`, { title: "Forged" }],
    ] as const;
    for (const [path, fields] of forged) {
      const response = await consoleFetch(path, { browser, form: { csrf, ...fields } });
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).toMatch(
        /This needs a token with the (write|admin) role; this one has read\./,
      );
    }
    for (const path of [
      `/console/feeds/${slug}/articles/new`,
      `/console/feeds/${slug}/articles/${articleId}/delete`,
    ]) {
      expect((await consoleFetch(path, { browser })).status, path).toBe(403);
    }
    expect(await rowCounts()).toEqual(before);
  });
});

describe("a scoped write token in the console", () => {
  it("sees only its feeds, and another feed is a 403 as in the API", async () => {
    const browser = await signIn(await createToken({ role: "write", feeds: [slug] }));
    const feeds = await consolePage("/console/feeds", browser);
    expect(feeds).toContain(`/console/feeds/${slug}/articles`);
    expect(feeds).not.toContain(otherSlug);
    const other = await consoleFetch(`/console/feeds/${otherSlug}/articles`, { browser });
    expect(other.status).toBe(403);
    expect(await other.text()).toContain(`This token is not scoped to the feed &quot;${otherSlug}&quot;.`);
  });

  it("may write articles but not create feeds or change their settings", async () => {
    const browser = await signIn(await createToken({ role: "write", feeds: [slug] }));
    const list = await consolePage(`/console/feeds/${slug}/articles`, browser);
    expect(list).toContain("New article");
    expect(await consolePage("/console/feeds", browser)).not.toContain("New feed");
    expect((await consoleFetch("/console/feeds/new", { browser })).status).toBe(403);
    expect((await consoleFetch(`/console/feeds/${slug}/settings`, { browser })).status).toBe(403);
  });
});
