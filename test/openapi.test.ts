import { env, SELF } from "cloudflare:test";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import packageJson from "../package.json";
import { ArticleOutput, FeedOutput, Problem } from "../src/domain/api-schemas";
import {
  Accepted,
  DeliveryList,
  WebhookList,
  WebhookOutput,
  WebsubSubscriptionList,
} from "../src/domain/delivery-schemas";
import { PROBLEM_CODES } from "../src/domain/problems";
import { app } from "../src/http/app";
import { allEndpoints } from "../src/http/endpoints";
import { api, expectProblem } from "./support/http";
import { createToken, feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Doc = { [key: string]: Json };

/**
 * A route as `METHOD path` with every parameter written `{}`. A Hono parameter limited to a few literal
 * values (`:file{(?:rss\\.xml|atom\\.xml|feed\\.json)}`) stands for each of them, as the document lists them.
 */
function normalisedRoutes(method: string, path: string): string[] {
  let paths = [""];
  for (const segment of path.split("/").slice(1)) {
    const literals = /^:\w+\{\(\?:([^()]*)\)\}$/.exec(segment)?.[1];
    const options = literals
      ? literals.split("|").map((literal) => literal.replace(/\\(.)/g, "$1"))
      : [/^(:\w+|\{\w+\})/.test(segment) ? "{}" : segment];
    paths = paths.flatMap((prefix) => options.map((option) => `${prefix}/${option}`));
  }
  return paths.map((normalised) => `${method.toUpperCase()} ${normalised}`);
}

async function fetchDocument(): Promise<Doc> {
  const response = await SELF.fetch(`${ORIGIN}/openapi.json`);
  expect(response.status).toBe(200);
  return (await response.json()) as Doc;
}

function collectRefs(value: Json, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, found);
  else if (value && typeof value === "object") {
    for (const [key, member] of Object.entries(value)) {
      if (key === "$ref" && typeof member === "string") found.push(member);
      else collectRefs(member, found);
    }
  }
  return found;
}

/** Resolves a local JSON Pointer reference (`#/a/b`) against the document, or undefined. */
function resolvePointer(doc: Doc, ref: string): Json | undefined {
  if (!ref.startsWith("#/")) return undefined;
  let node: Json | undefined = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = node && typeof node === "object" && !Array.isArray(node) ? node[key] : undefined;
  }
  return node;
}

