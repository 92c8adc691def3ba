import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { SEARCH_WINDOW } from "../src/console/routes/article-list";
import {
  type ConsoleBrowser,
  consoleFetch,
  consolePage,
  csrfOf,
  hiddenFieldOf,
  signIn,
} from "./support/console";
import { readAllFormats } from "./support/feeds";
import { api } from "./support/http";
import { waitForRequests } from "./support/receiver";
import { feedWithToken, SAMPLE_ARTICLE } from "./support/seed";
import { subscribe, verifyDelivery } from "./support/webhooks";

let slug = "";
let token = "";
let browser: ConsoleBrowser;

beforeAll(async () => {
  ({ slug, token } = await feedWithToken("write"));
  browser = await signIn(token);
});

/** Opens the compose page and sends it with `fields`, as the browser would. */
async function compose(fields: Record<string, string>, intent = "save") {
  const html = await consolePage(`/console/feeds/${slug}/articles/new`, browser);
  const form = {
    csrf: csrfOf(html),
    idempotency_key: hiddenFieldOf(html, "idempotency_key"),
    intent,
    ...fields,
  };
  return { form, response: await consoleFetch(`/console/feeds/${slug}/articles`, { browser, form }) };
}

function createdId(response: Response): string {
  expect(response.status).toBe(303);
  const id = /\/articles\/([0-9a-f-]{36})\?notice=/.exec(response.headers.get("location") ?? "")?.[1];
  expect(id).toBeDefined();
  return id as string;
}

const apiArticle = async (id: string) =>
  (await api(`/v1/feeds/${slug}/articles/${id}`, { token })).json() as Promise<Record<string, unknown>>;
const rowCount = async () =>
  (await env.DB.prepare(
    "SELECT count(*) AS n FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.slug = ?",
  )
    .bind(slug)
    .first<number>("n")) as number;

