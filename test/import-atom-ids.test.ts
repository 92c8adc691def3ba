import { describe, expect, it } from "vitest";
import { IMPORTED_GUID_NAMESPACE } from "../src/domain/guid-uri";
import { nameUuid } from "../src/domain/name-uuid";
import { readAllFormats } from "./support/feeds";
import { importOk } from "./support/import";
import { feedWithToken } from "./support/seed";

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
