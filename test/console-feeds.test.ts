import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type ConsoleBrowser,
  consoleFetch,
  consolePage,
  csrfOf,
  hiddenFieldOf,
  signIn,
} from "./support/console";
import { api } from "./support/http";
import { createFeed, createToken, uniqueSlug } from "./support/seed";

let admin = "";
let browser: ConsoleBrowser;

beforeAll(async () => {
  admin = await createToken({ role: "admin" });
  browser = await signIn(admin);
});

async function newFeedForm() {
  const html = await consolePage("/console/feeds/new", browser);
  return { csrf: csrfOf(html), idempotency_key: hiddenFieldOf(html, "idempotency_key") };
}

describe("feeds in the console", () => {
  it("lists each feed with its live and scheduled articles, last publication and subscribers", async () => {
    const slug = await createFeed();
    const writer = await createToken({ role: "write", feeds: [slug] });
    for (const body of [
      { title: "Old", date_published: "2020-05-01T10:00:00Z" },
      { title: "Later", date_published: "2099-01-01T00:00:00Z" },
      { title: "Gone" },
    ]) {
      const created = await api(`/v1/feeds/${slug}/articles`, { token: writer, body });
      if (body.title === "Gone") {
        const { id } = (await created.json()) as { id: string };
        await api(`/v1/feeds/${slug}/articles/${id}`, { method: "DELETE", token: writer });
      }
    }
    await api(`/v1/feeds/${slug}/webhooks`, { token: writer, body: { url: "https://93.184.216.34/hook" } });
    const html = await consolePage("/console/feeds", browser);
    const row =
      new RegExp(`<tr><td><a href="/console/feeds/${slug}/articles">[^]*?</tr>`).exec(html)?.[0] ?? "";
    expect(row).toContain('data-label="Articles">2<span class="muted"> (1 scheduled)</span>');
    expect(row).toContain('<time datetime="2020-05-01T10:00:00.000Z">2020-05-01 10:00 UTC</time>');
    expect(row).toContain('data-label="Webhooks">1</td><td class="num" data-label="WebSub">0</td>');
  });

  it("creates a feed as POST /v1/feeds does, once however often the form is sent", async () => {
    const slug = uniqueSlug("console");
    const form = {
      ...(await newFeedForm()),
      slug,
      title: "From the console",
      language: "en",
      item_limit: "30",
      content: "excerpt",
    };
    const created = await consoleFetch("/console/feeds", { browser, form });
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toBe(`/console/feeds/${slug}/articles?notice=feed-created`);
    expect((await consoleFetch("/console/feeds", { browser, form })).status).toBe(303);
    const feed = await (await api(`/v1/feeds/${slug}`, { token: admin })).json();
    expect(feed).toMatchObject({
      slug,
      title: "From the console",
      language: "en",
      item_limit: 30,
      content: "excerpt",
    });
    const { results } = await env.DB.prepare("SELECT 1 FROM feeds WHERE slug = ?").bind(slug).all();
    expect(results).toHaveLength(1);
  });

  it("shows a taken slug and invalid settings next to their fields, with the API's statuses", async () => {
    const taken = await createFeed();
    const conflict = await consoleFetch("/console/feeds", {
      browser,
      form: { ...(await newFeedForm()), slug: taken, title: "Again", content: "full" },
    });
    expect(conflict.status).toBe(409);
    expect(await conflict.text()).toMatch(/id="f-slug-error">Already taken\.</);
    const invalid = await consoleFetch("/console/feeds", {
      browser,
      form: { ...(await newFeedForm()), slug: "Not A Slug", title: "", item_limit: "500", content: "full" },
    });
    expect(invalid.status).toBe(422);
    const html = await invalid.text();
    for (const field of ["slug", "title", "item_limit"])
      expect(html, field).toMatch(new RegExp(`id="f-${field}-error">`));
  });

  it("changes a feed's settings as PATCH /v1/feeds/:feed does: an emptied setting is cleared, others stay", async () => {
    const slug = uniqueSlug("settings");
    await api("/v1/feeds", {
      token: admin,
      body: { slug, title: "Before", description: "Old words", home_page_url: "https://example.com/" },
    });
    const page = await consolePage(`/console/feeds/${slug}/settings`, browser);
    expect(page).toContain('value="https://example.com/"');
    const saved = await consoleFetch(`/console/feeds/${slug}/settings`, {
      browser,
      form: {
        csrf: csrfOf(page),
        title: "After",
        description: "",
        home_page_url: "https://example.com/",
        language: "",
        author: "Desk <desk@example.com>",
        icon: "",
        item_limit: "",
        content: "full",
      },
    });
    expect(saved.status).toBe(303);
    const feed = (await (await api(`/v1/feeds/${slug}`, { token: admin })).json()) as Record<string, unknown>;
    expect(feed).toMatchObject({
      title: "After",
      home_page_url: "https://example.com/",
      author: { name: "Desk", email: "desk@example.com" },
      item_limit: 20,
    });
    expect(feed.description).toBeUndefined();
  });
});
