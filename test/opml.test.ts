import { XMLParser, XMLValidator } from "fast-xml-parser";
import { parseOpml } from "feedsmith";
import { describe, expect, it } from "vitest";
import { api } from "./support/http";
import { createToken, feedWithToken, ORIGIN } from "./support/seed";

async function fetchOpml() {
  const response = await api("/opml.xml");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/x-opml; charset=utf-8");
  const xml = await response.text();
  expect(XMLValidator.validate(xml)).toBe(true);
  return { response, xml, opml: parseOpml(xml) };
}

describe("/opml.xml", () => {
  it("lists every feed as an OPML 2.0 rss outline with its feed and page URLs", async () => {
    const { slug } = await feedWithToken();
    const admin = await createToken({ role: "admin" });
    await api(`/v1/feeds/${slug}`, {
      method: "PATCH",
      token: admin,
      body: { title: `Tom & "Jerry" <${slug}>`, description: "Cartoons", language: "en" },
    });
    const { xml, opml } = await fetchOpml();
    expect(new XMLParser({ ignoreAttributes: false }).parse(xml).opml["@_version"]).toBe("2.0");
    expect(opml.head?.title).toBeTruthy();
    const outline = opml.body?.outlines?.find((o) => o.xmlUrl === `${ORIGIN}/feeds/${slug}/rss.xml`);
    expect(outline).toMatchObject({
      type: "rss",
      text: `Tom & "Jerry" <${slug}>`,
      title: `Tom & "Jerry" <${slug}>`,
      htmlUrl: `${ORIGIN}/feeds/${slug}/`,
      description: "Cartoons",
      language: "en",
    });
    const feed = await api(new URL(outline?.xmlUrl ?? "").pathname);
    expect(feed.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
  });

  it("dates the list by its newest feed change", async () => {
    await feedWithToken();
    const { opml, response } = await fetchOpml();
    expect(Date.parse(opml.head?.dateModified ?? "")).toBe(
      Date.parse(response.headers.get("last-modified") ?? ""),
    );
  });

  it("supports conditional GET, HEAD and CORS like the feeds", async () => {
    await feedWithToken();
    const { response } = await fetchOpml();
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("link")).toBe(`<${ORIGIN}/opml.xml>; rel="self"`);
    // Other test files may create feeds meanwhile, which rightly changes the list: retry a few times.
    let status = 0;
    for (
      let attempt = 0, etag = response.headers.get("etag") ?? "";
      attempt < 5 && status !== 304;
      attempt++
    ) {
      const again = await api("/opml.xml", { headers: { "if-none-match": etag } });
      status = again.status;
      etag = again.headers.get("etag") ?? "";
    }
    expect(status).toBe(304);
    const head = await api("/opml.xml", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });
});
