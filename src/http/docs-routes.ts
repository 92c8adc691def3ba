import { FerryError, isProblemCode } from "../domain/problems";
import { HTML_CONTENT_TYPE } from "../feeds/html-writer";
import { renderDocsPage } from "./docs-page";
import { Resource } from "./endpoint";
import { openApiDocument } from "./openapi";
import { publicOrigin } from "./origin";
import { renderProblemPage } from "./problem-page";

/** Headers of these pages; the security policy comes from the securityHeaders middleware, as for every page. */
const HTML_HEADERS = { "content-type": HTML_CONTENT_TYPE, "cache-control": "public, max-age=300" };

/** The API described for machines (`/openapi.json`) and people (`/docs`, `/problems/<code>`). No auth. */
const docs = new Resource("");

/**
 * Both are pure functions of the code and the public origin, which is the same for every request once
 * PUBLIC_BASE_URL is set: each isolate keeps the last rendering rather than one per Host a client sends.
 */
let openApiJson: { origin: string; text: string } | undefined;
let docsHtml: { origin: string; text: string } | undefined;

docs.endpoint(
  {
    method: "get",
    path: "/openapi.json",
    operationId: "readOpenApiDocument",
    summary: "This OpenAPI 3.1 document, with this deployment as its server",
    tag: "Documentation",
    role: null,
    ok: { status: 200, description: "The OpenAPI document.", mediaTypes: ["application/json"] },
    problems: [],
  },
  (c) => {
    const origin = publicOrigin(c);
    if (openApiJson?.origin !== origin)
      openApiJson = { origin, text: JSON.stringify(openApiDocument(origin)) };
    return c.body(openApiJson.text, 200, {
      "content-type": "application/json; charset=utf-8",
      // Any site may load the document into its own API explorer; it holds nothing secret.
      "access-control-allow-origin": "*",
      "cache-control": "public, max-age=300",
    });
  },
);

docs.endpoint(
  {
    method: "get",
    path: "/docs",
    operationId: "readApiReference",
    summary: "The API reference for people, rendered from this document",
    tag: "Documentation",
    role: null,
    ok: { status: 200, description: "A self-contained HTML page.", mediaTypes: ["text/html"] },
    problems: [],
  },
  (c) => {
    const origin = publicOrigin(c);
    if (docsHtml?.origin !== origin) docsHtml = { origin, text: renderDocsPage(openApiDocument(origin)) };
    return c.body(docsHtml.text, 200, HTML_HEADERS);
  },
);

docs.endpoint(
  {
    method: "get",
    path: "/problems/{code}",
    operationId: "readProblemType",
    summary: "Explain a problem type: the page each error's type links to",
    tag: "Documentation",
    role: null,
    ok: { status: 200, description: "A short HTML page.", mediaTypes: ["text/html"] },
    problems: [404],
  },
  (c, { param }) => {
    const code = param("code");
    if (!isProblemCode(code)) throw new FerryError("not_found", `There is no problem type "${code}".`);
    return c.body(renderProblemPage(code), 200, HTML_HEADERS);
  },
);

export const docsRoutes = docs.routes();
export const DOCUMENT_ENDPOINTS = docs.endpoints;
