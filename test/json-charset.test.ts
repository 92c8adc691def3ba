import { describe, expect, it } from "vitest";
import { api } from "./support/http";
import { createToken, feedWithToken, SAMPLE_ARTICLE } from "./support/seed";

const JSON_UTF8 = /^application\/(?:[\w.+-]+\+)?json; charset=utf-8$/;

describe("JSON answers", () => {
  it("say charset=utf-8 on reads, writes, problems and the OpenAPI document alike", async () => {
    const { slug, token } = await feedWithToken();
    const admin = await createToken({ role: "admin" });
    const created = await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    const article = created.headers.get("location") as string;
    const answers: Record<string, Response> = {
      "POST article": created,
      "GET article": await api(article, { token }),
      "GET articles": await api(`/v1/feeds/${slug}/articles`, { token }),
      "PATCH article": await api(article, { method: "PATCH", token, body: { title: "Renamed" } }),
      "GET feeds": await api("/v1/feeds", { token: admin }),
      "GET feed": await api(`/v1/feeds/${slug}`, { token: admin }),
      "PATCH feed": await api(`/v1/feeds/${slug}`, { method: "PATCH", token: admin, body: { title: "New" } }),
      "GET tokens": await api("/v1/tokens", { token: admin }),
      "POST token": await api("/v1/tokens", { token: admin, body: { label: "CMS", role: "read" } }),
      "GET webhooks": await api(`/v1/feeds/${slug}/webhooks`, { token }),
      "GET healthz": await api("/healthz"),
      "GET openapi.json": await api("/openapi.json"),
      "422 problem": await api(`/v1/feeds/${slug}/articles`, { token, body: [1, 2] }),
      "404 problem": await api("/v1/nothing-here", { token }),
    };
    for (const [name, response] of Object.entries(answers)) {
      expect(response.status, name).toBeLessThan(500);
      expect(response.headers.get("content-type"), name).toMatch(JSON_UTF8);
    }
  });
});
