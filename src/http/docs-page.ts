import {
  constraintsHtml,
  fieldTableHtml,
  schemaAnchor,
  schemaLink,
  tableHtml,
  typeHtml,
} from "./docs-schema-html";
import { escapeHtml, proseHtml, renderHtmlPage } from "./html-page";
import {
  type HttpMethod,
  isRef,
  type JsonSchema,
  type OpenApiDocument,
  type OperationObject,
  type Ref,
} from "./openapi-types";
import { PROBLEM_CONTENT_TYPE, statusOf, titleOf } from "./problem";
import { PROBLEM_CODES, problemCodesWithStatus } from "./problem-types";

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

function methodHtml(entry: Entry): string {
  return `<span class="method ${entry.method}">${entry.method.toUpperCase()}</span>`;
}

function signatureHtml(entry: Entry): string {
  return `${methodHtml(entry)} <code>${escapeHtml(entry.path)}</code>`;
}

function parametersHtml(doc: OpenApiDocument, op: OperationObject): string {
  if (op.parameters.length === 0) return "";
  const rows = op.parameters.map((p) => {
    const param = resolve(doc, p);
    return [
      `<code>${escapeHtml(param.name)}</code>`,
      param.in,
      typeHtml(param.schema),
      param.required ? "yes" : "no",
      `${proseHtml(param.description)} ${constraintsHtml(param.schema)}`,
    ];
  });
  return `<h4>Parameters</h4>${tableHtml(["Name", "In", "Type", "Required", "Description"], rows)}`;
}

function requestBodyHtml(doc: OpenApiDocument, op: OperationObject): string {
  if (!op.requestBody) return "";
  const media = Object.entries(op.requestBody.content);
  const schema = media[0]?.[1].schema ?? {};
  const types = media.map(([type]) => `<code>${escapeHtml(type)}</code>`).join(" or ");
  const target = schema.$ref ? resolve<JsonSchema>(doc, schema as Ref) : schema;
  return `<h4>Request body</h4><p>${types}: ${typeHtml(schema)}</p>${fieldTableHtml(target)}`;
}

function responsesHtml(doc: OpenApiDocument, op: OperationObject): string {
  const rows = Object.entries(op.responses).map(([status, r]) => {
    const response = resolve(doc, r);
    const headers = Object.keys(response.headers ?? {});
    const content = Object.entries(response.content ?? {});
    // A problem response links each problem type it may carry instead of repeating their titles.
    const meaning =
      PROBLEM_CONTENT_TYPE in (response.content ?? {})
        ? problemCodesWithStatus(Number(status))
            .map((c) => `<a href="/problems/${c}">${escapeHtml(titleOf(c))}</a>`)
            .join("; ")
        : proseHtml(response.description);
    const names = headers.map((name) => `<code>${escapeHtml(name)}</code>`);
    const notes = [meaning, headers.length ? `Headers: ${names.join(", ")}.` : ""];
    const body = content.map(([type, media]) => `<code>${escapeHtml(type)}</code> ${typeHtml(media.schema)}`);
    return [
      `<strong>${escapeHtml(status)}</strong>`,
      notes.filter(Boolean).join(" "),
      body.join("<br>") || "none",
    ];
  });
  return `<h4>Responses</h4>${tableHtml(["Status", "Meaning", "Body"], rows, 1)}`;
}

function operationHtml(doc: OpenApiDocument, entry: Entry): string {
  return `<section class="op" id="${escapeHtml(anchorOf(entry))}">
<h3>${signatureHtml(entry)}</h3>
<p>${escapeHtml(entry.op.summary)}. <span class="muted">${proseHtml(entry.op.description)}</span></p>
${parametersHtml(doc, entry.op)}
${requestBodyHtml(doc, entry.op)}
${responsesHtml(doc, entry.op)}
</section>`;
}

function tocHtml(doc: OpenApiDocument, entries: Entry[]): string {
  const groups = doc.tags.map((tag) => {
    const links = entries
      .filter((entry) => entry.op.tags.includes(tag.name))
      .map(
        (entry) =>
          // Only the path is the link: a link around the badge would underline the space after it.
          `<li>${methodHtml(entry)} <a href="#${escapeHtml(anchorOf(entry))}"><code>${escapeHtml(entry.path)}</code></a> ${escapeHtml(entry.op.summary)}</li>`,
      );
    return `<h3>${escapeHtml(tag.name)}</h3><ul class="toc">${links.join("\n")}</ul>`;
  });
  return `<nav><h2>Operations</h2>${groups.join("\n")}<p><a href="#schemas">Schemas</a> · <a href="#problems">Problem types</a></p></nav>`;
}

function schemasHtml(doc: OpenApiDocument): string {
  const sections = Object.entries(doc.components.schemas).map(
    ([name, schema]) =>
      `<h3 id="${escapeHtml(schemaAnchor(name))}">${escapeHtml(name)}</h3>${fieldTableHtml(schema)}`,
  );
  return `<section id="schemas"><h2>Schemas</h2>${sections.join("\n")}</section>`;
}

function problemsHtml(): string {
  const rows = PROBLEM_CODES.map((code) => [
    `<a href="/problems/${code}"><code>${code}</code></a>`,
    String(statusOf(code)),
    escapeHtml(titleOf(code)),
  ]);
  return `<section id="problems"><h2>Problem types</h2>
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
    return `<section><h2>${escapeHtml(tag.name)}</h2><p>${proseHtml(tag.description)}</p>${ops.join("\n")}</section>`;
  });
  const body = `<header><h1>${escapeHtml(doc.info.title)} API</h1>
<p>${proseHtml(doc.info.description)}</p>
<p>Version ${escapeHtml(doc.info.version)} at <code>${escapeHtml(doc.servers[0]?.url ?? "")}</code>. Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>. Machine-readable: <a href="/openapi.json">OpenAPI ${escapeHtml(doc.openapi)} document</a>.</p></header>
${tocHtml(doc, entries)}
<main>
${tagSections.join("\n")}
${schemasHtml(doc)}
${problemsHtml()}
</main>`;
  return renderHtmlPage(`${doc.info.title} API reference`, body);
}
