import { describe, expect, it } from "vitest";
import { api, expectProblem } from "./support/http";
import { createFeed, createToken } from "./support/seed";
import { issueToken, sha256Hex, storedTokenRow, type TokenBody } from "./support/tokens";

async function readToken(admin: string, id: string): Promise<TokenBody> {
  const response = await api(`/v1/tokens/${id}`, { token: admin });
  expect(response.status).toBe(200);
  return (await response.json()) as TokenBody;
}

describe("revoking tokens", () => {
  it("refuses a revoked token with 401 on its very next request, and revoking again is a no-op", async () => {
    const admin = await createToken({ role: "admin" });
    const victim = await issueToken(admin, { role: "write" });
    expect((await api("/v1/feeds", { token: victim.token })).status).toBe(200);
    expect((await api(`/v1/tokens/${victim.id}`, { token: admin, method: "DELETE" })).status).toBe(204);
    const refused = await api("/v1/feeds", { token: victim.token });
    await expectProblem(refused, 401);
    expect(refused.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const revokedAt = (await readToken(admin, victim.id)).revoked_at;
    expect(revokedAt).not.toBeNull();
    expect((await api(`/v1/tokens/${victim.id}`, { token: admin, method: "DELETE" })).status).toBe(204);
    expect((await readToken(admin, victim.id)).revoked_at).toBe(revokedAt);
  });

  it("does not let a token revoke itself, so an admin cannot lock itself out by accident", async () => {
    const root = await createToken({ role: "admin" });
    const admin = await issueToken(root, { role: "admin" });
    await expectProblem(await api(`/v1/tokens/${admin.id}`, { token: admin.token, method: "DELETE" }), 409);
    expect((await api("/v1/tokens", { token: admin.token })).status).toBe(200);
    expect((await api(`/v1/tokens/${admin.id}`, { token: root, method: "DELETE" })).status).toBe(204);
    await expectProblem(await api("/v1/tokens", { token: admin.token }), 401);
  });

  it("answers 404 for an unknown token", async () => {
    const admin = await createToken({ role: "admin" });
    await expectProblem(
      await api(`/v1/tokens/${crypto.randomUUID()}`, { token: admin, method: "DELETE" }),
      404,
    );
  });
});

describe("rotating tokens", () => {
  it("gives a new secret that works at once while the old one is refused, keeping id, role and scope", async () => {
    const admin = await createToken({ role: "admin" });
    const feed = await createFeed();
    const before = await issueToken(admin, { role: "write", feeds: [feed] });
    const response = await api(`/v1/tokens/${before.id}/rotate`, { token: admin, method: "POST" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const after = (await response.json()) as TokenBody;
    expect(after).toMatchObject({ id: before.id, role: "write", feeds: [feed] });
    expect(after.token).toMatch(/^fry_[A-Za-z0-9_-]{43}$/);
    expect(after.token).not.toBe(before.token);
    expect((await storedTokenRow(before.id)).token_hash).toBe(await sha256Hex(after.token as string));
    expect((await api(`/v1/feeds/${feed}`, { token: after.token })).status).toBe(200);
    await expectProblem(await api(`/v1/feeds/${feed}`, { token: before.token }), 401);
  });

  it("lets a token rotate itself, the way out when its own secret leaked", async () => {
    const root = await createToken({ role: "admin" });
    const admin = await issueToken(root, { role: "admin" });
    const rotated = (await (
      await api(`/v1/tokens/${admin.id}/rotate`, { token: admin.token, method: "POST" })
    ).json()) as TokenBody;
    expect((await api("/v1/tokens", { token: rotated.token })).status).toBe(200);
    await expectProblem(await api("/v1/tokens", { token: admin.token }), 401);
  });

  it("refuses to bring a revoked token back", async () => {
    const admin = await createToken({ role: "admin" });
    const victim = await issueToken(admin, { role: "read" });
    await api(`/v1/tokens/${victim.id}`, { token: admin, method: "DELETE" });
    await expectProblem(await api(`/v1/tokens/${victim.id}/rotate`, { token: admin, method: "POST" }), 409);
    expect((await readToken(admin, victim.id)).revoked_at).not.toBeNull();
  });
});

describe("an admin scoped to some feeds", () => {
  async function scopedAdmin() {
    const root = await createToken({ role: "admin" });
    const [mine, alsoMine, theirs] = [await createFeed(), await createFeed(), await createFeed()];
    const admin = await issueToken(root, { role: "admin", feeds: [mine, alsoMine] });
    return { root, admin, mine, alsoMine, theirs };
  }

  it("may grant only the feeds it has, never every feed", async () => {
    const { admin, mine, alsoMine, theirs } = await scopedAdmin();
    const granted = await issueToken(admin.token, { role: "write", feeds: [mine] });
    expect(granted.feeds).toEqual([mine]);
    expect((await issueToken(admin.token, { role: "admin", feeds: [alsoMine, mine] })).feeds).toEqual(
      [mine, alsoMine].sort(),
    );
    const body = (feeds?: string[]) => ({ label: "x", role: "read", ...(feeds ? { feeds } : {}) });
    await expectProblem(await api("/v1/tokens", { token: admin.token, body: body([mine, theirs]) }), 403);
    await expectProblem(await api("/v1/tokens", { token: admin.token, body: body() }), 403);
  });

  it("sees and manages only tokens within its feeds", async () => {
    const { root, admin, mine, theirs } = await scopedAdmin();
    const inside = await issueToken(root, { role: "read", feeds: [mine] });
    const outside = await issueToken(root, { role: "read", feeds: [mine, theirs] });
    const everywhere = await issueToken(root, { role: "read" });
    const listed = (await (await api("/v1/tokens?limit=100", { token: admin.token })).json()) as {
      items: TokenBody[];
    };
    const ids = listed.items.map((t) => t.id);
    expect(ids).toContain(inside.id);
    expect(ids).toContain(admin.id);
    expect(ids).not.toContain(outside.id);
    expect(ids).not.toContain(everywhere.id);
    for (const hidden of [outside.id, everywhere.id]) {
      await expectProblem(await api(`/v1/tokens/${hidden}`, { token: admin.token }), 404);
      await expectProblem(await api(`/v1/tokens/${hidden}`, { token: admin.token, method: "DELETE" }), 404);
      await expectProblem(
        await api(`/v1/tokens/${hidden}/rotate`, { token: admin.token, method: "POST" }),
        404,
      );
    }
    expect((await api("/v1/feeds", { token: everywhere.token })).status).toBe(200);
    expect((await api(`/v1/tokens/${inside.id}`, { token: admin.token, method: "DELETE" })).status).toBe(204);
  });
});
