import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ImportResult } from "../src/domain/api-schemas";
import wordpress from "./fixtures/import/wordpress.rss.xml?raw";
import { api, expectProblem } from "./support/http";
import { importOk, postImport } from "./support/import";
import { createFeed, createToken, feedWithToken } from "./support/seed";

const EMPTY_RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title><link>https://e.example/</link><description>none</description></channel></rss>`;

function jsonFeedWith(count: number): string {
  const items = Array.from({ length: count }, (_, i) => ({
    id: `item-${i}`,
    title: `Item ${i}`,
    content_text: "x",
  }));
  return JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "Many", items });
}

describe("POST /v1/feeds/:feed/import refuses", () => {
  it("a body that is not sent as a feed document with 415", async () => {
    const { slug, token } = await feedWithToken();
    for (const type of ["text/plain", "text/html", "multipart/form-data; boundary=x", ""]) {
      const problem = await expectProblem(await postImport(slug, token, wordpress, type), 415);
      expect(problem.detail).toContain("application/rss+xml");
    }
  });

  it("an unknown charset with 415", async () => {
    const { slug, token } = await feedWithToken();
    const problem = await expectProblem(
      await postImport(slug, token, wordpress, "text/xml; charset=klingon"),
      415,
    );
    expect(problem.detail).toContain("klingon");
  });

  it("a document over 5 MiB with 413, before reading it", async () => {
    const { slug, token } = await feedWithToken();
    const huge = `<rss version="2.0"><channel><title>x</title><description>${"a".repeat(5 * 1024 * 1024)}</description></channel></rss>`;
    const problem = await expectProblem(await postImport(slug, token, huge), 413);
    expect(problem.detail).toContain(String(5 * 1024 * 1024));
  });

  it("more than 5000 items with 413, creating nothing", async () => {
    const { slug, token } = await feedWithToken();
    const problem = await expectProblem(
      await postImport(slug, token, jsonFeedWith(5001), "application/feed+json"),
      413,
    );
    expect(problem.detail).toMatch(/more than 5000 items/);
    const list = await api(`/v1/feeds/${slug}/articles`, { token });
    expect(((await list.json()) as { items: unknown[] }).items).toHaveLength(0);
  });

  it("a malformed or unrecognised document with 400 naming the reason", async () => {
    const { slug, token } = await feedWithToken();
    const cases: [body: string, type: string, reason: RegExp][] = [
      [
        '<rss version="2.0"><channel><title>x</title><item><title>a</item>',
        "application/rss+xml",
        /malformed/,
      ],
      ["<html><body><p>Not a feed</p></body></html>", "text/xml", /not an RSS 2\.0, Atom or JSON Feed/],
      ['{ "version": "https://jsonfeed.org/version/1.1", "items": [', "application/json", /not valid JSON/],
      ['["not", "a", "feed"]', "application/feed+json", /JSON object/],
      ["just some words", "text/xml", /neither XML .* nor JSON/],
      [
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>x</title></channel><item><title>a</title><link>https://x.example/</link></item></rdf:RDF>',
        "application/xml",
        /RSS 1\.0 \(RDF\) is not supported/,
      ],
      ["   ", "text/xml", /empty/],
    ];
    for (const [body, type, reason] of cases) {
      const problem = await expectProblem(await postImport(slug, token, body, type), 400);
      expect(problem.detail, body).toMatch(reason);
    }
  });

  it("bytes that are not valid UTF-8 with 400", async () => {
    const { slug, token } = await feedWithToken();
    const bytes = new TextEncoder().encode(wordpress.replace("Field Notes", "Field \u0000Notes"));
    bytes[bytes.indexOf(0)] = 0xff;
    await expectProblem(await postImport(slug, token, bytes), 400);
  });

  it("a token without write access to the feed with 401 or 403", async () => {
    const { slug } = await feedWithToken();
    const otherFeedToken = (await feedWithToken()).token;
    const readOnly = await createToken({ role: "read", feeds: [slug] });
    const forbidden = await expectProblem(await postImport(slug, otherFeedToken, wordpress), 403);
    expect(forbidden.detail).toContain(slug);
    await expectProblem(await postImport(slug, readOnly, wordpress), 403);
    await expectProblem(await postImport(slug, "fry_not-a-real-token", wordpress), 401);
    await expectProblem(await postImport("no-such-feed", await createToken(), wordpress), 404);
  });

  it("other methods with 405", async () => {
    const slug = await createFeed();
    const response = await api(`/v1/feeds/${slug}/import`, { token: await createToken() });
    await expectProblem(response, 405);
    expect(response.headers.get("allow")).toContain("POST");
  });
});