describe("composing in the console", () => {
  it("publishes through the API's write path: in every feed format, and webhooks get article.published", async () => {
    const { endpoint, secret, receiverId } = await subscribe(slug, token);
    const { response } = await compose({
      title: "Written in the console",
      summary: "A teaser.",
      content_html: '<p>Hello <a href="/relative">there</a><script>alert(1)</script></p>',
      tags: "console, film",
      authors: "Ada Lovelace <ada@example.com> https://ada.example",
      url: "https://news.example.com/console",
    });
    const id = createdId(response);
    expect(response.headers.get("location")).toContain("notice=published");
    const stored = await apiArticle(id);
    expect(stored).toMatchObject({
      title: "Written in the console",
      tags: ["console", "film"],
      authors: [{ name: "Ada Lovelace", email: "ada@example.com", url: "https://ada.example" }],
      content_html: '<p>Hello <a href="https://news.example.com/relative">there</a></p>',
    });
    const feeds = await readAllFormats(slug);
    expect(feeds.json.items?.map((item) => item.id)).toContain(id);
    const [delivery] = await waitForRequests(receiverId, (requests) => requests.length > 0);
    const payload = verifyDelivery(delivery as NonNullable<typeof delivery>, secret);
    expect(payload).toMatchObject({
      type: "article.published",
      data: { id, title: "Written in the console" },
    });
    expect(endpoint.id).toMatch(/^ep_/);
  });

  it("shows each validation problem next to the field its pointer names, with the API's status, and writes nothing", async () => {
    const before = await rowCount();
    const { response } = await compose({
      title: "",
      url: "ftp://example.com/x",
      tags: "ok, ".concat("x".repeat(101)),
      authors: "<not-an-email>",
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    for (const field of ["title", "url", "tags", "authors"]) {
      expect(html, field).toMatch(new RegExp(`id="f-${field}-error">[^<]+<`));
      expect(html, field).toMatch(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
    }
    expect(html).toContain("`tags/1` must be at most 100 characters.");
    // What was typed comes back, so nothing is lost.
    expect(html).toContain('value="ftp://example.com/x"');
    expect(await rowCount()).toBe(before);
  });

  it("publishes once when the same form is sent twice (its idempotency key), as the API does", async () => {
    const title = `Twice ${crypto.randomUUID()}`;
    const { form, response } = await compose({ title });
    const again = await consoleFetch(`/console/feeds/${slug}/articles`, { browser, form });
    expect(createdId(again)).toBe(createdId(response));
    const { results } = await env.DB.prepare("SELECT 1 FROM articles WHERE title = ?").bind(title).all();
    expect(results).toHaveLength(1);
  });

  it("previews the sanitised HTML in a sandboxed srcdoc frame, writing nothing", async () => {
    const before = await rowCount();
    const { response } = await compose(
      {
        title: "Preview",
        url: "https://news.example.com/preview",
        content_html:
          '<p onclick="steal()">Hi <img src="pic.png" onerror="alert(1)"></p><script>alert(2)</script>',
      },
      "preview",
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    const frame = /<iframe[^>]*>/.exec(html)?.[0] ?? "";
    expect(frame).toContain('sandbox=""');
    const srcdoc = /srcdoc="([^"]*)"/.exec(frame)?.[1] ?? "";
    expect(srcdoc).toContain(
      "&lt;p&gt;Hi &lt;img src=&quot;https://news.example.com/pic.png&quot;&gt;&lt;/p&gt;",
    );
    expect(srcdoc).not.toMatch(/script|onclick|onerror/);
    expect(await rowCount()).toBe(before);
  });

  it("schedules an article dated in the future: marked in the list, absent from the feeds until its time", async () => {
    const { response } = await compose({ title: "Later", date_published: "2099-01-01T09:30" });
    const id = createdId(response);
    expect(response.headers.get("location")).toContain("notice=scheduled");
    expect(await apiArticle(id)).toMatchObject({ date_published: "2099-01-01T09:30:00Z" });
    const list = await consolePage(`/console/feeds/${slug}/articles`, browser);
    expect(list).toMatch(
      new RegExp(`${id}">Later</a></td><td data-label="Status"><span class="badge scheduled"`),
    );
    const feeds = await readAllFormats(slug);
    expect(feeds.json.items?.map((item) => item.id)).not.toContain(id);
  });
});

describe("editing in the console", () => {
  it("saves the form's members, keeps those it does not show, and stamps date_modified as an API edit does", async () => {
    const created = await api(`/v1/feeds/${slug}/articles`, {
      token,
      body: {
        ...SAMPLE_ARTICLE,
        authors: [{ name: "News Desk", avatar: "https://news.example.com/desk.png" }],
        attachments: [{ url: "https://news.example.com/a.mp3", mime_type: "audio/mpeg", size_in_bytes: 10 }],
        language: "en",
        date_modified: "2015-01-12T16:00:00Z",
      },
    });
    const { id } = (await created.json()) as { id: string };
    const page = await consolePage(`/console/feeds/${slug}/articles/${id}`, browser);
    expect(page).toContain(`value="${SAMPLE_ARTICLE.url}"`);
    const form = {
      csrf: csrfOf(page),
      version: hiddenFieldOf(page, "version"),
      intent: "save",
      title: "Edited title",
      summary: "",
      content_html: "<p>New body</p>",
      tags: "film",
      authors: "News Desk",
      url: SAMPLE_ARTICLE.url,
      external_url: "",
      image: "",
      date_published: "2015-01-12T15:30:00",
    };
    const saved = await consoleFetch(`/console/feeds/${slug}/articles/${id}`, { browser, form });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/console/feeds/${slug}/articles/${id}?notice=saved`);
    const after = await apiArticle(id);
    expect(after).toMatchObject({
      title: "Edited title",
      content_html: "<p>New body</p>",
      tags: ["film"],
      authors: [{ name: "News Desk", avatar: "https://news.example.com/desk.png" }],
      attachments: [{ url: "https://news.example.com/a.mp3", mime_type: "audio/mpeg", size_in_bytes: 10 }],
      language: "en",
      date_published: "2015-01-12T15:30:00Z",
    });
    expect(after.summary).toBeUndefined();
    expect(Date.parse(after.date_modified as string)).toBeGreaterThan(Date.parse("2020-01-01T00:00:00Z"));

    // The form it was sent from is now out of date: saving it again is refused, as a stale If-Match is.
    const stale = await consoleFetch(`/console/feeds/${slug}/articles/${id}`, {
      browser,
      form: { ...form, title: "Overwrite" },
    });
    expect(stale.status).toBe(412);
    const html = await stale.text();
    expect(html).toContain("Someone changed this article since you opened it.");
    expect(html).toContain('value="Overwrite"');
    expect(hiddenFieldOf(html, "version")).not.toBe(form.version);
    expect((await apiArticle(id)).title).toBe("Edited title");
  });

  it("deletes after a confirmation page: a tombstone marked in the list, gone from the feeds, 410 to the API", async () => {
    const { response } = await compose({ title: "Short-lived" });
    const id = createdId(response);
    const confirm = await consolePage(`/console/feeds/${slug}/articles/${id}/delete`, browser);
    expect(confirm).toContain("Delete this article?");
    const deleted = await consoleFetch(`/console/feeds/${slug}/articles/${id}/delete`, {
      browser,
      form: { csrf: csrfOf(confirm) },
    });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe(`/console/feeds/${slug}/articles?notice=deleted`);
    expect((await api(`/v1/feeds/${slug}/articles/${id}`, { token })).status).toBe(410);
    const list = await consolePage(`/console/feeds/${slug}/articles`, browser);
    expect(list).toContain('<tr class="deleted"><td><span class="title">Short-lived</span></td>');
    expect((await consoleFetch(`/console/feeds/${slug}/articles/${id}`, { browser })).status).toBe(410);
    const event = await env.DB.prepare("SELECT type FROM events WHERE article_public_id = ? ORDER BY id DESC")
      .bind(id)
      .first<string>("type");
    expect(event).toBe("article.deleted");
  });
});

describe("the article list", () => {
  it("pages newest first and finds titles containing the text, % and _ included, in bounded steps", async () => {
    const { slug: feed, token: writer } = await feedWithToken("write");
    const reader = await signIn(writer);
    for (let i = 0; i < 30; i++) {
      const title = i % 10 === 0 ? `Ferry 100%_sure ${i}` : `Story ${i}`;
      await api(`/v1/feeds/${feed}/articles`, { token: writer, body: { title } });
    }
    const first = await consolePage(`/console/feeds/${feed}/articles`, reader);
    const titles = (html: string) => [...html.matchAll(/class="title"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(titles(first)).toHaveLength(25);
    expect(titles(first)[0]).toBe("Story 29");
    const older = /href="([^"]*cursor=[^"]+)">Older articles/.exec(first)?.[1] as string;
    expect(titles(await consolePage(older.replaceAll("&amp;", "&"), reader))).toEqual([
      "Story 4",
      "Story 3",
      "Story 2",
      "Story 1",
      "Ferry 100%_sure 0",
    ]);
    const found = await consolePage(
      `/console/feeds/${feed}/articles?q=${encodeURIComponent("100%_S")}`,
      reader,
    );
    expect(titles(found)).toEqual(["Ferry 100%_sure 20", "Ferry 100%_sure 10", "Ferry 100%_sure 0"]);
    expect(titles(await consolePage(`/console/feeds/${feed}/articles?q=%25`, reader))).toHaveLength(3);
    expect(SEARCH_WINDOW).toBeGreaterThan(30);
  });
});
