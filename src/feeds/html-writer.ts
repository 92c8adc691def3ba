/**
 * The HTML writer for every page Ferry serves (feed pages, the feed list, the API reference, problem pages).
 * Every interpolated string is escaped and only this module creates markup, so stored or submitted text can
 * never become markup: the pages are XSS-proof by construction. Pages are self-contained: no scripts, no
 * remote assets, readable on a phone.
 */
import { stripXmlIllegalChars } from "./xml-writer";

declare const MARKUP: unique symbol;

/** Serialised HTML, made only by `html` below. */
export type HtmlMarkup = { readonly html: string; readonly [MARKUP]: true };

/** What may be interpolated: markup as is, text escaped, lists joined, null/undefined/false skipped. */
export type HtmlValue = HtmlMarkup | string | number | null | undefined | false | readonly HtmlValue[];

/** Escapes text for element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return stripXmlIllegalChars(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function isMarkup(value: HtmlValue): value is HtmlMarkup {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function serialise(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return escapeHtml(value);
  if (isMarkup(value)) return value.html;
  return (value as readonly HtmlValue[]).map(serialise).join("");
}

// The one way raw markup enters: constants written in this module.
function trusted(raw: string): HtmlMarkup {
  return { html: raw } as HtmlMarkup;
}

/** Media type of every page. */
export const HTML_CONTENT_TYPE = "text/html; charset=utf-8";

/** Tagged template: `html\`<a href="${url}">${title}</a>\`` escapes `url` and `title`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): HtmlMarkup {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += serialise(value) + (strings[i + 1] ?? "");
  });
  return trusted(out);
}

/** `values` with `separator` between them; a text separator is escaped like any text. */
export function joinHtml(values: readonly HtmlValue[], separator: HtmlValue): HtmlMarkup {
  return html`${values.flatMap((value, i) => (i === 0 ? [value] : [separator, value]))}`;
}

/** Escapes prose and turns its `code` spans (as OpenAPI descriptions write them) into <code>. */
export function proseHtml(text: string): HtmlMarkup {
  return trusted(escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>"));
}

/** The URL when it is an absolute http(s) URL, else null: nothing else may become a link. */
export function safeHref(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/** `2015-01-12`: a date every reader can read, whatever their language. */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Stylesheets, inline in each page: `reading` for feed pages and the feed list, `reference` for the API docs. */
const STYLES = {
  reading: `
:root { color-scheme: light dark; --muted: #5f6368; --line: #dadce0; --accent: #0b57d0; }
@media (prefers-color-scheme: dark) { :root { --muted: #a8abaf; --line: #3c4043; --accent: #8ab4f8; } }
* { box-sizing: border-box; }
body { font: 17px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 42rem;
  padding: 1rem; overflow-wrap: anywhere; }
a { color: var(--accent); }
h1 { font-size: 1.8rem; line-height: 1.2; margin: .5rem 0; }
h2 { font-size: 1.2rem; line-height: 1.3; margin: 0 0 .25rem; }
ol.list { list-style: none; padding: 0; margin: 1.5rem 0; }
ol.list > li { border-top: 1px solid var(--line); padding: 1rem 0; }
.muted, .meta, .crumbs { color: var(--muted); font-size: .9rem; }
.meta, .tags { margin: .25rem 0; }
.tags a { margin-right: .6rem; }
.subscribe a { display: inline-block; margin-right: .8rem; }
nav.pager { display: flex; justify-content: space-between; gap: 1rem; margin: 1rem 0; }
footer { border-top: 1px solid var(--line); margin-top: 2rem; padding-top: .5rem; }
`,
  reference: `
:root { color-scheme: light dark; --muted: #666; --line: #ddd; --code: #f4f4f4; }
@media (prefers-color-scheme: dark) { :root { --muted: #aaa; --line: #444; --code: #222; } }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; overflow-wrap: break-word; }
h1, h2, h3, h4 { line-height: 1.2; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: .25rem; margin-top: 2.5rem; }
h4 { margin: 1.25rem 0 .5rem; }
code { font: .9em ui-monospace, monospace; background: var(--code); padding: 0 .2em; border-radius: 3px; }
.muted { color: var(--muted); }
.op { border: 1px solid var(--line); border-radius: 6px; padding: 0 1rem 1rem; margin: 1.5rem 0; }
.method { display: inline-block; min-width: 4.5em; text-align: center; font: bold .8em ui-monospace, monospace;
  padding: .2em .4em; border-radius: 4px; color: #fff; background: #555; vertical-align: middle; }
.get { background: #1f6feb; } .post { background: #1a7f37; } .put { background: #9a6700; }
.patch { background: #8250df; } .delete { background: #cf222e; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
th.prose, td.prose { white-space: normal; min-width: 14rem; } td.prose code { white-space: nowrap; }
@media (max-width: 30rem) { body { padding: .75rem; } .op { padding: 0 .5rem .5rem; } }
ul.toc { list-style: none; padding-left: 0; } ul.toc li { margin: .25rem 0; }
`,
};

/** A `<link>` in the head, e.g. feed autodiscovery. */
export interface HeadLink {
  rel: string;
  type: string;
  title: string;
  href: string;
}

/** A complete, self-contained page: UTF-8, phone-sized viewport, inline style, no script, no remote asset. */
export function renderHtmlDocument(
  head: { title: string; description?: string | null; links?: HeadLink[]; style: keyof typeof STYLES },
  body: HtmlMarkup,
): string {
  const links = (head.links ?? []).map(
    (link) => html`<link rel="${link.rel}" type="${link.type}" title="${link.title}" href="${link.href}">
`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${head.title}</title>
${head.description ? html`<meta name="description" content="${head.description}">\n` : null}${links}<style>${trusted(STYLES[head.style])}</style>
</head>
<body>
${body}
</body>
</html>
`.html;
}
