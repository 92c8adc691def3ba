import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, expectProblem, parameters, pointers } from "./support/http";
import { createFeed, createToken } from "./support/seed";
import { issueToken, sha256Hex, storedTokenRow, type TokenBody } from "./support/tokens";

const SECRET_SHAPE = /^fry_[A-Za-z0-9_-]{43}$/;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("creating tokens", () => {
  it("answers 201 with the secret once, stores only its SHA-256, and the secret works at once", async () => {
    const admin = await createToken({ role: "admin" });
    const response = await api("/v1/tokens", { token: admin, body: { label: "CMS", role: "write" } });
    expect(response.status).toBe(201);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const created = (await response.json()) as TokenBody;
    expect(response.headers.get("location")).toBe(`/v1/tokens/${created.id}`);
    expect(created).toMatchObject({
      label: "CMS",
      role: "write",
      feeds: null,
      expires_at: null,
      revoked_at: null,
    });
    expect(created.token).toMatch(SECRET_SHAPE);
    const secret = created.token as string;

    const row = await storedTokenRow(created.id);
    expect(row.token_hash).toBe(await sha256Hex(secret));
    expect(Object.values(row)).not.toContain(secret);

    const fetched = (await (await api(`/v1/tokens/${created.id}`, { token: admin })).json()) as TokenBody;
    expect(fetched).toEqual({ ...created, token: undefined });
    expect("token" in fetched).toBe(false);
    expect((await api("/v1/feeds", { token: secret })).status).toBe(200);
  });

  it("scopes a token to the listed feeds, and to every feed when feeds is left out", async () => {
    const admin = await createToken({ role: "admin" });
    const [b, a, other] = [await createFeed(), await createFeed(), await createFeed()];
    const scoped = await issueToken(admin, { role: "read", feeds: [b, a, b] });
    expect(scoped.feeds).toEqual([a, b].sort());
    expect((await api(`/v1/feeds/${a}`, { token: scoped.token })).status).toBe(200);
    await expectProblem(await api(`/v1/feeds/${other}`, { token: scoped.token }), 403);
    const everywhere = await issueToken(admin, { role: "read" });
    expect((await api(`/v1/feeds/${other}`, { token: everywhere.token })).status).toBe(200);
  });

  it("sets expiry from expires_at or expires_in_days, and the token stops working then", async () => {
    const admin = await createToken({ role: "admin" });
    const at = await issueToken(admin, { role: "read", expires_at: "2099-01-02T03:04:05+01:00" });
    expect(at.expires_at).toBe("2099-01-02T02:04:05Z");
    const before = Date.now();
    const inDays = await issueToken(admin, { role: "read", expires_in_days: 90 });
    const expiresMs = Date.parse(inDays.expires_at as string);
    expect(expiresMs - before).toBeGreaterThanOrEqual(90 * 86_400_000 - 1000);
    expect(expiresMs - before).toBeLessThan(90 * 86_400_000 + 60_000);
    await env.DB.prepare("UPDATE api_tokens SET expires_at = ? WHERE public_id = ?")
      .bind(Date.now() - 1, inDays.id)
      .run();
    await expectProblem(await api("/v1/feeds", { token: inDays.token }), 401);
  });

  it("names every invalid member with a JSON pointer and creates nothing", async () => {
    const admin = await createToken({ role: "admin" });
    const before = await env.DB.prepare("SELECT count(*) AS n FROM api_tokens").first<{ n: number }>();
    const cases: [Record<string, unknown>, string][] = [
      [{ role: "write" }, "/label"],
      [{ label: " ", role: "write" }, "/label"],
      [{ label: "x", role: "owner" }, "/role"],
      [{ label: "x", role: "read", feeds: [] }, "/feeds"],
      [{ label: "x", role: "read", feeds: ["Not A Slug"] }, "/feeds/0"],
      [{ label: "x", role: "read", feeds: ["no-such-feed-anywhere"] }, "/feeds/0"],
      [{ label: "x", role: "read", expires_at: "tomorrow" }, "/expires_at"],
      [{ label: "x", role: "read", expires_at: "2001-01-01T00:00:00Z" }, "/expires_at"],
      [{ label: "x", role: "read", expires_in_days: 0 }, "/expires_in_days"],
      [{ label: "x", role: "read", expires_in_days: 1.5 }, "/expires_in_days"],
      [
        { label: "x", role: "read", expires_in_days: 3, expires_at: "2099-01-01T00:00:00Z" },
        "/expires_in_days",
      ],
    ];
    for (const [body, pointer] of cases) {
      const problem = await expectProblem(await api("/v1/tokens", { token: admin, body }), 422);
      expect(pointers(problem), JSON.stringify(body)).toContain(pointer);
    }
    const after = await env.DB.prepare("SELECT count(*) AS n FROM api_tokens").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it("replays an Idempotency-Key retry without the secret, which is never stored", async () => {
    const admin = await createToken({ role: "admin" });
    const key = crypto.randomUUID();
    const send = () =>
      api("/v1/tokens", {
        token: admin,
        body: { label: "retry", role: "read" },
        headers: { "idempotency-key": key },
      });
    const first = (await (await send()).json()) as TokenBody;
    expect(first.token).toMatch(SECRET_SHAPE);
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    const replayed = (await retry.json()) as TokenBody;
    expect(replayed).toEqual({ ...first, token: undefined });
    expect("token" in replayed).toBe(false);
    const count = await env.DB.prepare(
      "SELECT count(*) AS n FROM api_tokens WHERE label = 'retry' AND created_at = ?",
    )
      .bind(Date.parse(first.created_at))
      .first<{ n: number }>();
    expect(count?.n).toBe(1);
    const stored = await env.DB.prepare(
      "SELECT response_body FROM idempotency_keys WHERE idempotency_key = ?",
    )
      .bind(key)
      .first<{ response_body: string }>();
    expect(stored?.response_body).not.toContain(first.token as string);
  });

  it("never writes a secret to the logs", async () => {
    const lines: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(" "));
      });
    }
    const admin = await createToken({ role: "admin" });
    const created = await issueToken(admin, { role: "write" });
    const rotated = (await (
      await api(`/v1/tokens/${created.id}/rotate`, { token: admin, method: "POST" })
    ).json()) as TokenBody;
    await api("/v1/feeds", { token: rotated.token });
    await api("/v1/feeds", { token: created.token });
    expect(lines.some((line) => line.includes('"message":"request"'))).toBe(true);
    for (const secret of [admin, created.token, rotated.token as string]) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});

