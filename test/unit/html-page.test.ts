import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { renderFeedPage } from "../../src/feeds/html-page";
import { escapeHtml, html, safeHref } from "../../src/feeds/html-writer";
import { renderOpml } from "../../src/feeds/opml";
import {
  expectedClean,
  makeArticle,
  makeDocument,
  NASTY_STRINGS,
  newsUrls,
  xmlParser,
} from "./feed-fixtures";

describe("the HTML builder", () => {
  it("escapes every interpolated string, in text and in attributes", () => {
    const value = `<a href="x" onclick='y'>&amp;</a>`;
    expect(html`<p title="${value}">${value}</p>`.html).toBe(
      '<p title="&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;">&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;</p>',
    );
  });

  it("nests markup without escaping it twice and skips absent parts", () => {
    expect(
      html`<ul>${["a", "<b>"].map((s) => html`<li>${s}</li>`)}${null}${false}${undefined}</ul>`.html,
    ).toBe("<ul><li>a</li><li>&lt;b&gt;</li></ul>");
  });

  it("drops characters that have no place in a document", () => {
    expect(escapeHtml("a\u0000b\ud800c")).toBe("abc");
  });

  it("links only absolute http(s) URLs", () => {
    expect(safeHref("https://example.com/")).toBe("https://example.com/");
    expect(safeHref("HTTP://example.com/")).toBe("HTTP://example.com/");
    for (const url of ["javascript:alert(1)", "data:text/html,x", "//evil.example/", "/relative", "", null]) {
      expect(safeHref(url)).toBeNull();
    }
  });
});

describe("renderFeedPage", () => {
  it("does not link an article whose URL is not http(s)", () => {
    const page = renderFeedPage(makeDocument({ items: [makeArticle({ url: "javascript:alert(1)" })] }));
    expect(page).not.toContain("javascript:");
  });

  it.each(NASTY_STRINGS)("parses back to the same text for %j", (nasty) => {
    const page = renderFeedPage(
      makeDocument({ title: nasty, items: [makeArticle({ title: nasty, summary: nasty, tags: [nasty] })] }),
    );
    const dom = parseDocument(page);
    const text = (name: string) =>
      DomUtils.textContent(DomUtils.findAll((el) => el.name === name, dom.children));
    expect(DomUtils.findAll((el) => el.name === "script", dom.children)).toEqual([]);
    const expected = expectedClean(nasty);
    expect(text("h1")).toBe(expected);
    expect(text("h2")).toBe(expected);
  });

  it("links to the newest page from an older one, and to the next older page", () => {
    const doc = makeDocument({
      urls: newsUrls("abc"),
      paging: { first: newsUrls(), next: newsUrls("def"), archived: true },
    });
    const dom = parseDocument(renderFeedPage(doc));
    const hrefs = DomUtils.findAll((el) => el.name === "a", dom.children).map((a) => a.attribs.href);
    expect(hrefs).toContain("https://ferry.test/feeds/news/");
    expect(hrefs).toContain("https://ferry.test/feeds/news/?before=def");
  });
});

describe("renderOpml", () => {
  it("writes one rss outline per feed, escaped", () => {
    const xml = renderOpml([{ title: 'A & "B"', description: null, language: null, urls: newsUrls() }], {
      title: "Feeds",
      updated: Date.UTC(2015, 0, 12),
    });
    const opml = xmlParser.parse(xml).opml;
    expect(opml.head.dateModified).toBe("Mon, 12 Jan 2015 00:00:00 GMT");
    expect(opml.body.outline).toEqual({
      "@_type": "rss",
      "@_text": 'A & "B"',
      "@_title": 'A & "B"',
      "@_xmlUrl": "https://ferry.test/feeds/news/rss.xml",
      "@_htmlUrl": "https://ferry.test/feeds/news/",
    });
  });
});
