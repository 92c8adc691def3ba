import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, expectProblem, parameters, pointers } from "./support/http";
import { errorLines } from "./support/problem-lines";
import { createFeed, createToken, feedWithToken, ORIGIN, SAMPLE_ARTICLE } from "./support/seed";

/** The problem's errors as "<pointer> → <detail>", the way a client reads them. */
async function postArticle(body: unknown) {
  const { slug, token } = await feedWithToken();
  const response = await api(`/v1/feeds/${slug}/articles`, { token, body });
  const problem = await expectProblem(response, 422);
  const list = await api(`/v1/feeds/${slug}/articles`, { token });
  expect(((await list.json()) as { items: unknown[] }).items).toEqual([]);
  return problem;
}

describe("validation errors a person can act on", () => {
  it("answers a JSON array with one error about the whole body, not a list of missing members", async () => {
    const problem = await postArticle([1, 2]);
    expect(errorLines(problem)).toEqual(['"" → The body must be a JSON object; it is an array.']);
    expect(problem.detail).toBe("The body must be a JSON object; it is an array.");
  });

  it("answers a string, a number, null or a boolean body the same way", async () => {
    for (const [body, kind] of [
      ['"title"', "a string"],
      ["5", "a number"],
      ["null", "null"],
      ["true", "a boolean"],
    ]) {
      const { slug, token } = await feedWithToken();
      const response = await api(`/v1/feeds/${slug}/articles`, {
        token,
        rawBody: body,
        headers: { "content-type": "application/json" },
      });
      expect(errorLines(await expectProblem(response, 422)), body).toEqual([
        `"" → The body must be a JSON object; it is ${kind}.`,
      ]);
    }
  });

  it("names a field of the wrong type and the type it was given", async () => {
    expect(errorLines(await postArticle({ title: 5 }))).toEqual([
      '"/title" → `title` must be a string of 1 to 1 000 characters, not a number.',
    ]);
    expect(errorLines(await postArticle({ title: "Tags", tags: ["a", "b", "c", 7] }))).toEqual([
      '"/tags/3" → `tags/3` must be a string of 1 to 100 characters, not a number.',
    ]);
  });

  it("says a missing title is required and what it must be", async () => {
    expect(errorLines(await postArticle({ summary: "No title" }))).toEqual([
      '"/title" → `title` is required: a string of 1 to 1 000 characters.',
    ]);
  });

  it("names a title that is too long with its bound", async () => {
    expect(errorLines(await postArticle({ title: "x".repeat(1001) }))).toEqual([
      '"/title" → `title` must be at most 1000 characters.',
    ]);
  });

  it("shows what a date must look like", async () => {
    expect(errorLines(await postArticle({ title: "Dated", date_published: "29/11/2026" }))).toEqual([
      '"/date_published" → `date_published` must be an RFC 3339 date-time such as 2015-01-12T15:30:00Z.',
    ]);
  });

  it("lists the allowed values of a closed set", async () => {
    const admin = await createToken({ role: "admin" });
    const response = await api("/v1/tokens", { token: admin, body: { label: "CMS", role: "owner" } });
    expect(errorLines(await expectProblem(response, 422))).toEqual([
      '"/role" → `role` must be one of read, write, admin.',
    ]);
  });

  it("refuses a merge patch that is not an object as a body, for articles and for feeds", async () => {
    const { slug, token } = await feedWithToken();
    const created = await api(`/v1/feeds/${slug}/articles`, { token, body: SAMPLE_ARTICLE });
    const location = created.headers.get("location") as string;
    const patchArticle = await api(location, { method: "PATCH", token, body: ["title"] });
    expect(errorLines(await expectProblem(patchArticle, 422))).toEqual([
      '"" → The body must be a JSON object; it is an array.',
    ]);
    const admin = await createToken({ role: "admin" });
    const feed = await createFeed();
    const patchFeed = await api(`/v1/feeds/${feed}`, {
      method: "PATCH",
      token: admin,
      body: [{ title: "x" }],
    });
    expect(errorLines(await expectProblem(patchFeed, 422))).toEqual([
      '"" → The body must be a JSON object; it is an array.',
    ]);
    expect(
      ((await (await api(`/v1/feeds/${feed}`, { token: admin })).json()) as { title: string }).title,
    ).toBe(`Feed ${feed}`);
  });

  it("reports a malformed path id as a path parameter, never as a body pointer; an unknown one is 404", async () => {
    const { slug, token } = await feedWithToken();
    const response = await api(`/v1/feeds/${slug}/articles/not-a-uuid`, { token });
    const problem = await expectProblem(response, 400);
    expect(problem.parameters).toEqual([
      { parameter: "id", in: "path", detail: "`id` must be an article id (a UUID)." },
    ]);
    expect(problem.errors).toBeUndefined();
    await expectProblem(await api(`/v1/feeds/${slug}/articles/${crypto.randomUUID()}`, { token }), 404);
  });

  it("reports query parameters the same way as path parameters", async () => {
    const { slug, token } = await feedWithToken();
    const problem = await expectProblem(await api(`/v1/feeds/${slug}/articles?limit=abc`, { token }), 400);
    expect(problem.parameters).toEqual([
      { parameter: "limit", in: "query", detail: "`limit` must be a whole number from 1 to 100." },
    ]);
    expect(pointers(problem)).toEqual([]);
  });

  it("reports a malformed Idempotency-Key as a header parameter", async () => {
    const { slug, token } = await feedWithToken();
    const response = await api(`/v1/feeds/${slug}/articles`, {
      token,
      body: SAMPLE_ARTICLE,
      headers: { "idempotency-key": "" },
    });
    expect(parameters(await expectProblem(response, 400))).toEqual(["header Idempotency-Key"]);
  });

  it("writes the WebSub hub's form errors the same way", async () => {
    const response = await SELF.fetch(`${ORIGIN}/websub`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        "hub.mode": "subscribe",
        "hub.topic": `${ORIGIN}/feeds/x/rss.xml`,
      }).toString(),
    });
    expect(errorLines(await expectProblem(response, 400))).toEqual([
      '"/hub.callback" → `hub.callback` is required: a string of 1 to 2 048 characters.',
    ]);
  });
});
