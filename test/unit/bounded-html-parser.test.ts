import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { MAX_ATTRIBUTES, MAX_PARSER_DEPTH, openTagEnd } from "../../src/domain/bounded-html-parser";
import { htmlToText, sanitizeHtml } from "../../src/domain/sanitize-html";

/** Where htmlparser2 itself ends the open tag `<p` + `attributes`: the index after its `>`, or null. */
function tokenizerTagEnd(attributes: string): number | null {
  let end: number | null = null;
  const parser: Parser = new Parser({
    onopentag() {
      end ??= parser.endIndex + 1;
    },
  });
  parser.end(`<p ${attributes}`);
  return end;
}

const attributes = (count: number, first = 0) =>
  Array.from({ length: count }, (_, i) => ` a${first + i}`).join("");

describe("openTagEnd", () => {
  it.each([
    "a b>rest",
    "a=b>rest",
    "a=\">\" b='>'>rest",
    'a = "x" />rest',
    "a=b/c d=e>rest",
    '=">"rest',
    '"quoted name">rest',
    "a\n=\n'x'\t\f>rest",
    "a=`>`>rest",
    "a=x=y>rest",
    "/ / a />rest",
  ])("finds the end of `<p %s` where the tokenizer does", (rest) => {
    const html = `<p ${rest}`;
    expect(openTagEnd(html, 3)).toBe(tokenizerTagEnd(rest));
  });

  it("reaches the end of the text when the tag never ends", () => {
    expect(openTagEnd('<p a="never closed>', 3)).toBe(19);
    expect(openTagEnd("<p a b c", 3)).toBe(8);
  });
});

describe("bounded HTML parsing", () => {
  it("skips an element with too many attributes but keeps its content and what follows", () => {
    const html = `<div${attributes(MAX_ATTRIBUTES + 1)} title='a > b'>inside</div> <b>after</b>`;
    expect(sanitizeHtml(html, null)).toBe("inside <b>after</b>");
    expect(htmlToText(html)).toBe("inside after");
  });

  it("keeps an element with as many attributes as allowed", () => {
    const html = `<p title="t"${attributes(MAX_ATTRIBUTES - 1)}>x</p>`;
    expect(sanitizeHtml(html, null)).toBe('<p title="t">x</p>');
  });

  it("does not let a skipped void element swallow the text after it", () => {
    for (const name of ["input", "img", "br", "embed"]) {
      const html = `a<${name}${attributes(MAX_ATTRIBUTES + 5)}>b<p>c</p>`;
      expect(htmlToText(html), name).toBe("ab c");
      expect(sanitizeHtml(html, null), name).toBe("ab<p>c</p>");
    }
  });

  it("skips each over-long element of a series on its own", () => {
    const html = `${`<i${attributes(MAX_ATTRIBUTES + 1)}>x</i>`.repeat(3)}<em>y</em>`;
    expect(sanitizeHtml(html, null)).toBe("xxx<em>y</em>");
  });

  it("keeps the text of nesting deeper than the parser tracks, and the text after it", () => {
    const depth = MAX_PARSER_DEPTH * 3;
    const html = `${"<span>".repeat(depth)}deep${"</span>".repeat(depth)}<p>after</p>`;
    expect(htmlToText(html)).toBe("deep after");
    const out = sanitizeHtml(html, null);
    expect(out).toMatch(/deep.*after/);
    expect(out.match(/<span>/g)).toHaveLength(out.match(/<\/span>/g)?.length ?? 0);
  });
});
