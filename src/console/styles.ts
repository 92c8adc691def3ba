/**
 * The console's whole stylesheet, served as /console/assets/console.<hash>.css. System fonts, no images, light and
 * dark from the reader's `prefers-color-scheme`, and a focus ring that is always visible.
 */
export const CONSOLE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f7f7f5; --surface: #ffffff; --text: #1d1f23; --muted: #5b616b; --line: #d9dbe0;
  --accent: #1f5fbf; --accent-text: #ffffff; --danger: #b3261e; --ok: #1e6b3a; --warn: #8a5a00;
  --focus: #f0a500; --code-bg: #f0f1f3;
  --radius: 6px; --gap: 1rem;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #16181c; --surface: #1f2227; --text: #e8eaed; --muted: #a3a9b3; --line: #3a3f47;
    --accent: #8ab4f8; --accent-text: #10141a; --danger: #f2938c; --ok: #7fd69b; --warn: #f3c266;
    --code-bg: #2a2e35;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); }
a { color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.skip { position: absolute; left: -999px; top: 0; }
.skip:focus { left: 0.5rem; top: 0.5rem; background: var(--surface); padding: 0.5rem; z-index: 1; }
.top { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; padding: 0.75rem 1.25rem;
  background: var(--surface); border-bottom: 1px solid var(--line); }
.brand { font-weight: 700; font-size: 1.1rem; color: var(--text); text-decoration: none; }
.top nav ul { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; margin: 0; padding: 0; }
.top nav a { text-decoration: none; padding: 0.25rem 0; }
.top nav a[aria-current="page"] { font-weight: 600; border-bottom: 2px solid var(--accent); }
.who { margin-left: auto; display: flex; align-items: center; gap: 0.75rem; color: var(--muted); font-size: 0.9rem; }
.who form { margin: 0; }
main { max-width: 72rem; margin: 0 auto; padding: 1.25rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; line-height: 1.25; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.75rem; }
p { margin: 0 0 0.75rem; }
.muted { color: var(--muted); }
.page-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem 1rem; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.notice { border-left: 4px solid var(--ok); background: var(--surface); padding: 0.75rem 1rem; margin-bottom: 1rem; }
.error-summary { border: 2px solid var(--danger); border-radius: var(--radius); background: var(--surface);
  padding: 0.75rem 1rem; margin-bottom: 1rem; }
.error-summary h2 { margin-top: 0; font-size: 1.05rem; color: var(--danger); }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.button, button { font: inherit; display: inline-block; padding: 0.45rem 0.9rem; border-radius: var(--radius);
  border: 1px solid var(--accent); background: var(--accent); color: var(--accent-text); cursor: pointer;
  text-decoration: none; line-height: 1.4; }
.button.secondary, button.secondary { background: transparent; color: var(--accent); }
.button.danger, button.danger { background: var(--danger); border-color: var(--danger); color: var(--surface); }
button.link { background: none; border: none; color: var(--accent); padding: 0; text-decoration: underline; }
.card { background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius); padding: var(--gap); }
table { width: 100%; border-collapse: collapse; background: var(--surface); border: 1px solid var(--line);
  border-radius: var(--radius); }
th, td { text-align: left; padding: 0.6rem 0.75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; }
tr.deleted td { color: var(--muted); }
tr.deleted .title { text-decoration: line-through; }
.badge { display: inline-block; font-size: 0.8rem; font-weight: 600; padding: 0.05rem 0.5rem; border-radius: 999px;
  border: 1px solid currentColor; white-space: nowrap; }
.badge.published { color: var(--ok); }
.badge.scheduled { color: var(--warn); }
.badge.deleted { color: var(--danger); }
form.stack { display: grid; gap: var(--gap); max-width: 48rem; }
.field { display: grid; gap: 0.3rem; }
.field label { font-weight: 600; }
.field .hint { color: var(--muted); font-size: 0.9rem; margin: 0; }
.field .field-error { color: var(--danger); font-weight: 600; margin: 0; }
input, textarea, select { font: inherit; color: var(--text); background: var(--surface); width: 100%;
  padding: 0.45rem 0.6rem; border: 1px solid var(--line); border-radius: var(--radius); }
