import { createMiddleware } from "hono/factory";
import type { FerryHono } from "./hono-env";

/**
 * The one policy for every HTML page Ferry serves (docs, problem types, feed pages): nothing loads or runs
 * but the page's own inline stylesheet and images, and no other site may frame it.
 */
export const HTML_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' https:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const HTML_PAGE_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": HTML_CONTENT_SECURITY_POLICY,
  "x-frame-options": "DENY",
  "referrer-policy": "strict-origin-when-cross-origin",
};

function isHtml(contentType: string | null): boolean {
  return contentType !== null && /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i.test(contentType);
}

/**
 * Keyed on the response's media type rather than on routes, so every page added later is covered too.
 * Every response gets `nosniff`: feeds and JSON must never be sniffed into HTML by a browser.
 */
export const securityHeaders = createMiddleware<FerryHono>(async (c, next) => {
  await next();
  c.header("x-content-type-options", "nosniff");
  if (!isHtml(c.res.headers.get("content-type"))) return;
  for (const [name, value] of Object.entries(HTML_PAGE_HEADERS)) c.header(name, value);
});
