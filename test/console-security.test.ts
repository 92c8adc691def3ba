import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { consoleFetch, consolePage, csrfOf, hiddenFieldOf, signIn } from "./support/console";
import { feedWithToken } from "./support/seed";

let slug = "";
let token = "";

beforeAll(async () => {
  ({ slug, token } = await feedWithToken("write"));
});

const articleCount = async () =>
  (await env.DB.prepare(
    "SELECT count(*) AS n FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.slug = ?",
  )
    .bind(slug)
    .first<number>("n")) as number;

/** A compose form as the console rendered it, ready to send. */
async function composeForm(browser: { cookie: string }) {
  const html = await consolePage(`/console/feeds/${slug}/articles/new`, browser);
  return {
    csrf: csrfOf(html),
    idempotency_key: hiddenFieldOf(html, "idempotency_key"),
    title: `Forged ${crypto.randomUUID()}`,
    intent: "save",
  };
}

describe("console forms", () => {
  it("are refused with a 403 page when posted from another site, before anything is read or written", async () => {
    const browser = await signIn(token);
    const form = await composeForm(browser);
    const before = await articleCount();
    for (const origin of ["https://evil.example", "null", "http://ferry.test"]) {
      const response = await consoleFetch(`/console/feeds/${slug}/articles`, { browser, form, origin });
      expect(response.status, origin).toBe(403);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await response.text()).toContain("sent from another site");
    }
    const signInFromElsewhere = await consoleFetch("/console/sign-in", {
      form: { token },
      origin: "https://evil.example",
    });
    expect(signInFromElsewhere.status).toBe(403);
    expect(signInFromElsewhere.headers.get("set-cookie")).toBeNull();
    expect(await articleCount()).toBe(before);
  });

  it("without Origin are taken only when the browser says Sec-Fetch-Site: same-origin", async () => {
    const browser = await signIn(token);
    const before = await articleCount();
    const noOrigin = await consoleFetch(`/console/feeds/${slug}/articles`, {
      browser,
      form: await composeForm(browser),
      origin: null,
    });
    expect(noOrigin.status).toBe(403);
    const sameOrigin = await consoleFetch(`/console/feeds/${slug}/articles`, {
      browser,
      form: await composeForm(browser),
      origin: null,
      headers: { "sec-fetch-site": "same-origin" },
    });
    expect(sameOrigin.status).toBe(303);
    expect(await articleCount()).toBe(before + 1);
  });

  it("need the session's own CSRF token: none, a wrong one or another session's is a 403 and writes nothing", async () => {
    const browser = await signIn(token);
    const other = await signIn(token);
    const otherToken = csrfOf(await consolePage("/console/feeds", other));
    const before = await articleCount();
    for (const csrf of [undefined, "0".repeat(64), otherToken]) {
      const { csrf: _mine, ...form } = await composeForm(browser);
      const response = await consoleFetch(`/console/feeds/${slug}/articles`, {
        browser,
        form: csrf === undefined ? form : { ...form, csrf },
      });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("reload the page");
    }
    expect(await articleCount()).toBe(before);
  });

  it("send a browser without a session to sign in, writing nothing", async () => {
    const before = await articleCount();
    const response = await consoleFetch(`/console/feeds/${slug}/articles`, { form: { title: "No session" } });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/console/sign-in");
    expect(await articleCount()).toBe(before);
  });
});

describe("console pages", () => {
  it("run only the script that carries this response's nonce, load nothing from elsewhere, and are never cached", async () => {
    const browser = await signIn(token);
    const response = await consoleFetch("/console/feeds", { browser });
    const csp = response.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9_-]{22})'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp.split("; ")).toEqual([
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src 'self' 'nonce-${nonce}'`,
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const html = await response.text();
    const scripts = [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    const again = await consoleFetch("/console/feeds", { browser });
    expect(again.headers.get("content-security-policy")).not.toContain(nonce);
  });

  it("serve their stylesheet and script under content-hashed names, cached for good; any other name is a 404", async () => {
    const html = await (await consoleFetch("/console/sign-in")).text();
    const css = /href="(\/console\/assets\/console\.[0-9a-f]{16}\.css)"/.exec(html)?.[1] as string;
    const js = /src="(\/console\/assets\/console\.[0-9a-f]{16}\.js)"/.exec(html)?.[1] as string;
    for (const [path, type] of [
      [css, "text/css"],
      [js, "text/javascript"],
    ] as const) {
      const asset = await consoleFetch(path);
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get("content-type")).toMatch(new RegExp(`^${type}`));
      expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const body = await asset.text();
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
      const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
      expect(path).toContain(hex.slice(0, 16));
    }
    expect((await consoleFetch("/console/assets/console.0000000000000000.css")).status).toBe(404);
  });

  it("answer an unknown console path with the console's own 404 page", async () => {
    const browser = await signIn(token);
    const response = await consoleFetch("/console/nothing/here", { browser });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("Nothing lives at /console/nothing/here.");
  });
});
