import { PROBLEM_CODES, PROBLEMS, problemCodesWithStatus, titleOf } from "../domain/problems";
import { type HtmlMarkup, html, joinHtml, proseHtml, renderHtmlDocument } from "../feeds/html-writer";
import {
  constraintsHtml,
  fieldTableHtml,
  schemaAnchor,
  schemaLink,
  tableHtml,
  typeHtml,
} from "./docs-schema-html";
import {
  type HttpMethod,
  isRef,
  type JsonSchema,
  type OpenApiDocument,
  type OperationObject,
  type Ref,
} from "./openapi-types";
import { PROBLEM_CONTENT_TYPE } from "./problem";

/** Ferry's human API reference, rendered from the OpenAPI document so the two can never disagree. */

interface Entry {
  path: string;
  method: HttpMethod;
  op: OperationObject;
}

/** Follows a `#/components/<kind>/<name>` reference; the document only ever points into its components. */
function resolve<T extends object>(doc: OpenApiDocument, value: T | Ref): T {
  if (!isRef(value)) return value;
  const [, , kind = "", name = ""] = value.$ref.split("/");
  const found = (doc.components as unknown as Record<string, Record<string, T>>)[kind]?.[name];
  if (!found) throw new Error(`unresolved reference ${value.$ref}`);
  return found;
}

function entriesOf(doc: OpenApiDocument): Entry[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method: method as HttpMethod, op })),
  );
}

const anchorOf = (entry: Entry) => `op-${entry.op.operationId}`;

function methodHtml(entry: Entry): HtmlMarkup {
  return html`<span class="method ${entry.method}">${entry.method.toUpperCase()}</span>`;
}

function signatureHtml(entry: Entry): HtmlMarkup {
  return html`${methodHtml(entry)} <code>${entry.path}</code>`;
}

function parametersHtml(doc: OpenApiDocument, op: OperationObject): HtmlMarkup | null {
  if (op.parameters.length === 0) return null;
  const rows = op.parameters.map((p) => {
    const param = resolve(doc, p);
    return [
      html`<code>${param.name}</code>`,
      param.in,
      typeHtml(param.schema),
      param.required ? "yes" : "no",
      html`${proseHtml(param.description)} ${constraintsHtml(param.schema)}`,
    ];
  });
  return html`<h4>Parameters</h4>${tableHtml(["Name", "In", "Type", "Required", "Description"], rows)}`;
}

function requestBodyHtml(doc: OpenApiDocument, op: OperationObject): HtmlMarkup | null {
  if (!op.requestBody) return null;
  const media = Object.entries(op.requestBody.content);
  const schema = media[0]?.[1].schema ?? {};
  const types = joinHtml(
    media.map(([type]) => html`<code>${type}</code>`),
    " or ",
  );
  const target = schema.$ref ? resolve<JsonSchema>(doc, schema as Ref) : schema;
  return html`<h4>Request body</h4><p>${types}: ${typeHtml(schema)}</p>${fieldTableHtml(target)}`;
}

function responsesHtml(doc: OpenApiDocument, op: OperationObject): HtmlMarkup {
  const rows = Object.entries(op.responses).map(([status, r]) => {
    const response = resolve(doc, r);
    const headers = Object.keys(response.headers ?? {});
    const content = Object.entries(response.content ?? {});
    // A problem response links each problem type it may carry instead of repeating their titles.
    const meaning =
      PROBLEM_CONTENT_TYPE in (response.content ?? {})
        ? joinHtml(
            problemCodesWithStatus(Number(status)).map(
              (c) => html`<a href="/problems/${c}">${titleOf(c)}</a>`,
            ),
            "; ",
          )
        : proseHtml(response.description);
    const names = joinHtml(
      headers.map((name) => html`<code>${name}</code>`),
      ", ",
    );
    const notes = [meaning, headers.length ? html`Headers: ${names}.` : null].filter(
      (note): note is HtmlMarkup => note !== null && note.html !== "",
    );
    const body = content.map(([type, media]) => html`<code>${type}</code> ${typeHtml(media.schema)}`);
    return [
      html`<strong>${status}</strong>`,
      joinHtml(notes, " "),
      body.length > 0 ? joinHtml(body, html`<br>`) : "none",
    ];
  });
  return html`<h4>Responses</h4>${tableHtml(["Status", "Meaning", "Body"], rows, 1)}`;
}

