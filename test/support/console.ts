import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { ORIGIN } from "./seed";

/** A browser's view of the console: the session cookie it holds. */
export interface ConsoleBrowser {
  cookie: string;
}

/** A request to the console as a browser on Ferry's own pages sends it (Origin set on a POST). */
export async function consoleFetch(
  path: string,
  init: {
    browser?: ConsoleBrowser;
    form?: Record<string, string> | URLSearchParams;
    origin?: string | null;
    base?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const base = init.base ?? ORIGIN;
  const headers: Record<string, string> = { ...init.headers };
  if (init.browser) headers.cookie = init.browser.cookie;
  let body: string | undefined;
  if (init.form) {
    body = new URLSearchParams(init.form).toString();
    headers["content-type"] = "application/x-www-form-urlencoded";
    if (init.origin !== null) headers.origin = init.origin ?? base;
  }
  return SELF.fetch(`${base}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers,
    body,
    redirect: "manual",
  });
}

/** The `name=value` of the console's session cookie in a Set-Cookie header. */
export function sessionCookieOf(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  const pair = header.split(";")[0] ?? "";
  expect(pair, header).toMatch(/^ferry_console=[A-Za-z0-9_-]{43}$/);
  return pair;
}

/** Signs in with `token` and returns the browser holding the session. */
export async function signIn(token: string, base = ORIGIN): Promise<ConsoleBrowser> {
  const response = await consoleFetch("/console/sign-in", { form: { token }, base });
  expect(response.status, await response.clone().text()).toBe(303);
  return { cookie: sessionCookieOf(response) };
}

/** A page's HTML, after checking its status. */
export async function consolePage(path: string, browser: ConsoleBrowser, status = 200): Promise<string> {
  const response = await consoleFetch(path, { browser });
  const html = await response.text();
  expect(response.status, html.slice(0, 2000)).toBe(status);
  return html;
}

/** The CSRF token a page's forms carry. */
export function csrfOf(html: string): string {
  const token = /name="csrf" value="([0-9a-f]{64})"/.exec(html)?.[1];
  expect(token, "the page has a form with a CSRF token").toBeDefined();
  return token as string;
}

/** Another hidden field of a page's form, e.g. the idempotency key or the version. */
export function hiddenFieldOf(html: string, name: string): string {
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
  expect(value, `the page has a hidden ${name}`).toBeDefined();
  return value as string;
}

/** Posts a form from a console page: its CSRF token is read from `page` (a path) first. */
export async function submitForm(
  browser: ConsoleBrowser,
  page: string,
  action: string,
  fields: Record<string, string>,
): Promise<Response> {
  const html = await consolePage(page, browser);
  return consoleFetch(action, { browser, form: { csrf: csrfOf(html), ...fields } });
}

/** Posts a file upload form (`multipart/form-data`) as a browser on Ferry's own pages sends it. */
export async function uploadForm(
  action: string,
  browser: ConsoleBrowser,
  fields: Record<string, string>,
  file: { name: string; type: string; content: string | Uint8Array } | null,
  origin = ORIGIN,
): Promise<Response> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  if (file) body.append("file", new File([file.content], file.name, { type: file.type }));
  return SELF.fetch(`${ORIGIN}${action}`, {
    method: "POST",
    headers: { cookie: browser.cookie, origin },
    body,
    redirect: "manual",
  });
}
