import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CONSOLE_SESSION_IDLE_MS,
  CONSOLE_SESSION_MAX_MS,
  hashSessionId,
  MAX_CONSOLE_SESSIONS_PER_TOKEN,
} from "../src/domain/console-session";
import { purgeExpired } from "../src/maintenance/purge";
import { consoleFetch, consolePage, csrfOf, sessionCookieOf, signIn } from "./support/console";
import { api } from "./support/http";
import { createFeed, createToken } from "./support/seed";
import { issueToken } from "./support/tokens";

async function sessionRows(tokenPublicId: string) {
  const { results } = await env.DB.prepare(
    `SELECT s.* FROM console_sessions s JOIN api_tokens t ON t.id = s.token_id WHERE t.public_id = ?`,
  )
    .bind(tokenPublicId)
    .all<Record<string, unknown>>();
  return results;
}

/** A token issued through the API, so that the test can revoke and rotate it the same way. */
async function issuedToken() {
  const admin = await createToken({ role: "admin" });
  await createFeed();
  const issued = await issueToken(admin, { role: "write" });
  return { admin, ...issued };
}

/** Whether the browser's session still opens the feeds page (else it is sent to sign in). */
async function stillSignedIn(cookie: string): Promise<boolean> {
  const response = await consoleFetch("/console/feeds", { browser: { cookie } });
  await response.body?.cancel();
  if (response.status === 200) return true;
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/console/sign-in?next=%2Fconsole%2Ffeeds");
  return false;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("console sign-in", () => {
  it("sets an HttpOnly, SameSite=Strict, Secure cookie scoped to /console and stores only the id's SHA-256", async () => {
    const { token, id } = await issuedToken();
    const response = await consoleFetch("/console/sign-in", { form: { token } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/console/feeds");
    const header = response.headers.get("set-cookie") ?? "";
    const attributes = header.split(";").map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(
      expect.arrayContaining(["path=/console", "httponly", "samesite=strict", "secure", "max-age=604800"]),
    );
    const sessionId = sessionCookieOf(response).split("=")[1] as string;
    const [row] = await sessionRows(id);
    expect(row?.session_hash).toBe(await hashSessionId(sessionId));
    expect(Object.values(row ?? {})).not.toContain(sessionId);
    expect(row?.expires_at).toBe((row?.created_at as number) + CONSOLE_SESSION_MAX_MS);
  });

  it("leaves Secure out on local plain http, where a browser would drop the cookie", async () => {
    const token = await createToken();
    const response = await consoleFetch("/console/sign-in", {
      form: { token },
      base: "http://127.0.0.1:8787",
    });
    expect(response.status).toBe(303);
    const attributes = (response.headers.get("set-cookie") ?? "")
      .toLowerCase()
      .split(";")
      .map((p) => p.trim());
    expect(attributes).toEqual(expect.arrayContaining(["httponly", "samesite=strict", "path=/console"]));
    expect(attributes).not.toContain("secure");
  });

  it("refuses an unknown token next to the field, with 401, and writes nothing", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM console_sessions").first<number>("n");
    const response = await consoleFetch("/console/sign-in", { form: { token: "fry_not-a-token" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("set-cookie")).toBeNull();
    const html = await response.text();
    expect(html).toContain('aria-invalid="true"');
    expect(html).toMatch(/id="f-token-error">[^<]*This token is unknown, revoked or expired\./);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM console_sessions").first<number>("n")).toBe(
      before,
    );
  });

  it("returns to the page that was asked for, and only to a console page", async () => {
    const token = await createToken();
    const asked = await consoleFetch("/console/feeds?x=1");
    expect(asked.headers.get("location")).toBe("/console/sign-in?next=%2Fconsole%2Ffeeds%3Fx%3D1");
    const back = await consoleFetch("/console/sign-in", { form: { token, next: "/console/feeds?x=1" } });
    expect(back.headers.get("location")).toBe("/console/feeds?x=1");
    for (const next of [
      "https://evil.example/",
      "//evil.example/console/",
      "/console//evil.example",
      "/feeds/x",
    ]) {
      const response = await consoleFetch("/console/sign-in", { form: { token, next } });
      expect(response.headers.get("location"), next).toBe("/console/feeds");
    }
  });

  it(`keeps at most ${MAX_CONSOLE_SESSIONS_PER_TOKEN} sessions per token, ending the oldest`, async () => {
    const { token, id } = await issuedToken();
    const first = await signIn(token);
    for (let i = 1; i < MAX_CONSOLE_SESSIONS_PER_TOKEN; i++) await signIn(token);
    expect(await stillSignedIn(first.cookie)).toBe(true);
    const latest = await signIn(token);
    expect(await sessionRows(id)).toHaveLength(MAX_CONSOLE_SESSIONS_PER_TOKEN);
    expect(await stillSignedIn(first.cookie)).toBe(false);
    expect(await stillSignedIn(latest.cookie)).toBe(true);
  });
});

describe("console sessions", () => {
  it("end after 12 hours without a request, and not before", async () => {
    const token = await createToken();
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const browser = await signIn(token);
    vi.setSystemTime(start + CONSOLE_SESSION_IDLE_MS - 1);
    expect(await stillSignedIn(browser.cookie)).toBe(true);
    // That request counted as activity: 12 hours from it, not from sign-in.
    vi.setSystemTime(start + 2 * CONSOLE_SESSION_IDLE_MS - 2);
    expect(await stillSignedIn(browser.cookie)).toBe(true);
    vi.setSystemTime(start + 3 * CONSOLE_SESSION_IDLE_MS);
    expect(await stillSignedIn(browser.cookie)).toBe(false);
  });

  it("end 7 days after sign-in however busy", async () => {
    const token = await createToken();
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const browser = await signIn(token);
    for (let at = start; at < start + CONSOLE_SESSION_MAX_MS; at += CONSOLE_SESSION_IDLE_MS / 2) {
      vi.setSystemTime(at);
      expect(await stillSignedIn(browser.cookie), `at +${at - start} ms`).toBe(true);
    }
    vi.setSystemTime(start + CONSOLE_SESSION_MAX_MS);
    expect(await stillSignedIn(browser.cookie)).toBe(false);
  });

  it("end on the next request once their token is revoked", async () => {
    const { admin, token, id } = await issuedToken();
    const browser = await signIn(token);
    expect(await stillSignedIn(browser.cookie)).toBe(true);
    expect((await api(`/v1/tokens/${id}`, { method: "DELETE", token: admin })).status).toBe(204);
    expect(await stillSignedIn(browser.cookie)).toBe(false);
  });

  it("end on the next request once their token is rotated, even though the token itself lives on", async () => {
    const { admin, token, id } = await issuedToken();
    const browser = await signIn(token);
    const rotated = await api(`/v1/tokens/${id}/rotate`, { method: "POST", token: admin });
    expect(rotated.status).toBe(200);
    expect(await stillSignedIn(browser.cookie)).toBe(false);
    const fresh = await signIn(((await rotated.json()) as { token: string }).token);
    expect(await stillSignedIn(fresh.cookie)).toBe(true);
  });

  it("end when signing out: the row goes, the cookie is cleared, and a copy of it opens nothing", async () => {
    const { token, id } = await issuedToken();
    const browser = await signIn(token);
    const html = await consolePage("/console/feeds", browser);
    const response = await consoleFetch("/console/sign-out", { browser, form: { csrf: csrfOf(html) } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/console/sign-in?notice=signed-out");
    expect(response.headers.get("set-cookie")).toMatch(/^ferry_console=;.*Max-Age=0/i);
    expect(await sessionRows(id)).toHaveLength(0);
    expect(await stillSignedIn(browser.cookie)).toBe(false);
  });

  it("are purged by the cron once idle or past their 7 days, in the same bounded rounds as the delivery log", async () => {
    const { token, id } = await issuedToken();
    const start = Date.now();
    vi.useFakeTimers({ toFake: ["Date"], now: start });
    const idle = await signIn(token);
    vi.setSystemTime(start + CONSOLE_SESSION_IDLE_MS / 2);
    const active = await signIn(token);
    vi.useRealTimers();
    expect((await purgeExpired(env, start + CONSOLE_SESSION_IDLE_MS / 2 + 1)).consoleSessions).toBe(0);
    expect((await purgeExpired(env, start + CONSOLE_SESSION_IDLE_MS)).consoleSessions).toBeGreaterThanOrEqual(
      1,
    );
    const left = await sessionRows(id);
    expect(left.map((row) => row.session_hash)).toEqual([
      await hashSessionId(active.cookie.split("=")[1] as string),
    ]);
    expect(idle.cookie).not.toBe(active.cookie);
    await purgeExpired(env, start + CONSOLE_SESSION_MAX_MS);
    expect(await sessionRows(id)).toHaveLength(0);
  });
});
