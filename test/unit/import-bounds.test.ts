import { describe, expect, it } from "vitest";
import { MAX_DATE_LENGTH } from "../../src/import/feed-dates";
import { excerpt, looksLikeHtml } from "../../src/import/html-text";
import { hasTooManyAttributes, MAX_XML_ATTRIBUTES } from "../../src/import/xml-attribute-limit";
import blogger from "../fixtures/import/blogger.atom.xml?raw";
import wordpress from "../fixtures/import/wordpress.rss.xml?raw";
import { feedDateIso } from "../support/feed-dates";

describe("parseFeedDate within its bounds", () => {
  const date = "Mon, 12 Jan 2015 15:30:00 +0000";

  it("drops one trailing comment, wherever its parenthesis opens after the last close", () => {
    expect(feedDateIso(`${date} (UTC)`)).toBe("2015-01-12T15:30:00.000Z");
    expect(feedDateIso(`${date}(Coordinated Universal Time)  `)).toBe("2015-01-12T15:30:00.000Z");
    expect(feedDateIso(`${date} ()`)).toBe("2015-01-12T15:30:00.000Z");
    expect(feedDateIso(`${date} (a (b)`)).toBe("2015-01-12T15:30:00.000Z");
  });

  it("reads no more than one comment, nor a comment with a parenthesis inside", () => {
    expect(feedDateIso(`${date} (a) (b)`)).toBeNull();
    expect(feedDateIso(`${date} (U(T)C)`)).toBeNull();
    expect(feedDateIso(`${date} )`)).toBeNull();
  });

  it("refuses a date longer than any real one before reading it", () => {
    const padded = `${date} (${"x".repeat(MAX_DATE_LENGTH - date.length - 3)})`;
    expect(padded).toHaveLength(MAX_DATE_LENGTH);
    expect(feedDateIso(padded)).toBe("2015-01-12T15:30:00.000Z");
    expect(feedDateIso(`${padded} `)).toBeNull();
  });
});

describe("looksLikeHtml", () => {
  it("sees a tag only when a `>` follows its start", () => {
    expect(looksLikeHtml("a <b and then > later")).toBe(true);
    expect(looksLikeHtml("x</p")).toBe(false);
    expect(looksLikeHtml("> first, <b after")).toBe(false);
    expect(looksLikeHtml("1 < 2 > 0")).toBe(false);
    expect(looksLikeHtml("<<<a>")).toBe(true);
  });

  it("sees decimal, hexadecimal and named character references", () => {
    expect(looksLikeHtml("caf&#233;")).toBe(true);
    expect(looksLikeHtml("caf&#xE9;")).toBe(true);
    expect(looksLikeHtml("caf&eacute;")).toBe(true);
    expect(looksLikeHtml("R&D & &#; &#x; &1a; &;")).toBe(false);
  });
});

describe("excerpt of a long text", () => {
  it("cuts a text far longer than the excerpt as it cuts a short one", () => {
    expect(excerpt(`${"word ".repeat(200_000)}end`, 12)).toBe("word word…");
    expect(excerpt("😀".repeat(200_000), 10)).toBe(`${"😀".repeat(9)}…`);
    expect(excerpt(`${"ab ".repeat(3)}${" ".repeat(1_000)}`, 12)).toBe("ab ab ab");
  });
});

describe("hasTooManyAttributes", () => {
  const names = (count: number) => Array.from({ length: count }, (_, i) => ` a${i}="v ${i} > w"`).join("");

  it("allows as many attributes on an element as the limit, not one more", () => {
    expect(hasTooManyAttributes(`<rss><item${names(MAX_XML_ATTRIBUTES)}/></rss>`)).toBe(false);
    expect(hasTooManyAttributes(`<rss><item${names(MAX_XML_ATTRIBUTES + 1)}/></rss>`)).toBe(true);
    expect(hasTooManyAttributes(`<rss${names(MAX_XML_ATTRIBUTES + 1)}>`)).toBe(true);
  });

  it("counts names only in start tags, not in comments, CDATA, instructions or declarations", () => {
    const many = `<p${names(MAX_XML_ATTRIBUTES + 1)}>`;
    for (const wrapped of [
      `<!--${many}-->`,
      `<![CDATA[${many}]]>`,
      `<?pi ${many}?>`,
      `<!DOCTYPE x ${many.slice(1)}`,
    ]) {
      expect(hasTooManyAttributes(`<rss>${wrapped}</rss>`), wrapped.slice(0, 12)).toBe(false);
    }
  });

  it("passes real feeds", () => {
    expect(hasTooManyAttributes(wordpress)).toBe(false);
    expect(hasTooManyAttributes(blogger)).toBe(false);
  });
});
