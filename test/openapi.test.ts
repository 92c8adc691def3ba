import { SELF } from "cloudflare:test";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ArticleOutput, FeedOutput, Problem } from "../src/domain/api-schemas";
import {
  Accepted,
  DeliveryList,
  WebhookList,
  WebhookOutput,
  WebsubSubscriptionList,
} from "../src/domain/delivery-schemas";
import { PROBLEM_CODES } from "../src/http/problem-types";
import { api, expectProblem } from "./support/http";
import { createToken, feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Doc = { [key: string]: Json };

const OPERATIONS: [path: string, methods: string[]][] = [
  ["/v1/feeds/{feed}/articles", ["post", "get"]],
  ["/v1/feeds/{feed}/articles/{id}", ["get", "put", "patch", "delete"]],
  ["/v1/feeds", ["get", "post"]],
  ["/v1/feeds/{feed}", ["get", "patch"]],
  ["/feeds/{feed}/rss.xml", ["get"]],
  ["/feeds/{feed}/atom.xml", ["get"]],
  ["/feeds/{feed}/feed.json", ["get"]],
];

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
    expect(at(doc, "components", "securitySchemes", "bearer")).toMatchObject({
      type: "http",
      scheme: "bearer",
    });
  });

  it("describes every operation Ferry serves", async () => {
    const doc = await fetchDocument();
    for (const [path, methods] of OPERATIONS) {
      for (const method of methods) expect(at(doc, "paths", path, method), `${method} ${path}`).toBeTruthy();
    }
  });

  it("only references components that exist", async () => {
    const doc = await fetchDocument();
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) expect(resolvePointer(doc, ref), ref).toBeDefined();
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
    expect(Object.keys(created)).toEqual(["201", "400", "401", "403", "404", "405", "413", "415", "422"]);
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
    for (const [path] of OPERATIONS) expect(html).toContain(path);
    expect(html).toContain('name="viewport"');
    expect(html).not.toMatch(/<script|src="http|href="http/i);
    expect(html).toContain("1–1000 characters");
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