input[aria-invalid="true"], textarea[aria-invalid="true"], select[aria-invalid="true"] { border: 2px solid var(--danger); }
textarea { min-height: 6rem; resize: vertical; }
textarea.code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9rem; min-height: 16rem; }
.search { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; margin-bottom: 1rem; }
.search .field { flex: 1 1 16rem; }
.pager { display: flex; gap: 1rem; margin-top: 1rem; }
.feed-urls { display: grid; gap: 0.4rem; margin: 0 0 1rem; }
.feed-urls div { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.feed-urls dt { font-weight: 600; min-width: 5rem; }
.feed-urls dd { margin: 0; overflow-wrap: anywhere; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9rem; }
pre { background: var(--code-bg); padding: 0.75rem; border-radius: var(--radius); overflow: auto; white-space: pre-wrap;
  overflow-wrap: anywhere; max-height: 24rem; }
.preview { display: grid; gap: 0.75rem; margin: 0 0 1.5rem; max-width: 48rem; }
.preview iframe { width: 100%; min-height: 24rem; border: 1px solid var(--line); border-radius: var(--radius);
  background: #ffffff; }
.sign-in { max-width: 28rem; margin: 3rem auto; }
.small { font-size: 0.85rem; }
.url, .facts dd { overflow-wrap: anywhere; }
h1.url { font-size: 1.3rem; }
.feed-name { margin: 0 0 0.25rem; }
.feed-nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; margin: 0 0 1rem; padding: 0 0 0.5rem;
  border-bottom: 1px solid var(--line); }
.feed-nav a { text-decoration: none; }
.feed-nav a[aria-current="page"] { font-weight: 600; border-bottom: 2px solid var(--accent); }
.actions form { margin: 0; }
.endpoint-actions { margin: 0 0 1rem; }
.facts { display: grid; gap: 0.3rem; margin: 0 0 1rem; }
.facts div { display: flex; flex-wrap: wrap; gap: 0 0.75rem; }
.facts dt { font-weight: 600; min-width: 9rem; }
.facts dd { margin: 0; }
.health-detail { border-left: 4px solid var(--warn); padding-left: 0.75rem; }
.health-detail.disabled, .health-detail.circuit-open { border-color: var(--danger); }
.badge.healthy, .badge.succeeded { color: var(--ok); }
.badge.failing, .badge.probing, .badge.pending { color: var(--warn); }
.badge.disabled, .badge.circuit-open, .badge.dead { color: var(--danger); }
.badge.paused, .badge.waiting, .badge.cancelled { color: var(--muted); }
fieldset.choices { border: 1px solid var(--line); border-radius: var(--radius); padding: 0.5rem 0.75rem; margin: 0; }
fieldset.choices legend { font-weight: 600; padding: 0 0.25rem; }
label.choice { display: flex; gap: 0.5rem; align-items: center; font-weight: normal; }
label.choice input { width: auto; }
.charts { display: grid; gap: var(--gap); grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); }
figure.chart { margin: 0; background: var(--surface); border: 1px solid var(--line); border-radius: var(--radius);
  padding: 0.75rem; }
figure.chart h3 { margin: 0 0 0.5rem; font-size: 1rem; }
figure.chart svg { width: 100%; height: auto; display: block; }
.chart .grid line { stroke: var(--line); stroke-width: 1; }
.chart text { fill: var(--muted); font-size: 15px; font-family: inherit; }
.chart .panel-title { fill: var(--text); font-weight: 600; }
.chart .bars-succeeded rect { fill: var(--ok); }
.chart .bars-failed rect { fill: var(--danger); }
.chart .mean polyline { fill: none; stroke: var(--accent); stroke-width: 2.5; }
.chart .mean circle { fill: var(--accent); }
.chart .longest circle { fill: none; stroke: var(--warn); stroke-width: 2; }
.legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; padding: 0; margin: 0.5rem 0; font-size: 0.85rem; }
.swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; vertical-align: -0.1rem; }
.swatch.succeeded { background: var(--ok); }
.swatch.failed { background: var(--danger); }
.swatch.mean { background: var(--accent); height: 0.25rem; vertical-align: 0.2rem; }
.swatch.longest { border: 2px solid var(--warn); border-radius: 50%; }
details summary { cursor: pointer; }
ol.deliveries { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.75rem; }
.delivery-head { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; }
.delivery-head form { margin: 0 0 0 auto; }
.delivery p { margin: 0.4rem 0 0; }
.delivery details { margin-top: 0.5rem; }
.delivery pre { max-height: 12rem; margin: 0.25rem 0 0; }
.secret-row { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; }
.secret-row code { background: var(--code-bg); padding: 0.5rem 0.75rem; border-radius: var(--radius); overflow-wrap: anywhere;
  font-size: 1rem; user-select: all; }
.card.secret { margin-bottom: 1rem; max-width: 48rem; }
.card.secret h2 { margin-top: 0; }
.import-report { margin-bottom: 1.5rem; }
.card > h2:first-child { margin-top: 0; }
ul.plain { margin: 0; padding-left: 1rem; }
section { margin-bottom: 1.5rem; }
@media (max-width: 40rem) {
  main { padding: 0.75rem; }
  .who { margin-left: 0; width: 100%; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards thead { position: absolute; left: -999px; }
  table.cards tr { border-bottom: 1px solid var(--line); padding: 0.5rem 0; }
  table.cards td { border: none; padding: 0.2rem 0.75rem; }
  table.cards td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: 0.85rem; }
}
`;

/** The preview document's own style: readable text for the article, nothing from the console around it. */
export const PREVIEW_CSS = `
body { font: 17px/1.6 Georgia, "Times New Roman", serif; color: #1d1f23; background: #ffffff; margin: 1rem; max-width: 42rem; }
img, video, iframe { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; }
blockquote { border-left: 3px solid #d9dbe0; margin-left: 0; padding-left: 1rem; color: #5b616b; }
`;
