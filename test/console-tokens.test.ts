import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { hashApiToken } from "../src/domain/tokens";
import { consoleFetch, consolePage, csrfOf, hiddenFieldOf, signIn, submitForm } from "./support/console";
import { api } from "./support/http";
import { createFeed, createToken } from "./support/seed";

const SECRET_IN_PAGE = /<code id="secret-value">(fry_[A-Za-z0-9_-]+)<\/code>/;

/** The new-token form as the console renders it, filled in. */
async function tokenForm(browser: { cookie: string }, fields: Record<string, string>) {
  const html = await consolePage("/console/tokens/new", browser);
  return { csrf: csrfOf(html), idempotency_key: hiddenFieldOf(html, "idempotency_key"), ...fields };
}

interface ListedToken {
  id: string;
  label: string;
  role: string;
  feeds: string[] | null;
  expires_at: string | null;
  revoked_at: string | null;
}

/** A token's public id, found by its secret's hash as the API's authentication finds it. */
async function tokenIdOf(secret: string): Promise<string> {
  const row = await env.DB.prepare("SELECT public_id FROM api_tokens WHERE token_hash = ?")
    .bind(await hashApiToken(secret))
    .first<{ public_id: string }>();
  return row?.public_id as string;
}

const tokensOf = async (admin: string) =>
  ((await (await api("/v1/tokens?limit=100", { token: admin })).json()) as { items: ListedToken[] }).items;

