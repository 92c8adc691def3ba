import { describe, expect, it } from "vitest";
import { api, expectProblem, pointers } from "./support/http";
import { createFeed, createToken, uniqueSlug } from "./support/seed";

interface FeedBody {
  slug: string;
  title: string;
  item_limit: number;
  language?: string;
  urls: { rss: string; atom: string; json: string };
}

describe("managing feeds", () => {
  it("lets an admin create a feed, answering 201 with its three feed URLs", async () => {
    const token = await createToken({ role: "admin" });
    const slug = uniqueSlug();
    const response = await api("/v1/feeds", { token, body: { slug, title: "Sport", language: "en-GB" } });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`/v1/feeds/${slug}`);
    const feed = (await response.json()) as FeedBody;
    expect(feed).toMatchObject({ slug, title: "Sport", item_limit: 20, language: "en-GB" });
    expect(feed.urls.rss).toBe(`https://ferry.test/feeds/${slug}/rss.xml`);
    expect((await api(feed.urls.json.replace("https://ferry.test", ""))).status).toBe(200);
  });

  it("refuses a duplicate slug with 409 and an invalid one with 422", async () => {
    const token = await createToken({ role: "admin" });
    const slug = await createFeed();
    const dup = await expectProblem(await api("/v1/feeds", { token, body: { slug, title: "Again" } }), 409);
    expect(pointers(dup)).toEqual(["/slug"]);
    const bad = await expectProblem(
      await api("/v1/feeds", { token, body: { slug: "Bad Slug!", title: "x" } }),
      422,
    );
    expect(pointers(bad)).toEqual(["/slug"]);
    const limit = await expectProblem(
      await api("/v1/feeds", { token, body: { slug: uniqueSlug(), title: "x", item_limit: 101 } }),
      422,
    );
    expect(pointers(limit)).toEqual(["/item_limit"]);
  });

  it("does not let a write token create or change feeds", async () => {
    const slug = await createFeed();
    const token = await createToken({ role: "write", feeds: [slug] });
    await expectProblem(await api("/v1/feeds", { token, body: { slug: uniqueSlug(), title: "x" } }), 403);
    await expectProblem(
      await api(`/v1/feeds/${slug}`, { method: "PATCH", token, body: { title: "x" } }),
      403,
    );
  });

  it("lists only the feeds a scoped token may use", async () => {
    const mine = await createFeed();
    await createFeed();
    const token = await createToken({ role: "read", feeds: [mine] });
    const body = (await (await api("/v1/feeds", { token })).json()) as { items: FeedBody[] };
    expect(body.items.map((f) => f.slug)).toEqual([mine]);
  });

  it("patches feed settings, clearing members set to null", async () => {
    const token = await createToken({ role: "admin" });
    const slug = uniqueSlug();
    await api("/v1/feeds", { token, body: { slug, title: "Before", language: "en" } });
    const response = await api(`/v1/feeds/${slug}`, {
      method: "PATCH",
      token,
      body: { title: "After", language: null, item_limit: 5 },
    });
    expect(response.status).toBe(200);
    const feed = (await response.json()) as FeedBody;
    expect(feed).toMatchObject({ title: "After", item_limit: 5 });
    expect(feed.language).toBeUndefined();
  });
});
