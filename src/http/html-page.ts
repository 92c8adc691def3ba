/** The shell of Ferry's few server-rendered pages: self-contained, no scripts, readable on a phone. */

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Escapes prose and turns its `code` spans (as OpenAPI descriptions write them) into <code>. */
export function proseHtml(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

/** Headers of these pages; the security policy comes from the securityHeaders middleware, as for every page. */
export const HTML_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "public, max-age=300",
};

const STYLE = `
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
`;

/** A complete HTML document around `body` (which must already be escaped markup). */
export function renderHtmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