describe.concurrent("tokens in the console", () => {
  it("creates a token whose secret is shown once, never stored in a page again, and works on the API", async () => {
    const admin = await createToken({ role: "admin" });
    const slug = await createFeed();
    const browser = await signIn(admin);
    const label = `CMS ${crypto.randomUUID()}`;
    const form = await tokenForm(browser, { label, role: "write", feeds: slug, expires_in_days: "30" });
    const created = await consoleFetch("/console/tokens", { browser, form });
    const page = await created.text();
    expect(created.status, page.slice(0, 2000)).toBe(200);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const secret = SECRET_IN_PAGE.exec(page)?.[1] as string;
    expect(secret).toMatch(/^fry_/);
    expect(page).toContain(`data-copy="${secret}"`);

    const listed = (await tokensOf(admin)).find((token) => token.label === label);
    expect(listed).toMatchObject({ role: "write", feeds: [slug], revoked_at: null });
    expect(Date.parse(listed?.expires_at ?? "") - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect((await api(`/v1/feeds/${slug}/articles`, { token: secret })).status).toBe(200);
    const list = await consolePage("/console/tokens", browser);
    expect(list).toContain(label);
    expect(list).not.toContain(secret);

    // Sent again, the form creates nothing more and shows no secret: Ferry never stored it.
    const again = await consoleFetch("/console/tokens", { browser, form });
    expect(again.headers.get("location")).toBe("/console/tokens?notice=token-created-before");
    expect((await tokensOf(admin)).filter((token) => token.label === label)).toHaveLength(1);
  });

  it("shows the API's validation problems next to their fields", async () => {
    const admin = await createToken({ role: "admin" });
    const browser = await signIn(admin);
    const form = await tokenForm(browser, {
      label: " ",
      role: "read",
      feeds: "no-such-feed",
      expires_in_days: "soon",
    });
    const refused = await consoleFetch("/console/tokens", { browser, form });
    const html = await refused.text();
    expect(refused.status).toBe(422);
    for (const field of ["label", "expires_in_days"]) {
      expect(html, field).toMatch(new RegExp(`<p class="field-error" id="f-${field}-error">[^<]+</p>`));
    }
    const unknownFeed = await consoleFetch("/console/tokens", {
      browser,
      form: { ...form, label: "Reader", expires_in_days: "" },
    });
    expect(unknownFeed.status).toBe(422);
    expect(await unknownFeed.text()).toMatch(
      /<p class="field-error" id="f-feeds-error">There is no feed &quot;no-such-feed&quot;\.<\/p>/,
    );
  });

  it("rotates a token: the old secret stops at once, the new one works; rotating its own ends the session", async () => {
    const admin = await createToken({ role: "admin" });
    const victim = await createToken({ role: "read" });
    const victimId = await tokenIdOf(victim);
    const browser = await signIn(admin);
    const victimBrowser = await signIn(victim);
    const page = `/console/tokens/${victimId}/rotate`;
    expect(await consolePage(page, browser)).toContain("Rotate test?");
    const secret = SECRET_IN_PAGE.exec(
      await (await submitForm(browser, page, page, {})).text(),
    )?.[1] as string;
    expect((await api("/v1/feeds", { token: victim })).status).toBe(401);
    expect((await api("/v1/feeds", { token: secret })).status).toBe(200);
    expect((await consoleFetch("/console/feeds", { browser: victimBrowser })).status).toBe(303);

    const own = `/console/tokens/${await tokenIdOf(admin)}/rotate`;
    expect(await consolePage(own, browser)).toContain("you will be signed out");
    const ownSecret = await (await submitForm(browser, own, own, {})).text();
    expect(ownSecret).toContain("the session has ended");
    const after = await consoleFetch("/console/tokens", { browser });
    expect(after.headers.get("location")).toBe("/console/sign-in?next=%2Fconsole%2Ftokens");
    await signIn(SECRET_IN_PAGE.exec(ownSecret)?.[1] as string);
  });

  it("revokes a token after asking, but never the one it is signed in with", async () => {
    const admin = await createToken({ role: "admin" });
    const victim = await createToken({ role: "write" });
    const victimId = await tokenIdOf(victim);
    const selfId = await tokenIdOf(admin);
    const browser = await signIn(admin);
    const page = `/console/tokens/${victimId}/revoke`;
    expect(await consolePage(page, browser)).toContain("Revoke test?");
    const revoked = await submitForm(browser, page, page, {});
    expect(revoked.headers.get("location")).toBe("/console/tokens?notice=token-revoked");
    expect((await api("/v1/feeds", { token: victim })).status).toBe(401);

    const list = await consolePage("/console/tokens", browser);
    expect(list).not.toContain(`/console/tokens/${victimId}/rotate`);
    expect(list).not.toContain(`/console/tokens/${selfId}/revoke`);
    expect(list).toContain(`/console/tokens/${selfId}/rotate`);
    expect((await consoleFetch(`/console/tokens/${selfId}/revoke`, { browser })).status).toBe(409);
    const csrf = csrfOf(list);
    const self = await consoleFetch(`/console/tokens/${selfId}/revoke`, { browser, form: { csrf } });
    expect(self.status).toBe(409);
    expect(await self.text()).toContain("A token cannot revoke itself");
    expect((await api("/v1/feeds", { token: admin })).status).toBe(200);
  });

  it("are for admin tokens only: others see no Tokens link, and every page and form is refused", async () => {
    const admin = await createToken({ role: "admin" });
    const targetId = await tokenIdOf(await createToken({ role: "read" }));
    for (const role of ["read", "write"] as const) {
      const browser = await signIn(await createToken({ role }));
      const feeds = await consolePage("/console/feeds", browser);
      expect(feeds).not.toContain('href="/console/tokens"');
      const csrf = csrfOf(feeds);
      for (const path of ["/console/tokens", "/console/tokens/new", `/console/tokens/${targetId}/rotate`]) {
        expect((await consoleFetch(path, { browser })).status, `${role} ${path}`).toBe(403);
      }
      const forms = [
        ["/console/tokens", { label: "Forged", role: "admin" }],
        [`/console/tokens/${targetId}/rotate`, {}],
        [`/console/tokens/${targetId}/revoke`, {}],
      ] as const;
      for (const [path, fields] of forms) {
        expect((await consoleFetch(path, { browser, form: { csrf, ...fields } })).status, path).toBe(403);
      }
    }
    expect((await tokensOf(admin)).find((token) => token.id === targetId)?.revoked_at).toBeNull();
    expect((await tokensOf(admin)).some((token) => token.label === "Forged")).toBe(false);
    expect(await consolePage("/console/feeds", await signIn(admin))).toContain('href="/console/tokens"');
  });

  it("refuse forms without the session's CSRF token, writing nothing", async () => {
    const admin = await createToken({ role: "admin" });
    const target = await createToken({ role: "read" });
    const targetId = await tokenIdOf(target);
    const browser = await signIn(admin);
    const form = await tokenForm(browser, { label: "No CSRF", role: "read" });
    const { csrf: _csrf, ...without } = form;
    expect((await consoleFetch("/console/tokens", { browser, form: without })).status).toBe(403);
    for (const action of ["rotate", "revoke"]) {
      expect(
        (await consoleFetch(`/console/tokens/${targetId}/${action}`, { browser, form: {} })).status,
      ).toBe(403);
    }
    expect((await api("/v1/feeds", { token: target })).status).toBe(200);
    expect((await tokensOf(admin)).some((token) => token.label === "No CSRF")).toBe(false);
  });

  it("show a scoped admin only the tokens of its feeds, as the API does", async () => {
    const mine = await createFeed();
    const theirs = await createFeed();
    const scoped = await createToken({ role: "admin", feeds: [mine] });
    const insideId = await tokenIdOf(await createToken({ role: "read", feeds: [mine] }));
    const outsideId = await tokenIdOf(await createToken({ role: "read", feeds: [theirs] }));
    const browser = await signIn(scoped);
    const list = await consolePage("/console/tokens", browser);
    expect(list).toContain(`/console/tokens/${insideId}/rotate`);
    expect(list).not.toContain(outsideId);
    expect((await consoleFetch(`/console/tokens/${outsideId}/rotate`, { browser })).status).toBe(404);
    const form = await tokenForm(browser, { label: "Everywhere", role: "read", feeds: "" });
    const refused = await consoleFetch("/console/tokens", { browser, form });
    expect(refused.status).toBe(403);
  });
});
