/**
 * A tiny HTML builder for Ferry's public pages. Every interpolated string is escaped and only this
 * module creates markup, so stored text can never become markup: the pages are XSS-proof by construction.
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

/** Tagged template: `html\`<a href="${url}">${title}</a>\`` escapes `url` and `title`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): HtmlMarkup {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += serialise(value) + (strings[i + 1] ?? "");
  });
  return trusted(out);
}

/** The URL when it is an absolute http(s) URL, else null: nothing else may become a link. */
export function safeHref(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

/** `2015-01-12`: a date every reader can read, whatever their language. */
export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const STYLE = `
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
`;

/** A `<link>` in the head, e.g. feed autodiscovery. */
export interface HeadLink {
  rel: string;
  type: string;
  title: string;
  href: string;
}

/** A complete, self-contained page: UTF-8, phone-sized viewport, inline style, no script, no remote asset. */
export function renderHtmlDocument(
  head: { title: string; description?: string | null; links: HeadLink[] },
  body: HtmlMarkup,
): string {
  const links = head.links.map(
    (link) => html`<link rel="${link.rel}" type="${link.type}" title="${link.title}" href="${link.href}">
`,
  );
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${head.title}</title>
${head.description ? html`<meta name="description" content="${head.description}">\n` : null}${links}<style>${trusted(STYLE)}</style>
</head>
<body>
${body}
</body>
</html>
`.html;
}
