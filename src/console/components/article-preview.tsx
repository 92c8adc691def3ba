import type { Article } from "../../domain/article";
import type { ArticlePreview } from "../../services/article-preview";
import { formatUtc } from "../format";
import { PREVIEW_CSS } from "../styles";

/**
 * The document the preview frame shows: the article's HTML exactly as the feeds carry it. The frame is sandboxed
 * (no scripts, forms, pop-ups or navigation of the console) and, as a `srcdoc` document, under the console's CSP, so
 * nothing in it runs or loads; the nonce lets only this style through.
 */
function previewDocument(contentHtml: string, nonce: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style nonce="${nonce}">${PREVIEW_CSS}</style></head><body>${contentHtml}</body></html>`;
}

export function ArticlePreviewSection(props: {
  preview: ArticlePreview;
  nonce: string;
  nowMs: number;
  /** Showing a stored article rather than a draft. */
  saved?: boolean;
}) {
  const { carried, stored } = props.preview;
  return (
    <section class="preview card" id="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{props.saved ? "As the feeds carry it" : "Preview"}</h2>
      <p class="muted">
        {props.saved ? "" : "Not saved yet. "}This is the article as the feeds carry it, after Ferry's
        sanitiser: scripts and anything from other sites (images, embeds) never run or load here.
      </p>
      <p>
        <strong>{carried.title}</strong>
        <br />
        <span class="muted">{publicationLine(stored, props.nowMs)}</span>
      </p>
      {carried.summary ? <p>{carried.summary}</p> : null}
      {carried.contentHtml !== null ? (
        <>
          <iframe
            title="Preview of the article's content"
            sandbox=""
            referrerpolicy="no-referrer"
            srcdoc={previewDocument(carried.contentHtml, props.nonce)}
          />
          <details>
            <summary>The HTML the feeds carry</summary>
            <pre>
              <code>{carried.contentHtml}</code>
            </pre>
          </details>
        </>
      ) : stored.contentHtml !== null ? (
        <p class="muted">This feed carries a summary or excerpt of each article, never its body.</p>
      ) : (
        <p class="muted">No HTML content.</p>
      )}
    </section>
  );
}

function publicationLine(article: Article, nowMs: number): string {
  const when = formatUtc(article.datePublished);
  return article.datePublished > nowMs ? `Scheduled: goes live ${when}` : `Published ${when}`;
}
