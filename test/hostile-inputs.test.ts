import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { readAllFormats } from "./support/feeds";
import { api, expectProblem, pointers } from "./support/http";
import { feedWithToken } from "./support/seed";

// The fixtures are sent as the exact bytes found in the wild, not re-serialised.
const raw = import.meta.glob("./fixtures/hostile/*", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;
const rawFixture = (name: string) => raw[`./fixtures/hostile/${name}`] as string;
// Parsed at run time: the bundler refuses lone surrogates (and TypeScript overflows on deeply-nested.json).
// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary JSON
const fixture = (name: string): any => JSON.parse(rawFixture(name));
const cdataBreaker = fixture("cdata-breaker.json");
const controlChars = fixture("control-chars.json");
const loneSurrogate = fixture("lone-surrogate.json");
const relativeUrls = fixture("relative-urls.json");
const unicode = fixture("unicode.json");
const unknownFields = fixture("unknown-fields.json");
const xss = fixture("xss.json");

async function submit(name: string) {
  const { slug, token } = await feedWithToken();
  const response = await api(`/v1/feeds/${slug}/articles`, {
    token,
    rawBody: rawFixture(name),
    headers: { "content-type": "application/json" },
  });
  return { slug, token, response };
}

async function articleCount(slug: string) {
  const row = await env.DB.prepare(
    "SELECT count(*) AS n FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.slug = ?",
  )
    .bind(slug)
    .first<{ n: number }>();
  return row?.n;
}

describe("hostile submissions rejected with a 4xx problem naming the field, nothing written", () => {
  const rejected: [string, number, string[]][] = [
    ["bad-dates.json", 422, ["/date_published"]],
    ["huge-title.json", 422, ["/title"]],
    ["javascript-url.json", 422, ["/url"]],
    ["many-tags.json", 422, ["/tags"]],
    ["missing-title.json", 422, ["/title"]],
    ["not-json.txt", 400, []],
    // 10 000 nested arrays: refused before any recursive code (merge patch, validation) sees them.
    ["deeply-nested.json", 400, []],
    ["wrong-types.json", 422, ["/title", "/tags", "/authors", "/url"]],
  ];
  for (const [name, status, fields] of rejected) {
    it(name, async () => {
      const { slug, response } = await submit(name);
      const problem = await expectProblem(response, status);
      expect(pointers(problem)).toEqual(expect.arrayContaining(fields));
      if (name === "deeply-nested.json") expect(problem.detail).toMatch(/levels deep/);
      expect(await articleCount(slug)).toBe(0);
    });
  }
  it("covers every hostile fixture in this file", () => {
    const covered = [...rejected.map(([name]) => name), ...ACCEPTED];
    expect(
      Object.keys(raw)
        .map((path) => path.split("/").pop())
        .sort(),
    ).toEqual(covered.sort());
  });
});

const ACCEPTED = [
  "cdata-breaker.json",
  "control-chars.json",
  "lone-surrogate.json",
  "relative-urls.json",
  "unicode.json",
  "unknown-fields.json",
  "xss.json",
];

describe("hostile submissions accepted and rendered into feeds that still parse", () => {
  it("cdata-breaker.json: `]]>` in title and content survives in all three formats", async () => {
    const { slug, response } = await submit("cdata-breaker.json");
    expect(response.status).toBe(201);
    const { rss, atom, json } = await readAllFormats(slug);
    expect(rss.items?.[0]?.title).toBe(cdataBreaker.title);
    expect(atom.entries?.[0]?.title?.value).toBe(cdataBreaker.title);
    expect(json.items?.[0]?.title).toBe(cdataBreaker.title);
    expect(rss.items?.[0]?.content?.encoded).toContain("a ]]&gt; b ]]]]&gt;");
  });

  it("control-chars.json: XML-illegal characters are removed, the rest kept", async () => {
    const { slug, response } = await submit("control-chars.json");
    expect(response.status).toBe(201);
    const { json } = await readAllFormats(slug);
    expect(json.items?.[0]?.title).toBe(
      controlChars.title.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ""),
    );
  });

  it("lone-surrogate.json: the unpaired surrogate is dropped, the title kept", async () => {
    const { slug, response } = await submit("lone-surrogate.json");
    expect(response.status).toBe(201);
    const { json, rssXml } = await readAllFormats(slug);
    expect(json.items?.[0]?.title).toMatch(/^half +pair$/);
    expect(rssXml).not.toMatch(/[\ud800-\udfff]/u);
    expect(loneSurrogate.url).toBe(json.items?.[0]?.url);
  });

  it("relative-urls.json: links and images are made absolute against the article URL", async () => {
    const { slug, response } = await submit("relative-urls.json");
    expect(response.status).toBe(201);
    const { json } = await readAllFormats(slug);
    const html = json.items?.[0]?.content_html ?? "";
    expect(html).toContain('href="https://news.example.com/2015/other-story"');
    expect(html).toContain('src="https://news.example.com/2015/1/img/poster.jpg"');
    expect(relativeUrls.url).toBe(json.items?.[0]?.url);
  });

  it("unicode.json: CJK, RTL override, ZWJ emoji and line separators round-trip", async () => {
    const { slug, response } = await submit("unicode.json");
    expect(response.status).toBe(201);
    const { rss, atom, json } = await readAllFormats(slug);
    expect(rss.items?.[0]?.title).toBe(unicode.title);
    expect(atom.entries?.[0]?.title?.value).toBe(unicode.title);
    expect(json.items?.[0]?.title).toBe(unicode.title);
    expect(json.items?.[0]?.summary).toBe(unicode.summary);
    expect(json.items?.[0]?.url).toBe(unicode.url);
    expect(rss.items?.[0]?.link).toBe(unicode.url);
  });

  it("unknown-fields.json: prototype keys and a client-chosen id are ignored", async () => {
    const { slug, response } = await submit("unknown-fields.json");
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; title: string };
    expect(created.id).not.toBe(unknownFields.id);
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    const { json } = await readAllFormats(slug);
    expect(json.items?.[0]?.title).toBe("Extra");
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'articles'").first("n"),
    ).toBe(1);
  });

  it("xss.json: scripts, handlers, javascript: URLs and iframes are stripped; the title stays text", async () => {
    const { slug, response } = await submit("xss.json");
    expect(response.status).toBe(201);
    const { rss, atom, json } = await readAllFormats(slug);
    const html = json.items?.[0]?.content_html ?? "";
    expect(html).not.toMatch(/<script|onerror|javascript:|<iframe|style=/i);
    expect(html).toContain("ok");
    expect(json.items?.[0]?.title).toBe(xss.title);
    expect(rss.items?.[0]?.title).toBe(xss.title);
    expect(atom.entries?.[0]?.title?.value).toBe(xss.title);
  });
});
