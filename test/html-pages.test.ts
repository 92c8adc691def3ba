import { type Document, type Element, isTag } from "domhandler";
import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { publish } from "./support/articles";
import { api, expectProblem } from "./support/http";
import { createToken, feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";

const FEED_TYPES = ["application/rss+xml", "application/atom+xml", "application/feed+json"];

async function fetchPage(path: string, headers: Record<string, string> = {}) {
  const response = await api(path, { headers });
  expect(response.status, path).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  const text = await response.text();
  return { response, text, dom: parseDocument(text) };
}

function elements(dom: Document, name: string): Element[] {
  return DomUtils.findAll((el) => el.name === name, dom.children);
}

function alternates(dom: Document) {
  return elements(dom, "link")
    .filter((el) => el.attribs.rel === "alternate")
    .map((el) => ({ type: el.attribs.type, title: el.attribs.title, href: el.attribs.href }));
}

/** Nothing is loaded from anywhere and nothing runs: no script, no src, no external stylesheet, no handler. */
function expectSelfContained(dom: Document) {
  const all = DomUtils.findAll(() => true, dom.children);
  expect(elements(dom, "script")).toEqual([]);
  expect(all.filter((el) => "src" in el.attribs).map((el) => el.name)).toEqual([]);
  expect(all.flatMap((el) => Object.keys(el.attribs).filter((a) => a.startsWith("on")))).toEqual([]);
  expect(elements(dom, "link").filter((el) => el.attribs.rel === "stylesheet")).toEqual([]);
  for (const link of elements(dom, "link")) expect(link.attribs.href?.startsWith(`${ORIGIN}/`)).toBe(true);
}

describe("a feed's HTML page", () => {
  it("is a phone-readable, self-contained page with autodiscovery links for the three formats", async () => {
    const { slug, token } = await feedWithToken();
    await publish(slug, token, SAMPLE_ARTICLE);
    const { response, dom } = await fetchPage(`/feeds/${slug}/`);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = elements(dom, "html")[0];
    expect(html?.attribs.lang).toBe("en");
    const viewport = elements(dom, "meta").find((m) => m.attribs.name === "viewport");
    expect(viewport?.attribs.content).toContain("width=device-width");
    expect(elements(dom, "meta").some((m) => m.attribs.charset === "utf-8")).toBe(true);
    expect(DomUtils.textContent(elements(dom, "title"))).toBe(`Feed ${slug}`);
    expectSelfContained(dom);

    // The feed's ActivityPub actor is an alternate too (test/activitypub-documents.test.ts follows it).
    const links = alternates(dom).filter((l) => l.type !== "application/activity+json");
    expect(links.map((l) => l.type)).toEqual(FEED_TYPES);
    expect(links.map((l) => l.href)).toEqual([
      `${ORIGIN}/feeds/${slug}/rss.xml`,
      `${ORIGIN}/feeds/${slug}/atom.xml`,
      `${ORIGIN}/feeds/${slug}/feed.json`,
    ]);
    for (const link of links) {
      expect(link.title).toMatch(new RegExp(`^Feed ${slug} \\((RSS|Atom|JSON Feed)\\)$`));
      const feed = await api((link.href ?? "").slice(ORIGIN.length));
      expect(feed.status).toBe(200);
      expect(feed.headers.get("content-type")).toBe(`${link.type}; charset=utf-8`);
    }
  });

  it("lists each article with its title linked to its URL, its date, authors, summary and tag pages", async () => {
    const { slug, token } = await feedWithToken();
    await publish(slug, token, SAMPLE_ARTICLE);
    const { dom } = await fetchPage(`/feeds/${slug}/`);
    const [article] = elements(dom, "article");
    expect(article).toBeDefined();
    const heading = DomUtils.findOne((el) => el.name === "h2", [article as Element]);
    const titleLink = DomUtils.findOne((el) => el.name === "a", heading ? [heading] : []);
    expect(titleLink?.attribs.href).toBe(SAMPLE_ARTICLE.url);
    expect(DomUtils.textContent(titleLink as Element)).toBe(SAMPLE_ARTICLE.title);
    const time = DomUtils.findOne((el) => el.name === "time", [article as Element]);
    expect(time?.attribs.datetime).toBe("2015-01-12T15:30:00Z");
    expect(DomUtils.textContent(time as Element)).toBe("2015-01-12");
    expect(DomUtils.textContent(article as Element)).toContain(SAMPLE_ARTICLE.summary);
    const hrefs = DomUtils.findAll((el) => el.name === "a", [article as Element]).map((a) => a.attribs.href);
    expect(hrefs).toContain(`${ORIGIN}/feeds/${slug}/authors/news%20desk/`);
    expect(hrefs).toContain(`${ORIGIN}/feeds/${slug}/tags/film/`);
  });

  it("escapes everything and never renders the article's HTML", async () => {
    const { slug, token } = await feedWithToken();
    await publish(slug, token, {
      title: `<script>alert("t")</script> & "quotes" 'too'`,
      summary: `<img src=x onerror=alert(1)>`,
      content_html: "<p>BODY-ONLY-MARKER</p>",
      tags: [`"><script>alert(2)</script>`],
      authors: [{ name: "<b>Eve</b>" }],
      url: `https://news.example.com/?a=1&b="2"`,
    });
    const { text, dom } = await fetchPage(`/feeds/${slug}/`);
    expectSelfContained(dom);
    expect(text).not.toContain("BODY-ONLY-MARKER");
    const article = elements(dom, "article")[0] as Element;
    expect(DomUtils.textContent(DomUtils.findOne((el) => el.name === "h2", [article]) as Element)).toBe(
      `<script>alert("t")</script> & "quotes" 'too'`,
    );
    expect(DomUtils.textContent(article)).toContain("<img src=x onerror=alert(1)>");
    expect(DomUtils.textContent(article)).toContain("<b>Eve</b>");
    expect(
      DomUtils.findOne((el) => el.name === "h2", [article])?.children.some((c) => isTag(c) && c.name === "a"),
    ).toBe(true);
    expect(elements(dom, "a").some((a) => a.attribs.href === `https://news.example.com/?a=1&b="2"`)).toBe(
      true,
    );
  });

  it("shows the feed's language on its content and says when there are no articles", async () => {
    const admin = await createToken({ role: "admin" });
    const { slug } = await feedWithToken();
    await api(`/v1/feeds/${slug}`, {
      method: "PATCH",
      token: admin,
      body: { language: "fr-CA", description: "Nouvelles" },
    });
    const { dom, text } = await fetchPage(`/feeds/${slug}/`);
    expect(elements(dom, "main")[0]?.attribs.lang).toBe("fr-CA");
    expect(text).toContain("No articles yet.");
    expect(elements(dom, "meta").find((m) => m.attribs.name === "description")?.attribs.content).toBe(
      "Nouvelles",
    );
  });

  it("exists for a tag, with discovery links to the tag's feeds and a link back to the whole feed", async () => {
    const { slug, token } = await feedWithToken();
    await publish(slug, token, SAMPLE_ARTICLE);
    await publish(slug, token, { title: "Unrelated", tags: ["sport"] });
    const { dom, text } = await fetchPage(`/feeds/${slug}/tags/Film/`);
    expectSelfContained(dom);
    expect(DomUtils.textContent(elements(dom, "h1"))).toBe(`Feed ${slug} — tagged film`);
    expect(alternates(dom).map((l) => l.href)).toEqual([
      `${ORIGIN}/feeds/${slug}/tags/film/rss.xml`,
      `${ORIGIN}/feeds/${slug}/tags/film/atom.xml`,
      `${ORIGIN}/feeds/${slug}/tags/film/feed.json`,
    ]);
    expect(elements(dom, "a").some((a) => a.attribs.href === `${ORIGIN}/feeds/${slug}/`)).toBe(true);
    expect(elements(dom, "article")).toHaveLength(1);
    expect(text).not.toContain("Unrelated");
  });

  it("answers 404 problem for an unknown feed", async () => {
    await expectProblem(await api("/feeds/no-such-feed/"), 404);
  });
});

describe("content negotiation on /feeds/:feed", () => {
  it.each([
    ["application/rss+xml", "application/rss+xml", "rss.xml"],
    ["application/atom+xml", "application/atom+xml", "atom.xml"],
    ["application/feed+json", "application/feed+json", "feed.json"],
    ["application/json", "application/feed+json", "feed.json"],
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", ""],
    ["*/*", "text/html", ""],
  ])("Accept: %s → %s", async (accept, type, file) => {
    const { slug, token } = await feedWithToken();
    await publish(slug, token, SAMPLE_ARTICLE);
    const response = await api(`/feeds/${slug}`, { headers: { accept } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(`${type}; charset=utf-8`);
    expect(response.headers.get("vary")).toMatch(/^Accept\b/);
    expect(response.headers.get("content-location")).toBe(`${ORIGIN}/feeds/${slug}/${file}`);
    const canonical = await api(`/feeds/${slug}/${file}`);
    expect(await response.text()).toBe(await canonical.text());
    // The same representation, so the same validator, and a 304 carries Vary too.
    const etag = canonical.headers.get("etag") ?? "";
    expect(response.headers.get("etag")).toBe(etag);
    const again = await api(`/feeds/${slug}`, { headers: { accept, "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("vary")).toMatch(/^Accept\b/);
  });

  it("serves the HTML page without an Accept header, and 404 for an unknown feed", async () => {
    const { slug } = await feedWithToken();
    await fetchPage(`/feeds/${slug}`);
    await expectProblem(
      await api("/feeds/no-such-feed", { headers: { accept: "application/rss+xml" } }),
      404,
    );
  });
});

describe("the index page", () => {
  it("lists every feed with its page and discovery links, and offers the OPML list", async () => {
    const { slug } = await feedWithToken();
    const { dom, response } = await fetchPage("/");
    expect(response.headers.get("etag")).toMatch(/^"/);
    expectSelfContained(dom);
    expect(elements(dom, "html")[0]?.attribs.lang).toBe("en");
    const outline = elements(dom, "link").find((l) => l.attribs.rel === "outline");
    expect(outline?.attribs).toMatchObject({ type: "text/x-opml", href: `${ORIGIN}/opml.xml` });
    expect(alternates(dom)).toContainEqual({
      type: "application/rss+xml",
      title: `Feed ${slug} (RSS)`,
      href: `${ORIGIN}/feeds/${slug}/rss.xml`,
    });
    const pageLink = elements(dom, "a").find((a) => a.attribs.href === `${ORIGIN}/feeds/${slug}/`);
    expect(DomUtils.textContent(pageLink as Element)).toBe(`Feed ${slug}`);
    // Other test files may create feeds meanwhile, which rightly changes the list: retry a few times.
    let status = 0;
    for (
      let attempt = 0, etag = response.headers.get("etag") ?? "";
      attempt < 5 && status !== 304;
      attempt++
    ) {
      const again = await api("/", { headers: { "if-none-match": etag } });
      status = again.status;
      etag = again.headers.get("etag") ?? "";
    }
    expect(status).toBe(304);
  });
});
