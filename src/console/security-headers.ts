import { createMiddleware } from "hono/factory";
import { base64Url } from "../domain/tokens";
import { consoleAssets } from "./assets";
import type { ConsoleHono } from "./console-env";

/**
 * The console's policy: nothing loads or runs but its own stylesheet and the scripts and styles that carry this
 * response's nonce; forms post only to Ferry; no other site may frame it. An article preview is a `srcdoc` frame, so
 * it inherits the policy: hostile HTML in it can run nothing and load nothing, not even an image.
 */
export function consoleContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

const CONSOLE_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "same-origin",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

function isHtml(contentType: string | null): boolean {
  return contentType?.toLowerCase().startsWith("text/html") === true;
}

/**
 * Gives each response a fresh nonce and the assets' hashed URLs, then the console's headers. Pages are never
 * cached: they show what one token may see, and the back button after signing out must not show them again.
 */
export const consoleSecurityHeaders = createMiddleware<ConsoleHono>(async (c, next) => {
  const nonce = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  c.set("nonce", nonce);
  c.set("assets", (await consoleAssets()).urls);
  await next();
  for (const [name, value] of Object.entries(CONSOLE_HEADERS)) c.header(name, value);
  if (!isHtml(c.res.headers.get("content-type"))) return;
  c.header("content-security-policy", consoleContentSecurityPolicy(nonce));
  c.header("cache-control", "no-store");
});