describe("POST /v1/feeds/:feed/import answers", () => {
  it("200 with zeros for a feed without items", async () => {
    const { slug, token } = await feedWithToken();
    expect(await importOk(slug, token, EMPTY_RSS)).toEqual({
      format: "rss",
      created: 0,
      skipped: 0,
      rejected: 0,
      truncated: false,
      items: [],
    });
  });

  it("in the documented shape, listing at most 1000 items with rejected ones first", async () => {
    const { slug, token } = await feedWithToken();
    const items = Array.from({ length: 1200 }, (_, i) =>
      i === 1100
        ? { id: "bad", title: "Bad", url: "ftp://x.example/" }
        : { id: `i-${i}`, title: `Item ${i}`, content_text: "x" },
    );
    const doc = JSON.stringify({ version: "https://jsonfeed.org/version/1.1", title: "Many", items });
    const result = await importOk(slug, token, doc, "application/feed+json");
    expect(v.safeParse(ImportResult, result).issues).toBeUndefined();
    expect(result).toMatchObject({ created: 1199, skipped: 0, rejected: 1, truncated: true });
    expect(result.items).toHaveLength(1000);
    expect(result.items[0]).toMatchObject({ index: 1100, guid: "bad", status: "rejected" });
    expect(result.items[1]).toMatchObject({ index: 0, guid: "i-0", status: "created" });
  });

  it("the first response again to a retry with the same Idempotency-Key", async () => {
    const { slug, token } = await feedWithToken();
    const headers = { "idempotency-key": crypto.randomUUID() };
    const first = await postImport(slug, token, wordpress, "application/rss+xml", headers);
    const firstBody = await first.text();
    expect(first.status).toBe(200);
    const retry = await postImport(slug, token, wordpress, "application/rss+xml", headers);
    expect(retry.status).toBe(200);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect(await retry.text()).toBe(firstBody);
    const reused = await postImport(slug, token, EMPTY_RSS, "application/rss+xml", headers);
    await expectProblem(reused, 422);
  });
});

describe("the import and export operations", () => {
  it("are described in the OpenAPI document and on the docs page", async () => {
    const doc = (await (await api("/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, unknown> };
            responses: Record<string, { content?: Record<string, unknown> }>;
          }
        >
      >;
      components: { schemas: Record<string, unknown> };
    };
    const importOp = doc.paths["/v1/feeds/{feed}/import"]?.post;
    expect(Object.keys(importOp?.requestBody?.content ?? {})).toEqual([
      "application/rss+xml",
      "application/atom+xml",
      "application/xml",
      "text/xml",
      "application/feed+json",
      "application/json",
    ]);
    expect(importOp?.responses["200"]?.content).toEqual({
      "application/json": { schema: { $ref: "#/components/schemas/ImportResult" } },
    });
    expect(doc.components.schemas.ImportResult).toBeTruthy();
    expect(Object.keys(doc.paths["/v1/feeds/{feed}/export"]?.get?.responses["200"]?.content ?? {})).toEqual([
      "application/feed+json",
    ]);
    const html = await (await api("/docs")).text();
    expect(html).toContain("/v1/feeds/{feed}/import");
    expect(html).toContain("/v1/feeds/{feed}/export");
  });
});
