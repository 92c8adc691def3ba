import type { DirectoryEntry } from "./directory";
import { feedDiscoveryLinks, subscribeLinks } from "./html-page";
import { type HtmlMarkup, html, renderHtmlDocument } from "./html-writer";

export const INDEX_PAGE_TITLE = "Feeds";
/** OPML's registered-by-convention media type, announced by the index page's `rel="outline"` link. */
export const OPML_CONTENT_TYPE = "text/x-opml";

/** The index page: every feed, with autodiscovery links for each and the OPML list for readers. */
export function renderIndexPage(entries: readonly DirectoryEntry[], opmlUrl: string): string {
  const list =
    entries.length > 0
      ? html`<ol class="list">\n${entries.map(renderEntry)}</ol>`
      : html`<p class="muted">No feeds yet.</p>`;
  const body = html`<header>
<h1>${INDEX_PAGE_TITLE}</h1>
<p>Subscribe to any of these in a feed reader, or import <a href="${opmlUrl}" type="${OPML_CONTENT_TYPE}">all of them (OPML)</a>.</p>
</header>
<main>
${list}
</main>`;
  const links = [
    { rel: "outline", type: OPML_CONTENT_TYPE, title: "All feeds (OPML)", href: opmlUrl },
    ...entries.flatMap((entry) => feedDiscoveryLinks(entry.title, entry.urls)),
  ];
  return renderHtmlDocument({ title: INDEX_PAGE_TITLE, links, style: "reading" }, body);
}

function renderEntry(entry: DirectoryEntry): HtmlMarkup {
  return html`<li${entry.language ? html` lang="${entry.language}"` : null}>
<h2><a href="${entry.urls.html}">${entry.title}</a></h2>
${entry.description ? html`<p>${entry.description}</p>\n` : null}<p class="subscribe">${subscribeLinks(entry.urls)}</p>
</li>
`;
}