function operationHtml(doc: OpenApiDocument, entry: Entry): HtmlMarkup {
  return html`<section class="op" id="${anchorOf(entry)}">
<h3>${signatureHtml(entry)}</h3>
<p>${entry.op.summary}. <span class="muted">${proseHtml(entry.op.description)}</span></p>
${parametersHtml(doc, entry.op)}
${requestBodyHtml(doc, entry.op)}
${responsesHtml(doc, entry.op)}
</section>`;
}

function tocHtml(doc: OpenApiDocument, entries: Entry[]): HtmlMarkup {
  const groups = doc.tags.map((tag) => {
    const links = entries
      .filter((entry) => entry.op.tags.includes(tag.name))
      .map(
        (entry) =>
          // Only the path is the link: a link around the badge would underline the space after it.
          html`<li>${methodHtml(entry)} <a href="#${anchorOf(entry)}"><code>${entry.path}</code></a> ${entry.op.summary}</li>`,
      );
    return html`<h3>${tag.name}</h3><ul class="toc">${joinHtml(links, "\n")}</ul>`;
  });
  return html`<nav><h2>Operations</h2>${joinHtml(groups, "\n")}<p><a href="#schemas">Schemas</a> · <a href="#problems">Problem types</a></p></nav>`;
}

function schemasHtml(doc: OpenApiDocument): HtmlMarkup {
  const sections = Object.entries(doc.components.schemas).map(
    ([name, schema]) => html`<h3 id="${schemaAnchor(name)}">${name}</h3>${fieldTableHtml(schema)}`,
  );
  return html`<section id="schemas"><h2>Schemas</h2>${joinHtml(sections, "\n")}</section>`;
}

function problemsHtml(): HtmlMarkup {
  const rows = PROBLEM_CODES.map((code) => [
    html`<a href="/problems/${code}"><code>${code}</code></a>`,
    String(PROBLEMS[code].status),
    PROBLEMS[code].title,
  ]);
  return html`<section id="problems"><h2>Problem types</h2>
<p>Every error is <code>${PROBLEM_CONTENT_TYPE}</code> (RFC 9457) shaped as ${schemaLink("Problem")}; its <code>type</code> links to one of these.</p>
${tableHtml(["Type", "Status", "Title"], rows)}</section>`;
}

/** The whole reference page: operations grouped by tag, then schemas and problem types. */
export function renderDocsPage(doc: OpenApiDocument): string {
  const entries = entriesOf(doc);
  const tagSections = doc.tags.map((tag) => {
    const ops = entries
      .filter((entry) => entry.op.tags.includes(tag.name))
      .map((entry) => operationHtml(doc, entry));
    return html`<section><h2>${tag.name}</h2><p>${proseHtml(tag.description)}</p>${joinHtml(ops, "\n")}</section>`;
  });
  const body = html`<header><h1>${doc.info.title} API</h1>
<p>${proseHtml(doc.info.description)}</p>
<p>Version ${doc.info.version} at <code>${doc.servers[0]?.url ?? ""}</code>. Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>. Machine-readable: <a href="/openapi.json">OpenAPI ${doc.openapi} document</a>.</p></header>
${tocHtml(doc, entries)}
<main>
${joinHtml(tagSections, "\n")}
${schemasHtml(doc)}
${problemsHtml()}
</main>`;
  return renderHtmlDocument({ title: `${doc.info.title} API reference`, style: "reference" }, body);
}
