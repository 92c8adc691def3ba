import { Hono } from "hono";
import { renderDocsPage } from "./docs-page";
import type { FerryHono } from "./hono-env";
import { HTML_HEADERS } from "./html-page";
import { methodNotAllowed } from "./method-not-allowed";
import { openApiDocument } from "./openapi";
import { publicOrigin } from "./origin";
import { FerryError } from "./problem";
import { isProblemCode, renderProblemPage } from "./problem-types";

/** The API described for machines (`/openapi.json`) and people (`/docs`, `/problems/<code>`). No auth. */
export const docsRoutes = new Hono<FerryHono>();

/**
 * Both are pure functions of the code and the public origin, which is the same for every request once
 * PUBLIC_BASE_URL is set: each isolate keeps the last rendering rather than one per Host a client sends.
 */
let openApiJson: { origin: string; text: string } | undefined;
let docsHtml: { origin: string; text: string } | undefined;

docsRoutes.get("/openapi.json", (c) => {
  const origin = publicOrigin(c);
  if (openApiJson?.origin !== origin) openApiJson = { origin, text: JSON.stringify(openApiDocument(origin)) };
  return c.body(openApiJson.text, 200, {
    "content-type": "application/json; charset=utf-8",
    // Any site may load the document into its own API explorer; it holds nothing secret.
    "access-control-allow-origin": "*",
    "cache-control": "public, max-age=300",
  });
});

docsRoutes.get("/docs", (c) => {
  const origin = publicOrigin(c);
  if (docsHtml?.origin !== origin) docsHtml = { origin, text: renderDocsPage(openApiDocument(origin)) };
  return c.body(docsHtml.text, 200, HTML_HEADERS);
});

docsRoutes.get("/problems/:code", (c) => {
  const code = c.req.param("code");
  if (!isProblemCode(code)) throw new FerryError("not_found", `There is no problem type "${code}".`);
  return c.body(renderProblemPage(code), 200, HTML_HEADERS);
});

docsRoutes.all("/openapi.json", methodNotAllowed(["GET"]));
docsRoutes.all("/docs", methodNotAllowed(["GET"]));
docsRoutes.all("/problems/:code", methodNotAllowed(["GET"]));
