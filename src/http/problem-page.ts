import { PROBLEMS, type ProblemCode } from "../domain/problems";
import { html, proseHtml, renderHtmlDocument } from "../feeds/html-writer";
import { PROBLEM_CONTENT_TYPE } from "./problem";

/** The page a problem's `type` URI resolves to: what the code means and which status carries it. */
export function renderProblemPage(code: ProblemCode): string {
  const { status, title, description } = PROBLEMS[code];
  const body = html`<main>
<p class="muted">Ferry problem type <code>/problems/${code}</code> · HTTP ${status}</p>
<h1>${title}</h1>
<p>${proseHtml(description)}</p>
<p>Errors are RFC 9457 <code>${PROBLEM_CONTENT_TYPE}</code> bodies: <code>detail</code> says what went wrong with your request, <code>errors</code> (when present) points at each invalid input.</p>
<p><a href="/docs#problems">All problem types</a> · <a href="/docs">API reference</a></p>
</main>`;
  return renderHtmlDocument({ title: `${title} · Ferry`, style: "reference" }, body);
}
