import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index";
import { publish } from "./support/articles";
import { api, expectProblem } from "./support/http";
import { createToken, feedWithToken, ORIGIN } from "./support/seed";
import { issueToken } from "./support/tokens";

afterEach(() => {
  vi.restoreAllMocks();
});

/** Collects the Worker's structured log lines (the Worker runs in this isolate). */
function captureLogs(): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(console, "log").mockImplementation((line: unknown) => {
    try {
      lines.push(JSON.parse(String(line)) as Record<string, unknown>);
    } catch {
      lines.push({ unstructured: String(line) });
    }
  });
  return lines;
}

describe("security headers", () => {
  it("give every HTML page a strict policy: no script, no framing, no referrer leak, no sniffing", async () => {
    const { slug, token } = await feedWithToken();
    await publish(slug, token);
    for (const path of ["/docs", "/problems/not_found", `/feeds/${slug}/`, "/"]) {
      const response = await SELF.fetch(`${ORIGIN}${path}`, { headers: { accept: "text/html" } });
      expect(response.headers.get("content-type"), path).toMatch(/^text\/html/);
      const policy = response.headers.get("content-security-policy") ?? "";
      expect(policy.split("; "), path).toEqual(
        expect.arrayContaining(["default-src 'none'", "frame-ancestors 'none'", "style-src 'unsafe-inline'"]),
      );
      expect(policy, path).not.toMatch(/script-src|unsafe-eval/);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      await response.body?.cancel();
    }
  });

  it("mark feeds, API answers and problems nosniff", async () => {
    const { slug, token } = await feedWithToken();
    const responses = [
      await SELF.fetch(`${ORIGIN}/feeds/${slug}/rss.xml`),
      await SELF.fetch(`${ORIGIN}/feeds/${slug}/feed.json`),
      await SELF.fetch(`${ORIGIN}/openapi.json`),
      await api(`/v1/feeds/${slug}`, { token }),
      await api("/v1/feeds"),
      await SELF.fetch(`${ORIGIN}/nothing-here`),
    ];
    for (const response of responses) {
      expect(response.headers.get("x-content-type-options"), response.url).toBe("nosniff");
      expect(response.headers.get("content-type"), response.url).not.toMatch(/html/);
      expect(response.headers.get("x-frame-options"), response.url).toBeNull();
      await response.body?.cancel();
    }
  });
});

describe("request ids and request logs", () => {
  it("keep a sane incoming x-request-id and replace anything else", async () => {
    const kept = await SELF.fetch(`${ORIGIN}/healthz`, { headers: { "x-request-id": "req-42.a_B" } });
    expect(kept.headers.get("x-request-id")).toBe("req-42.a_B");
    for (const bad of ["a".repeat(65), "evil\tline", "x y", '"quoted"', "a/b"]) {
      const response = await SELF.fetch(`${ORIGIN}/healthz`, { headers: { "x-request-id": bad } });
      const id = response.headers.get("x-request-id") ?? "";
      expect(id).not.toBe(bad);
      expect(id).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    }
    const generated = await SELF.fetch(`${ORIGIN}/nothing-here`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("write one JSON line per request, naming the token by id and never its secret or the query", async () => {
    const admin = await createToken({ role: "admin" });
    const reader = await issueToken(admin, { role: "read" });
    const lines = captureLogs();
    const response = await api("/v1/feeds?cursor=s3cr3t-query", {
      token: reader.token,
      headers: { "x-request-id": "log-test-1" },
    });
    expect(response.status).toBe(200);
    const mine = lines.filter((l) => l.requestId === "log-test-1");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toEqual({
      level: "info",
      message: "request",
      requestId: "log-test-1",
      method: "GET",
      path: "/v1/feeds",
      status: 200,
      durationMs: expect.any(Number),
      tokenId: reader.id,
    });
    expect(lines.filter((l) => "unstructured" in l)).toEqual([]);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(reader.token);
    expect(text).not.toContain("s3cr3t-query");
    expect(text.toLowerCase()).not.toContain("authorization");
  });

  it("leave successful public reads to the platform's invocation logs, but log their failures", async () => {
    const lines = captureLogs();
    await SELF.fetch(`${ORIGIN}/opml.xml`, { headers: { "x-request-id": "log-test-read" } });
    await SELF.fetch(`${ORIGIN}/feeds/no-such-feed/rss.xml`, {
      headers: { "x-request-id": "log-test-miss" },
    });
    expect(lines.filter((l) => l.requestId === "log-test-read")).toEqual([]);
    expect(lines.filter((l) => l.requestId === "log-test-miss")).toEqual([
      expect.objectContaining({ status: 404, path: "/feeds/no-such-feed/rss.xml" }),
    ]);
  });

  it("log refused and unauthenticated requests too, without a token id", async () => {
    const lines = captureLogs();
    await api("/v1/feeds", { token: "fry_wrong", headers: { "x-request-id": "log-test-2" } });
    expect(lines.filter((l) => l.requestId === "log-test-2")).toEqual([
      expect.objectContaining({ status: 401, tokenId: null, path: "/v1/feeds" }),
    ]);
    expect(JSON.stringify(lines)).not.toContain("fry_wrong");
  });
});

describe("GET /healthz", () => {
  it("reports the database and the newest applied migration", async () => {
    const response = await SELF.fetch(`${ORIGIN}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const newest = env.TEST_MIGRATIONS.map((m) => m.name)
      .sort()
      .at(-1);
    expect(await response.json()).toMatchObject({ status: "ok", database: "ok", migration: newest });
    expect(newest).toMatch(/^\d{4}_.+\.sql$/);
  });

  it("answers 503 problem+json when D1 fails, and logs why", async () => {
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => {
      errors.push(String(line));
    });
    const brokenDb = {
      prepare: () => {
        throw new Error("D1_ERROR: database unavailable");
      },
    } as unknown as D1Database;
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request(`${ORIGIN}/healthz`), { ...env, DB: brokenDb }, ctx);
    await waitOnExecutionContext(ctx);
    const problem = await expectProblem(response, 503);
    expect(problem.type).toBe("/problems/internal");
    expect(response.headers.get("retry-after")).toBeTruthy();
    expect(errors.some((line) => line.includes("database unavailable"))).toBe(true);
  });

  it("answers 405 to other methods", async () => {
    await expectProblem(await SELF.fetch(`${ORIGIN}/healthz`, { method: "POST" }), 405);
  });
});