// biome-ignore lint/suspicious/noExplicitAny: walking an untyped JSON document in assertions.
const at = (doc: Doc, ...keys: string[]): any => keys.reduce<any>((node, key) => node?.[key], doc);

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document anyone may load", async () => {
    const response = await SELF.fetch(`${ORIGIN}/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const doc = (await response.json()) as Doc;
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(at(doc, "info", "title")).toBe("Ferry");
    expect(at(doc, "info", "version")).toBe(packageJson.version);
    expect(at(doc, "info", "license", "name")).toBe(packageJson.license);
    expect(at(doc, "components", "securitySchemes", "bearer")).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
    expect(at(doc, "components", "securitySchemes", "basic")).toMatchObject({
      type: "http",
      scheme: "basic",
    });
    // Basic credentials are offered only where a route takes them (the Atom feed of events), nowhere else.
    const basicOperations = Object.values(at(doc, "paths") as Record<string, Record<string, Doc>>)
      .flatMap((item) => Object.values(item))
      .filter((op) => JSON.stringify(op.security ?? []).includes('"basic"'))
      .map((op) => op.operationId);
    expect(basicOperations).toEqual(["feedEventsAtom"]);
  });

  it("describes every declared endpoint, under its own operationId", async () => {
    const doc = await fetchDocument();
    for (const { method, path, operationId } of allEndpoints()) {
      expect(at(doc, "paths", path, method, "operationId"), `${method} ${path}`).toBe(operationId);
    }
    expect(new Set(allEndpoints().map((spec) => spec.operationId)).size).toBe(allEndpoints().length);
  });

  it("names the origin it is served from as its server", async () => {
    expect(at(await fetchDocument(), "servers")).toEqual([{ url: ORIGIN, description: expect.any(String) }]);
    const elsewhere = await SELF.fetch("http://127.0.0.1:8787/openapi.json");
    expect(at((await elsewhere.json()) as Doc, "servers", "0", "url")).toBe("http://127.0.0.1:8787");
    const configured = await app.request(
      "/openapi.json",
      {},
      { ...env, PUBLIC_BASE_URL: "https://feeds.example.org/" },
    );
    expect(at((await configured.json()) as Doc, "servers", "0", "url")).toBe("https://feeds.example.org");
  });

  it("describes every route the app serves, and no route it does not", async () => {
    const doc = await fetchDocument();
    const documented = new Set(
      Object.entries(at(doc, "paths") as Doc).flatMap(([path, item]) =>
        Object.keys(item as Doc).flatMap((method) => normalisedRoutes(method, path)),
      ),
    );
    // `ALL` registrations are middleware and the 405 / OPTIONS answers for the other methods of a path.
    const served = new Set(
      app.routes
        .filter((route) => route.method !== "ALL")
        .flatMap((route) => normalisedRoutes(route.method, route.path)),
    );
    expect(served.size).toBeGreaterThan(40);
    expect(
      [...served].filter((route) => !documented.has(route)),
      "served but not documented",
    ).toEqual([]);
    expect(
      [...documented].filter((route) => !served.has(route)),
      "documented but not served",
    ).toEqual([]);
  });

  it("only references components that exist", async () => {
    const doc = await fetchDocument();
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) expect(resolvePointer(doc, ref), ref).toBeDefined();
  });

  it("describes what Ferry sends to webhook endpoints, one entry per event type of the catalogue", async () => {
    const doc = await fetchDocument();
    const catalogue = await api("/v1/event-types", { token: await createToken({ role: "read" }) });
    const { items: data } = (await catalogue.json()) as { items: { name: string }[] };
    expect(data.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(at(doc, "webhooks"))).toEqual(data.map((entry) => entry.name));
    for (const { name } of data) {
      const post = at(doc, "webhooks", name, "post");
      const schema = resolvePointer(doc, post.requestBody.content["application/json"].schema.$ref);
      expect(at(schema as Doc, "properties", "type", "const"), name).toBe(name);
      const headers = post.parameters.map((p: { $ref: string }) =>
        at(resolvePointer(doc, p.$ref) as Doc, "name"),
      );
      expect(headers, name).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
      expect(Object.keys(post.responses).sort(), name).toEqual(["2XX", "410", "default"]);
    }
  });

  it("carries the request schema's constraints, title required and limited to 1000 characters", async () => {
    const doc = await fetchDocument();
    const input = at(doc, "components", "schemas", "ArticleInput");
    expect(input.required).toContain("title");
    expect(input.properties.title).toMatchObject({ type: "string", minLength: 1, maxLength: 1000 });
    const url = input.properties.url.anyOf.find((option: { type: string }) => option.type === "string");
    expect(url).toMatchObject({ format: "uri", maxLength: 2048, description: expect.stringMatching(/http/) });
    for (const name of [
      "ArticleInput",
      "FeedInput",
      "FeedPatch",
      "ArticleOutput",
      "ArticleList",
      "FeedOutput",
      "FeedList",
      "Problem",
    ]) {
      expect(at(doc, "components", "schemas", name), name).toBeTruthy();
    }
  });

  it("documents bodies, idempotency, preconditions and problem responses per operation", async () => {
    const doc = await fetchDocument();
    const params = (path: string, method: string) =>
      at(doc, "paths", path, method).parameters.map((p: { $ref: string }) => p.$ref.split("/").pop());
    expect(params("/v1/feeds/{feed}/articles", "post")).toEqual(["feed", "IdempotencyKey"]);
    expect(params("/v1/feeds/{feed}/articles", "get")).toEqual(["feed", "limit", "cursor"]);
    for (const method of ["put", "patch", "delete"]) {
      expect(params("/v1/feeds/{feed}/articles/{id}", method)).toEqual(["feed", "id", "IfMatch"]);
    }
    expect(
      Object.keys(at(doc, "paths", "/v1/feeds/{feed}/articles/{id}", "patch", "requestBody", "content")),
    ).toEqual(["application/json", "application/merge-patch+json"]);
    const created = at(doc, "paths", "/v1/feeds/{feed}/articles", "post", "responses");
    expect(created["201"].headers.Location).toBeTruthy();
    expect(Object.keys(created)).toEqual([
      "201",
      "400",
      "401",
      "403",
      "404",
      "405",
      "413",
      "415",
      "422",
      "429",
    ]);
    const unprocessable = resolvePointer(doc, created["422"].$ref);
    expect(at(unprocessable as Doc, "content", "application/problem+json", "schema", "$ref")).toBe(
      "#/components/schemas/Problem",
    );
    expect(at(doc, "paths", "/feeds/{feed}/atom.xml", "get", "security")).toEqual([]);
    expect(
      Object.keys(at(doc, "paths", "/feeds/{feed}/rss.xml", "get", "responses", "200", "content")),
    ).toEqual(["application/rss+xml"]);
    expect(
      Object.keys(at(doc, "paths", "/feeds/{feed}/feed.json", "get", "responses", "200", "content")),
    ).toEqual(["application/feed+json"]);
  });

  it("documents paging, conditional requests and negotiation on the public routes", async () => {
    const doc = await fetchDocument();
    const params = (path: string) =>
      at(doc, "paths", path, "get").parameters.map((p: { $ref: string }) => p.$ref.split("/").pop());
    expect(params("/feeds/{feed}/tags/{tag}/rss.xml")).toEqual([
      "feed",
      "tag",
      "before",
      "IfNoneMatch",
      "IfModifiedSince",
    ]);
    expect(params("/opml.xml")).toEqual(["IfNoneMatch", "IfModifiedSince"]);
    const feed = at(doc, "paths", "/feeds/{feed}/authors/{name}/feed.json", "get", "responses");
    expect(Object.keys(feed)).toEqual(["200", "304", "400", "404", "405", "429"]);
    expect(Object.keys(feed["200"].headers)).toEqual([
      "ETag",
      "Last-Modified",
      "Cache-Control",
      "Vary",
      "Link",
    ]);
    expect(resolvePointer(doc, feed["304"].$ref)).toMatchObject({ headers: feed["200"].headers });
    const negotiated = at(doc, "paths", "/feeds/{feed}", "get", "responses", "200");
    expect(Object.keys(negotiated.content)).toEqual([
      "text/html",
      "application/rss+xml",
      "application/atom+xml",
      "application/feed+json",
    ]);
    expect(negotiated.headers["Content-Location"]).toBeTruthy();
    expect(Object.keys(at(doc, "paths", "/opml.xml", "get", "responses", "200", "content"))).toEqual([
      "text/x-opml",
    ]);
  });

  it("describes what the public routes really answer", async () => {
    const { slug, token } = await feedWithToken();
    const article = { ...SAMPLE_ARTICLE, tags: ["film"], authors: [{ name: "Ada" }] };
    expect((await api(`/v1/feeds/${slug}/articles`, { token, body: article })).status).toBe(201);
    const doc = await fetchDocument();
    const values: Record<string, string> = { feed: slug, tag: "film", name: "ada" };
    const publicOps = Object.entries(at(doc, "paths") as Doc).filter(([, item]) =>
      at(item as Doc, "get", "tags")?.includes("Public feeds"),
    );
    expect(publicOps.length).toBe(17);
    for (const [template] of publicOps) {
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? name);
      const ok = at(doc, "paths", template, "get", "responses", "200");
      const response = await SELF.fetch(`${ORIGIN}${path}`);
      expect(response.status, path).toBe(200);
      const mediaType = response.headers.get("content-type")?.split(";")[0] ?? "";
      expect(Object.keys(ok.content), path).toContain(mediaType);
      for (const header of Object.keys(ok.headers))
        expect(response.headers.get(header), `${path} ${header}`).toBeTruthy();
      await response.body?.cancel();
      const again = await SELF.fetch(`${ORIGIN}${path}`, {
        headers: { "if-none-match": response.headers.get("etag") ?? "" },
      });
      expect(again.status, path).toBe(304);
      await again.body?.cancel();
    }
  });

  it("answers other methods with 405", async () => {
    const response = await SELF.fetch(`${ORIGIN}/openapi.json`, { method: "POST" });
    await expectProblem(response, 405);
    expect(response.headers.get("allow")).toContain("GET");
  });
});

describe("output schemas", () => {
  it("match what the API really answers", async () => {
    const { slug, token } = await feedWithToken();
    const created = await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    expect(created.status).toBe(201);
    expect(v.safeParse(ArticleOutput, await created.json()).issues).toBeUndefined();
    const feed = await api(`/v1/feeds/${slug}`, { token: await createToken({ role: "read" }) });
    expect(v.safeParse(FeedOutput, await feed.json()).issues).toBeUndefined();
    const missing = await api(`/v1/feeds/${slug}/articles/00000000-0000-4000-8000-000000000000`, { token });
    expect(v.safeParse(Problem, await missing.json()).issues).toBeUndefined();
  });

  it("match what the webhook and WebSub routes answer", async () => {
    const { slug, token } = await feedWithToken();
    const hook = await api(`/v1/feeds/${slug}/webhooks`, { token, body: { url: "http://127.0.0.1:9/hook" } });
    expect(hook.status).toBe(201);
    const endpoint = (await hook.json()) as { id: string };
    expect(v.safeParse(WebhookOutput, endpoint).issues).toBeUndefined();
    // Paused, so the test below queues nothing that could reach the address.
    await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}`, {
      method: "PATCH",
      token,
      body: { paused: true },
    });
    const list = await api(`/v1/feeds/${slug}/webhooks`, { token });
    expect(v.safeParse(WebhookList, await list.json()).issues).toBeUndefined();
    const test = await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/test`, { method: "POST", token });
    expect(v.safeParse(Accepted, await test.json()).issues).toBeUndefined();
    const log = await api(`/v1/feeds/${slug}/webhooks/${endpoint.id}/deliveries`, { token });
    expect(v.safeParse(DeliveryList, await log.json()).issues).toBeUndefined();
    const subscribers = await api(`/v1/feeds/${slug}/websub`, { token });
    expect(v.safeParse(WebsubSubscriptionList, await subscribers.json()).issues).toBeUndefined();
  });
});

describe("GET /docs", () => {
  it("is a self-contained HTML page naming every path", async () => {
    const response = await SELF.fetch(`${ORIGIN}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await response.text();
    for (const { path } of allEndpoints()) expect(html).toContain(path);
    expect(html).toContain('name="viewport"');
    expect(html).not.toMatch(/<script|src="http|href="http/i);
    expect(html).toContain("1–1000 characters");
  });

  it("keeps words whole in tables and links only the path beside a method badge", async () => {
    const html = await (await SELF.fetch(`${ORIGIN}/docs`)).text();
    expect(html).not.toMatch(/overflow-wrap:\s*anywhere|word-break:\s*break-all/);
    expect(html).toMatch(/th, td \{[^}]*white-space: nowrap/);
    expect(html).toContain('<th class="prose">Description</th>');
    expect(html).toContain('<div class="scroll"><table>');
    expect(html).not.toMatch(/<a [^>]*>\s*<span class="method/);
    expect(html).toContain(`<code>${ORIGIN}</code>`);
  });
});

describe("GET /problems/:code", () => {
  it("describes every problem type Ferry answers with", async () => {
    for (const code of PROBLEM_CODES) {
      const response = await SELF.fetch(`${ORIGIN}/problems/${code}`);
      expect(response.status, code).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      await response.text();
    }
    const html = await (await SELF.fetch(`${ORIGIN}/problems/validation_failed`)).text();
    expect(html).toContain("Validation failed");
    expect(html).toContain("422");
  });

  it("answers an unknown problem type with a 404 problem", async () => {
    const problem = await expectProblem(await SELF.fetch(`${ORIGIN}/problems/nope`), 404);
    expect(problem.type).toBe("/problems/not_found");
  });
});
