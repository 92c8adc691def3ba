import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ArticleOutput } from "../src/domain/api-schemas";
import { IMPORTED_GUID_NAMESPACE } from "../src/domain/guid-uri";
import { nameUuid } from "../src/domain/uuid";
import blogger from "./fixtures/import/blogger.atom.xml?raw";
import jsonFeed10 from "./fixtures/import/jsonfeed-1.0.json?raw";
import jsonFeed11 from "./fixtures/import/jsonfeed-1.1.json?raw";
import messy from "./fixtures/import/messy.rss.xml?raw";
import wordpress from "./fixtures/import/wordpress.rss.xml?raw";
import { readAllFormats } from "./support/feeds";
import { api } from "./support/http";
import { countEvents, importOk, latin1Bytes } from "./support/import";
import { feedWithToken, SAMPLE_ARTICLE } from "./support/seed";

const WORDPRESS_GUIDS = [
  "https://fieldnotes.example.com/?p=101",
  "https://fieldnotes.example.com/2015/01/10/podcast-12/",
  "https://fieldnotes.example.com/?p=97",
  "https://fieldnotes.example.com/?p=95",
];

/** Every live article of a feed through the API, by GUID. */
async function articlesByGuid(slug: string, token: string): Promise<Map<string, ArticleOutput>> {
  const response = await api(`/v1/feeds/${slug}/articles?limit=100`, { token });
  const { items } = (await response.json()) as { items: ArticleOutput[] };
  return new Map(items.map((item) => [item.guid ?? item.id, item]));
}