describe("listing and reading tokens", () => {
  it("lists tokens newest first with cursor paging, never with a secret or hash", async () => {
    const admin = await createToken({ role: "admin" });
    const mine: string[] = [];
    for (let i = 0; i < 3; i += 1)
      mine.push((await issueToken(admin, { role: "read", label: `page-${i}` })).id);
    const seen: TokenBody[] = [];
    let path: string | null = "/v1/tokens?limit=2";
    while (path) {
      const response = await api(path, { token: admin });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: TokenBody[]; next_cursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      const link = response.headers.get("link");
      path = page.next_cursor ? (/^<([^>]+)>; rel="next"$/.exec(link ?? "")?.[1] ?? null) : null;
      expect(seen.length).toBeLessThan(10_000);
    }
    const ids = seen.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => mine.includes(id))).toEqual([...mine].reverse());
    for (const token of seen) {
      expect(Object.keys(token).sort()).toEqual(
        ["created_at", "expires_at", "feeds", "id", "label", "last_used_at", "revoked_at", "role"].sort(),
      );
    }
  });

  it("records when a token was last used", async () => {
    const admin = await createToken({ role: "admin" });
    const created = await issueToken(admin, { role: "read" });
    expect(created.last_used_at).toBeNull();
    await api("/v1/feeds", { token: created.token });
    await vi.waitFor(async () => {
      const read = (await (await api(`/v1/tokens/${created.id}`, { token: admin })).json()) as TokenBody;
      expect(read.last_used_at).not.toBeNull();
    });
  });

  it("answers 400 for a malformed id and 404 for an unknown one", async () => {
    const admin = await createToken({ role: "admin" });
    const malformed = await expectProblem(await api("/v1/tokens/fry_secret-looking", { token: admin }), 400);
    expect(parameters(malformed)).toEqual(["path token_id"]);
    await expectProblem(await api(`/v1/tokens/${crypto.randomUUID()}`, { token: admin }), 404);
  });

  it("needs an admin token for every route, and 405 with Allow for a wrong method", async () => {
    const writer = await createToken({ role: "write" });
    await expectProblem(await api("/v1/tokens"), 401);
    await expectProblem(await api("/v1/tokens", { token: writer }), 403);
    await expectProblem(await api("/v1/tokens", { token: writer, body: { label: "x", role: "admin" } }), 403);
    const admin = await createToken({ role: "admin" });
    const wrong = await api("/v1/tokens", { token: admin, method: "PUT" });
    await expectProblem(wrong, 405);
    expect(wrong.headers.get("allow")).toContain("POST");
  });
});
