import type { Article, Author } from "../domain/article";
import { authorKey, tagKey } from "../domain/article-terms";
import type { TermKind } from "../domain/feed-filter";
import { formatRfc3339 } from "../domain/rfc3339";
import { ACTOR_MEDIA_TYPE, fediverseHandle, feedActorUrl } from "./fediverse-links";
import { FEED_MEDIA_TYPES, type FeedDocument, type FeedPaging, type FeedUrls } from "./feed-document";
import { feedUrls } from "./feed-urls";
import { formatDay, type HeadLink, type HtmlMarkup, html, renderHtmlDocument, safeHref } from "./html-writer";
import { articleExcerpt } from "./text-excerpt";

/** Media types and names of the three feed formats, for autodiscovery and subscribe links. */
export const FEED_FORMAT_LABELS = [
  { format: "rss", type: FEED_MEDIA_TYPES.rss, name: "RSS" },
  { format: "atom", type: FEED_MEDIA_TYPES.atom, name: "Atom" },
  { format: "json", type: FEED_MEDIA_TYPES.json, name: "JSON Feed" },
] as const;

/** `<link rel="alternate">` for each format of a feed, so browsers and readers discover it. */
export function feedDiscoveryLinks(title: string, urls: FeedUrls): HeadLink[] {
  return FEED_FORMAT_LABELS.map(({ format, type, name }) => ({
    rel: "alternate",
    type,
    title: `${title} (${name})`,
    href: urls[format],
  }));
}

/** Links to subscribe in each format, for the page body. */
export function subscribeLinks(urls: FeedUrls): HtmlMarkup[] {
  return FEED_FORMAT_LABELS.map(
    ({ format, type, name }) => html`<a href="${urls[format]}" type="${type}">${name}</a>`,
  );
}

/** A feed's page for people: one page of articles (title, date, summary; never the article's HTML). */
export function renderFeedPage(doc: FeedDocument): string {
  const items =
    doc.items.length > 0
      ? html`<ol class="list">\n${doc.items.map((article) => renderArticle(article, doc))}</ol>`
      : html`<p class="muted">No articles yet.</p>`;
  const body = html`${renderHeader(doc)}
<main${doc.language ? html` lang="${doc.language}"` : null}>
${items}
</main>
${renderPager(doc.paging)}
<footer class="muted">Updated <time datetime="${formatRfc3339(doc.updated)}">${formatDay(doc.updated)}</time></footer>`;
  const links = [...feedDiscoveryLinks(doc.title, doc.paging.first), ...actorLinks(doc)];
  return renderHtmlDocument(
    { title: doc.title, description: doc.description, links, style: "reading" },
    body,
  );
}

function renderHeader(doc: FeedDocument): HtmlMarkup {
  const { scope } = doc;
  const parent = scope.filter
    ? html` › <a href="${feedUrls(scope.origin, scope.slug, null, null).html}">${scope.feedTitle}</a>`
    : null;
  return html`<header>
<p class="crumbs"><a href="${`${scope.origin}/`}">All feeds</a>${parent}</p>
<h1>${doc.title}</h1>
${doc.description ? html`<p>${doc.description}</p>\n` : null}<p class="subscribe">Subscribe: ${subscribeLinks(doc.paging.first)}</p>
${scope.filter ? null : html`<p class="subscribe">Follow on Mastodon and the Fediverse: <code>${fediverseHandle(scope.origin, scope.slug)}</code></p>\n`}</header>`;
}

/** The whole feed is an ActivityPub actor (its tag and author views are not): linked for discovery. */
function actorLinks(doc: FeedDocument): HeadLink[] {
  const { scope } = doc;
  if (scope.filter) return [];
  const href = feedActorUrl(scope.origin, scope.slug);
  return [{ rel: "alternate", type: ACTOR_MEDIA_TYPE, title: `${scope.feedTitle} (ActivityPub)`, href }];
}

function renderPager(paging: FeedPaging): HtmlMarkup {
  // An empty span keeps "Older" on the right when there is no "Newest" link.
  const newest = paging.archived
    ? html`<a href="${paging.first.html}">← Newest articles</a>`
    : html`<span></span>`;
  const older = paging.next ? html`<a rel="next" href="${paging.next.html}">Older articles →</a>` : null;
  return html`<nav class="pager" aria-label="Pages">${newest}${older}</nav>`;
}

function renderArticle(article: Article, doc: FeedDocument): HtmlMarkup {
  const href = safeHref(article.url ?? article.externalUrl);
  const summary = article.summary ?? articleExcerpt(article);
  const authors = article.authors.filter((author) => author.name || author.email || author.url);
  const tags = [...new Set(article.tags.filter((tag) => tag !== ""))];
  const byline =
    authors.length > 0 ? html` · ${authors.map((author, i) => renderAuthor(author, i, doc))}` : null;
  const tagLinks = tags.map((tag) => html`<a href="${termPage(doc, "tag", tagKey(tag))}">#${tag}</a>`);
  return html`<li><article${article.language ? html` lang="${article.language}"` : null}>
<h2>${href ? html`<a href="${href}">${article.title}</a>` : article.title}</h2>
<p class="meta"><time datetime="${formatRfc3339(article.datePublished)}">${formatDay(article.datePublished)}</time>${byline}</p>
${summary ? html`<p>${summary}</p>\n` : null}${tags.length > 0 ? html`<p class="tags">${tagLinks}</p>\n` : null}</article></li>
`;
}

function renderAuthor(author: Author, index: number, doc: FeedDocument): HtmlMarkup {
  const key = authorKey(author);
  const name = author.name || author.email || author.url || "";
  const separator = index > 0 ? ", " : null;
  return key
    ? html`${separator}<a href="${termPage(doc, "author", key)}">${name}</a>`
    : html`${separator}${name}`;
}

// Tag and author pages live under the whole feed, whichever filtered page links to them.
function termPage(doc: FeedDocument, kind: TermKind, key: string): string {
  return feedUrls(doc.scope.origin, doc.scope.slug, { kind, key }, null).html;
}