async function unannouncedCount(slug: string): Promise<number> {
  const row = await env.DB.prepare(
    "SELECT count(*) AS n FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.slug = ? AND a.announced_at IS NULL",
  )
    .bind(slug)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe("importing a WordPress RSS feed", () => {
  it("creates every item with its original GUID and dates, in all three feeds", async () => {
    const { slug, token } = await feedWithToken();
    const result = await importOk(slug, token, wordpress);
    expect(result).toMatchObject({ format: "rss", created: 4, skipped: 0, rejected: 0, truncated: false });
    expect(result.items.map((item) => [item.index, item.guid, item.status])).toEqual(
      WORDPRESS_GUIDS.map((guid, index) => [index, guid, "created"]),
    );

    const { rss, atom, json } = await readAllFormats(slug);
    expect(rss.items?.map((item) => item.guid)).toEqual(
      WORDPRESS_GUIDS.map((value) => ({ value, isPermaLink: false })),
    );
    expect(atom.entries?.map((entry) => entry.id)).toEqual(WORDPRESS_GUIDS);
    expect(json.items?.map((item) => item.id)).toEqual(WORDPRESS_GUIDS);
    expect(rss.items?.map((item) => item.pubDate)).toEqual([
      "Mon, 12 Jan 2015 15:30:00 GMT",
      "Sat, 10 Jan 2015 14:05:00 GMT", // 09:05 EST
      "Fri, 09 Jan 2015 16:00:00 GMT", // 8:00 PST, no seconds
      "Thu, 08 Jan 2015 23:59:59 GMT",
    ]);
    expect(atom.entries?.[0]?.published).toBe("2015-01-12T15:30:00Z");
  });

  it("keeps content:encoded as sanitised HTML with absolute links, and the rest of each item", async () => {
    const { slug, token } = await feedWithToken();
    await importOk(slug, token, wordpress);
    const byGuid = await articlesByGuid(slug, token);
    const pruning = byGuid.get(WORDPRESS_GUIDS[0] as string);
    expect(pruning?.title).toBe("Winter pruning: what I wish I\u2019d known");
    expect(pruning?.url).toBe("https://fieldnotes.example.com/2015/01/12/winter-pruning/");
    expect(pruning?.content_html).toContain(
      'src="https://fieldnotes.example.com/wp-content/uploads/2015/01/pruning.jpg"',
    );
    expect(pruning?.content_html).toContain('href="https://fieldnotes.example.com/tools/"');
    expect(pruning?.content_html).not.toContain("<script");
    expect(pruning?.summary).toMatch(
      /^Apples and pears want a trim while they sleep\. .*Continue reading →$/,
    );
    expect(pruning?.authors).toEqual([{ name: "Margaret Holt" }]);
    expect(pruning?.tags).toEqual(["Fruit trees", "How-to"]);

    const podcast = byGuid.get(WORDPRESS_GUIDS[1] as string);
    expect(podcast?.authors).toEqual([{ name: "Margaret Holt" }, { name: "Sam Okafor" }]);
    expect(podcast?.attachments).toEqual([
      {
        url: "https://media.fieldnotes.example.com/episodes/012-compost.mp3",
        mime_type: "audio/mpeg",
        size_in_bytes: 28734112,
      },
    ]);
    // A CDATA section split around "]]>" reads back as the text it encodes.
    expect(byGuid.get(WORDPRESS_GUIDS[2] as string)?.content_html).toContain("the sequence ]]&gt; shows up");
    const video = byGuid.get(WORDPRESS_GUIDS[3] as string);
    expect(video?.image).toBe("https://fieldnotes.example.com/wp-content/uploads/2015/01/garlic.jpg");
    expect(video?.attachments).toEqual([
      { url: "https://media.fieldnotes.example.com/video/garlic.mp4", mime_type: "video/mp4" },
    ]);
    expect(video?.content_html).toContain('<iframe src="https://www.youtube.com/embed/M7lc1UVf-VE"');
  });

  it("tells no subscriber: no outbox event, every past article marked announced", async () => {
    const { slug, token } = await feedWithToken();
    await importOk(slug, token, wordpress);
    expect(await countEvents(slug)).toBe(0);
    expect(await unannouncedCount(slug)).toBe(0);
  });

  it("creates nothing when the same document is imported again", async () => {
    const { slug, token } = await feedWithToken();
    const first = await importOk(slug, token, wordpress);
    const again = await importOk(slug, token, wordpress);
    expect(again).toMatchObject({ created: 0, skipped: 4, rejected: 0 });
    expect(again.items.map((item) => item.id)).toEqual(first.items.map((item) => item.id));
    expect(again.items.every((item) => item.detail === "Already in the feed.")).toBe(true);
    expect((await articlesByGuid(slug, token)).size).toBe(4);
  });

  it("creates each item once when two imports of it race", async () => {
    const { slug, token } = await feedWithToken();
    const results = await Promise.all([importOk(slug, token, wordpress), importOk(slug, token, wordpress)]);
    expect(results.map((r) => r.created).reduce((a, b) => a + b)).toBe(4);
    expect(results.map((r) => r.skipped).reduce((a, b) => a + b)).toBe(4);
    expect((await articlesByGuid(slug, token)).size).toBe(4);
  });

  it("never changes an imported article's GUID on PUT or PATCH", async () => {
    const { slug, token } = await feedWithToken();
    const { items } = await importOk(slug, token, wordpress);
    const id = items[0]?.id as string;
    const path = `/v1/feeds/${slug}/articles/${id}`;
    const patched = await api(path, { method: "PATCH", token, body: { title: "Edited", guid: "sneaky" } });
    expect(((await patched.json()) as ArticleOutput).guid).toBe(WORDPRESS_GUIDS[0]);
    const replaced = await api(path, { method: "PUT", token, body: { ...SAMPLE_ARTICLE, guid: "sneaky" } });
    expect(((await replaced.json()) as ArticleOutput).guid).toBe(WORDPRESS_GUIDS[0]);
    const { json } = await readAllFormats(slug);
    expect(json.items?.map((item) => item.id)).toContain(WORDPRESS_GUIDS[0]);
    expect((await importOk(slug, token, wordpress)).created).toBe(0);
  });
});

describe("importing a messy RSS feed", () => {
  it("creates what it can and says why it skipped or rejected the rest", async () => {
    const { slug, token } = await feedWithToken();
    const result = await importOk(slug, token, messy, "text/xml");
    expect(result).toMatchObject({ format: "rss", created: 4, skipped: 1, rejected: 3 });
    expect(result.items.map((item) => item.status)).toEqual([
      "created",
      "created",
      "rejected",
      "created",
      "skipped",
      "created",
      "rejected",
      "rejected",
    ]);
    const [bridge, weather, fete, note, repeat, fish, archive, empty] = result.items;
    // Without a guid, the link (made absolute against the channel link) is the GUID.
    expect(bridge?.guid).toBe("https://messy.example.org/news/2015/bridge.html");
    // Without guid or link, a name-based urn:uuid of title and date, the same on every import.
    expect(weather?.guid).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(fete).toMatchObject({ guid: "fete-2015", title: "Fête postponed" });
    expect(fete?.errors).toEqual([
      { pointer: "/date_published", detail: expect.stringContaining('"yesterday at noon"') },
    ]);
    expect(note?.title).toBe("Just a quick note: the office is closed on Friday for the staff outing, back…");
    expect(repeat).toMatchObject({
      guid: bridge?.guid,
      status: "skipped",
      detail: "Repeats the GUID of item 0.",
    });
    expect(fish?.title).toBe("Fish & Chips Friday");
    expect(archive?.errors).toEqual([
      { pointer: "/attachments/0/url", detail: "`attachments/0/url` must be an absolute http or https URL." },
    ]);
    expect(empty?.errors).toEqual([
      { pointer: "/title", detail: "The item has no title and no text to take one from." },
    ]);

    const again = await importOk(slug, token, messy, "text/xml");
    expect(again).toMatchObject({ created: 0, skipped: 5, rejected: 3 });
  });

  it("decodes entity-encoded HTML, resolves relative links and keeps plain text as text", async () => {
    const { slug, token } = await feedWithToken();
    await importOk(slug, token, messy, "text/xml");
    const byGuid = await articlesByGuid(slug, token);
    const bridge = byGuid.get("https://messy.example.org/news/2015/bridge.html");
    expect(bridge?.url).toBe("https://messy.example.org/news/2015/bridge.html");
    expect(bridge?.content_html).toBe(
      '<p>The council voted 7–2 for the <a href="https://messy.example.org/news/bridge-plans.html">new bridge</a>. Residents &amp; traders were split.</p>',
    );
    expect(bridge?.summary).toBe("The council voted 7–2 for the new bridge. Residents & traders were split.");
    const weather = [...byGuid.values()].find((a) => a.title === "Weather: more rain");
    expect(weather?.content_text).toBe("Rain tomorrow. And the day after.\n\nUmbrellas recommended.");
    expect(weather?.date_published).toBe("2015-01-06T10:00:00Z");
    expect(byGuid.get("note-4")?.date_published).toBe("2015-01-05T16:45:00Z"); // CET
    expect(byGuid.get("fish-2015")).toMatchObject({
      date_published: "2015-01-05T00:00:00Z", // "4 Jan 15 19:00:00 -0500"
      authors: [{ name: "The Editor", email: "editor@messy.example.org" }],
    });
  });

  it("reads a legacy charset from the XML declaration or the Content-Type", async () => {
    const { slug, token } = await feedWithToken();
    const declared = latin1Bytes(messy.replace('encoding="UTF-8"', 'encoding="windows-1252"'));
    const result = await importOk(slug, token, declared);
    expect(result.items[2]?.title).toBe("Fête postponed");
    const other = await feedWithToken();
    const undeclared = latin1Bytes(messy.replace('<?xml version="1.0" encoding="UTF-8"?>', ""));
    const viaHeader = await importOk(
      other.slug,
      other.token,
      undeclared,
      "application/rss+xml; charset=ISO-8859-1",
    );
    expect(viaHeader.items[2]?.title).toBe("Fête postponed");
  });
});

describe("importing an Atom feed", () => {
  it("maps Blogger and GitHub entries: content types, links, dates, authors and categories", async () => {
    const { slug, token } = await feedWithToken();
    const result = await importOk(slug, token, blogger, "application/atom+xml");
    expect(result).toMatchObject({ format: "atom", created: 4, skipped: 0, rejected: 1 });
    expect(result.items[4]?.errors).toEqual([
      { pointer: "/authors/0/email", detail: "`authors/0/email` must be an email address." },
    ]);
    const byGuid = await articlesByGuid(slug, token);

    const ridge = byGuid.get("tag:blogger.com,1999:blog-4455667788990011223.post-1111111111111111111");
    expect(ridge).toMatchObject({
      title: "Ridge loop in the fog",
      url: "https://trailnotes.example.net/2015/02/ridge-loop.html",
      image: "https://blogger.googleusercontent.example/img/ridge-s72-c.jpg",
      authors: [
        {
          name: "Ines Duarte",
          url: "https://www.blogger.com/profile/0123456789",
          email: "ines@trailnotes.example.net",
        },
      ],
      tags: ["Hiking", "Maps"],
      date_published: "2015-02-01T16:30:00Z",
      date_modified: "2015-02-03T18:15:30.123Z",
    });
    // Relative links in the content resolve against xml:base, as RFC 4287 says, not against the entry's link.
    expect(ridge?.content_html).toContain('src="https://trailnotes.example.net/images/ridge.jpg"');
    expect(ridge?.content_html).toContain('href="https://trailnotes.example.net/maps/ridge-loop.gpx"');

    const boots = byGuid.get("tag:blogger.com,1999:blog-4455667788990011223.post-2222222222222222222");
    expect(boots).toMatchObject({
      title: "Boots & <gaiters>: a review",
      summary: "Two pairs of boots, one winner.",
      url: "https://trailnotes.example.net/2015/01/boots-review.html",
      external_url: "https://gear.example.com/boots/model-x",
      // No author of its own: the feed's (RFC 4287 §4.2.1).
      authors: [
        {
          name: "Ines Duarte",
          url: "https://www.blogger.com/profile/0123456789",
          email: "noreply@blogger.com",
        },
      ],
    });
    expect(boots?.date_modified).toBeUndefined();
    expect(boots?.content_html).toContain("<p>Two pairs of boots went up the <em>same</em> hill.</p>");
    expect(boots?.content_html).toContain('href="https://trailnotes.example.net/2015/01/boots-photos.html"');

    expect(byGuid.get("tag:github.com,2008:Repository/123456/v1.2.0")).toMatchObject({
      content_html: "<ul><li>Faster parsing</li><li>Elevation profiles</li></ul>",
      authors: [{ name: "trailbot" }],
      date_published: "2015-01-15T08:00:00Z", // only <updated>
      attachments: [
        {
          url: "https://github.com/trailnotes/gpx-tools/archive/v1.2.0.tar.gz",
          mime_type: "application/gzip",
          size_in_bytes: 20480,
        },
      ],
    });
    expect(byGuid.get("post-without-uri-scheme-4")?.content_text).toBe("Short note.\nTwo lines.");
  });

  it("serves the entries with their original ids, and a stable urn:uuid for an id that is no URI", async () => {
    const { slug, token } = await feedWithToken();
    await importOk(slug, token, blogger, "application/atom+xml");
    const { rss, atom, json } = await readAllFormats(slug);
    const guids = [
      "tag:blogger.com,1999:blog-4455667788990011223.post-1111111111111111111",
      "tag:blogger.com,1999:blog-4455667788990011223.post-2222222222222222222",
      "tag:github.com,2008:Repository/123456/v1.2.0",
      "post-without-uri-scheme-4",
    ];
    expect(rss.items?.map((item) => item.guid?.value)).toEqual(guids);
    expect(json.items?.map((item) => item.id)).toEqual(guids);
    const derived = `urn:uuid:${await nameUuid(IMPORTED_GUID_NAMESPACE, "post-without-uri-scheme-4")}`;
    expect(atom.entries?.map((entry) => entry.id)).toEqual([...guids.slice(0, 3), derived]);
    expect(atom.entries?.[0]).toMatchObject({
      published: "2015-02-01T16:30:00Z",
      updated: "2015-02-03T18:15:30.123Z",
    });
  });
});

describe("importing a JSON Feed", () => {
  it("takes every JSON Feed 1.1 field, the URL as GUID when there is no id, and rejects a bad URL", async () => {
    const { slug, token } = await feedWithToken();
    const result = await importOk(slug, token, jsonFeed11, "application/feed+json");
    expect(result).toMatchObject({ format: "json", created: 4, skipped: 0, rejected: 1 });
    expect(result.items.map((item) => item.guid)).toEqual([
      "https://lamplight.example.com/episodes/42",
      "41",
      "https://lamplight.example.com/episodes/40",
      "39",
      "2999-special",
    ]);
    expect(result.items[3]?.errors).toEqual([
      { pointer: "/url", detail: "`url` must be an absolute http or https URL." },
    ]);
    const episode = (await articlesByGuid(slug, token)).get("https://lamplight.example.com/episodes/42");
    expect(episode).toMatchObject({
      title: "Episode 42: Night trains",
      summary: "Rosa tells us about sleeper trains.",
      content_html:
        '<p>Rosa tells us about <a href="https://lamplight.example.com/tags/trains">sleeper trains</a>.</p>',
      url: "https://lamplight.example.com/episodes/42",
      external_url: "https://guests.example.org/rosa",
      image: "https://lamplight.example.com/img/42.jpg",
      banner_image: "https://lamplight.example.com/img/42-wide.jpg",
      authors: [
        { name: "Rosa Lind", url: "https://rosa.example.org/", avatar: "https://rosa.example.org/me.png" },
      ],
      tags: ["trains", "travel", "Trains"],
      language: "en-GB",
      date_published: "2015-03-02T01:00:00Z",
      date_modified: "2015-03-02T08:00:00Z",
      attachments: [
        {
          url: "https://cdn.lamplight.example.com/42.mp3",
          mime_type: "audio/mpeg",
          title: "Episode 42",
          size_in_bytes: 45678901,
          duration_in_seconds: 2875,
        },
        { url: "https://cdn.lamplight.example.com/42.pdf", mime_type: "application/pdf" },
      ],
    });
  });

  it("keeps a future-dated item scheduled: out of the feeds, announced by the cron when its time comes", async () => {
    const { slug, token } = await feedWithToken();
    await importOk(slug, token, jsonFeed11, "application/feed+json");
    const { json } = await readAllFormats(slug);
    expect(json.items?.map((item) => item.id)).not.toContain("2999-special");
    expect(await unannouncedCount(slug)).toBe(1);
    expect(await countEvents(slug)).toBe(0);
  });

  it("reads JSON Feed 1.0: a singular author, and untitled posts titled by their first words", async () => {
    const { slug, token } = await feedWithToken();
    const result = await importOk(slug, token, jsonFeed10, "application/json");
    expect(result).toMatchObject({ format: "json", created: 3, skipped: 0, rejected: 0 });
    const byGuid = await articlesByGuid(slug, token);
    const kai = {
      name: "Kai Weber",
      url: "https://micro.example.com/about",
      avatar: "https://micro.example.com/kai.jpg",
    };
    expect(byGuid.get("https://micro.example.com/2015/03/10/090000.html")).toMatchObject({
      title: "Coffee first. Then the inbox. Then, maybe, the world.",
      authors: [kai],
      date_published: "2015-03-10T08:00:00Z",
    });
    expect(byGuid.get("https://micro.example.com/2015/03/09/183000.html")).toMatchObject({
      title: "Sunset from the pier.",
      url: "https://micro.example.com/2015/03/09/183000.html",
      authors: [{ name: "Guest Poster" }],
      content_html: '<p>Sunset from the <a href="https://micro.example.com/photos/pier">pier</a>.</p>',
    });
    expect(byGuid.get("https://micro.example.com/2015/03/08/120000.html")).toMatchObject({
      title: "A titled post",
      tags: ["meta"],
    });
  });
});

/** An RSS document with one item per GUID, newest first, so the feeds list them in this order. */
function rssWithGuids(guids: string[]): string {
  const items = guids.map(
    (guid, i) => `<item>
      <title>Item ${i}</title>
      <guid isPermaLink="false">${guid.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</guid>
      <pubDate>${new Date(Date.UTC(2015, 0, 20 - i)).toUTCString()}</pubDate>
    </item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>GUIDs</title>
    <link>https://blog.example.com/</link>${items.join("")}</channel></rss>`;
}

describe("Atom ids of imported GUIDs", () => {
  it("uses a GUID as the Atom id only for tag:, urn:, http: and https:, hashing javascript: and the rest", async () => {
    const { slug, token } = await feedWithToken();
    const kept = ["tag:blog.example.com,2015:post-1", "URN:ISBN:0451450523", "HTTPS://blog.example.com/?p=3"];
    const hashed = [
      "javascript:alert(1)",
      "data:text/html,alert(1)",
      "file:///etc/passwd",
      "mailto:a@example.com",
    ];
    const guids = [...kept, ...hashed];
    expect((await importOk(slug, token, rssWithGuids(guids))).created).toBe(guids.length);

    const { atom, atomXml, rss, json } = await readAllFormats(slug);
    const derived = await Promise.all(
      hashed.map(async (guid) => `urn:uuid:${await nameUuid(IMPORTED_GUID_NAMESPACE, guid)}`),
    );
    expect(atom.entries?.map((entry) => entry.id)).toEqual([...kept, ...derived]);
    expect(atomXml).not.toMatch(/javascript:|data:|file:|mailto:/i);
    // RSS and JSON Feed still carry each GUID as the source had it: neither treats it as a link.
    expect(rss.items?.map((item) => item.guid?.value)).toEqual(guids);
    expect(json.items?.map((item) => item.id)).toEqual(guids);
  });
});
