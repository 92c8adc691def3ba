import { describe, expect, it } from "vitest";
import { publish } from "./support/articles";
import { readAllFormatsAt, walkFeedPages } from "./support/feeds";
import { api, expectProblem } from "./support/http";
import { createFeed, createToken, feedWithToken, ORIGIN, SAMPLE_ARTICLE, uniqueSlug } from "./support/seed";

/** A feed with a spread of tags and authors, dated so that the order is known. */
async function taggedFeed() {
  const { slug, token } = await feedWithToken();
  const date = (day: number) => new Date(Date.UTC(2021, 0, day)).toISOString();
  const ids = {
    film: (
      await publish(slug, token, { title: "Film one", tags: ["Film", "China"], date_published: date(1) })
    ).id,
    filmLower: (
      await publish(slug, token, {
        title: "Film two",
        tags: ["film"],
        authors: [{ name: "Ada Lovelace" }],
        date_published: date(2),
      })
    ).id,
    business: (await publish(slug, token, { title: "Business", tags: ["Business"], date_published: date(3) }))
      .id,
    deleted: (await publish(slug, token, { title: "Deleted film", tags: ["film"], date_published: date(4) }))
      .id,
    future: (
      await publish(slug, token, {
        title: "Future film",
        tags: ["film"],
        date_published: "2999-01-01T00:00:00Z",
      })
    ).id,
    odd: (
      await publish(slug, token, {
        title: "Odd tags",
        tags: ["Science Fiction", "Café", "AC/DC"],
        authors: [{ name: "Ada Lovelace" }, { email: "grace@example.com" }],
        date_published: date(5),
      })
    ).id,
  };
  await api(`/v1/feeds/${slug}/articles/${ids.deleted}`, { method: "DELETE", token });
  return { slug, token, ids };
}

function titlesOf(feeds: Awaited<ReturnType<typeof readAllFormatsAt>>) {
  return {
    rss: feeds.rss.items?.map((i) => i.title) ?? [],
    atom: feeds.atom.entries?.map((e) => e.title?.value) ?? [],
    json: feeds.json.items?.map((i) => i.title) ?? [],
  };
}

function expectTitles(feeds: Awaited<ReturnType<typeof readAllFormatsAt>>, titles: string[]) {
  expect(titlesOf(feeds)).toEqual({ rss: titles, atom: titles, json: titles });
}

describe("per-tag feeds", () => {
  it("list only live, published articles with the tag, whatever its case, newest first, in all three formats", async () => {
    const { slug } = await taggedFeed();
    const feeds = await readAllFormatsAt(`/feeds/${slug}/tags/film/`);
    expectTitles(feeds, ["Film two", "Film one"]);
    expect(feeds.rss.title).toBe(`Feed ${slug} — tagged film`);
    expect(feeds.atom.title?.value).toBe(`Feed ${slug} — tagged film`);
    expect(feeds.json.title).toBe(`Feed ${slug} — tagged film`);
    expect(feeds.json.feed_url).toBe(`${ORIGIN}/feeds/${slug}/tags/film/feed.json`);
    expect(feeds.atom.links?.find((l) => l.rel === "self")?.href).toBe(
      `${ORIGIN}/feeds/${slug}/tags/film/atom.xml`,
    );
    expect(feeds.rss.atom?.links?.find((l) => l.rel === "self")?.href).toBe(
      `${ORIGIN}/feeds/${slug}/tags/film/rss.xml`,
    );
  });

  it("match the tag case-insensitively, linking to the canonical lower-case URL", async () => {
    const { slug } = await taggedFeed();
    const feeds = await readAllFormatsAt(`/feeds/${slug}/tags/FiLm/`);
    expectTitles(feeds, ["Film two", "Film one"]);
    expect(feeds.json.feed_url).toBe(`${ORIGIN}/feeds/${slug}/tags/film/feed.json`);
  });

  it.each([
    ["Science%20Fiction", "science%20fiction"],
    ["caf%C3%A9", "caf%C3%A9"],
    ["CAF%C3%89", "caf%C3%A9"],
    ["ac%2Fdc", "ac%2Fdc"],
  ])("decode the percent-encoded tag %s", async (segment, canonical) => {
    const { slug } = await taggedFeed();
    const feeds = await readAllFormatsAt(`/feeds/${slug}/tags/${segment}/`);
    expectTitles(feeds, ["Odd tags"]);
    expect(feeds.json.feed_url).toBe(`${ORIGIN}/feeds/${slug}/tags/${canonical}/feed.json`);
  });

  it("answer an unknown tag with an empty but valid feed", async () => {
    const { slug } = await taggedFeed();
    const feeds = await readAllFormatsAt(`/feeds/${slug}/tags/nothing-here/`);
    expectTitles(feeds, []);
    expect(feeds.json.title).toBe(`Feed ${slug} — tagged nothing-here`);
  });

  it("answer an unknown feed with a 404 problem", async () => {
    for (const path of ["tags/film/rss.xml", "tags/film/", "authors/ada/feed.json", "tags/film"]) {
      await expectProblem(await api(`/feeds/no-such-feed/${path}`), 404);
    }
  });

  it("have their own stable Atom id, distinct from the whole feed's and from other tags'", async () => {
    const { slug } = await taggedFeed();
    const id = async (base: string) => (await readAllFormatsAt(base)).atom.id;
    const film = await id(`/feeds/${slug}/tags/film/`);
    expect(film).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await id(`/feeds/${slug}/tags/FILM/`)).toBe(film);
    expect(await id(`/feeds/${slug}/tags/china/`)).not.toBe(film);
    expect(await id(`/feeds/${slug}/`)).not.toBe(film);
    expect(await id(`/feeds/${slug}/authors/film/`)).not.toBe(film);
  });

  it("follow edits and deletes at once", async () => {
    const { slug, token, ids } = await taggedFeed();
    await api(`/v1/feeds/${slug}/articles/${ids.film}`, {
      method: "PATCH",
      token,
      body: { tags: ["drama"] },
    });
    expectTitles(await readAllFormatsAt(`/feeds/${slug}/tags/film/`), ["Film two"]);
    expectTitles(await readAllFormatsAt(`/feeds/${slug}/tags/drama/`), ["Film one"]);
    await api(`/v1/feeds/${slug}/articles/${ids.filmLower}`, { method: "DELETE", token });
    expectTitles(await readAllFormatsAt(`/feeds/${slug}/tags/film/`), []);
  });

  it("page like the whole feed", async () => {
    const slug = await createFeed(uniqueSlug("tagpaged"), { itemLimit: 2 });
    const token = await createToken({ feeds: [slug] });
    const expected: string[] = [];
    for (let i = 0; i < 7; i++) {
      const tags = i % 2 === 0 ? ["even"] : ["odd"];
      const id = (
        await publish(slug, token, {
          title: `N${i}`,
          tags,
          date_published: `2022-01-0${i + 1}T00:00:00Z`,
        })
      ).id;
      if (i % 2 === 0) expected.unshift(id);
    }
    for (const format of ["rss", "atom", "json"] as const) {
      const pages = await walkFeedPages(format, `/feeds/${slug}/tags/even/`);
      expect(pages.map((p) => p.ids.length)).toEqual([2, 2]);
      expect(pages.flatMap((p) => p.ids)).toEqual(expected);
      expect(pages[1]?.self).toMatch(new RegExp(`^${ORIGIN}/feeds/${slug}/tags/even/[a-z.]+\\?before=`));
    }
  });
});

describe("per-author feeds", () => {
  it("list the articles by an author, matched by name (or email) case-insensitively", async () => {
    const { slug } = await taggedFeed();
    const ada = await readAllFormatsAt(`/feeds/${slug}/authors/ada%20lovelace/`);
    expectTitles(ada, ["Odd tags", "Film two"]);
    expect(ada.json.title).toBe(`Feed ${slug} — by ada lovelace`);
    expect(ada.json.feed_url).toBe(`${ORIGIN}/feeds/${slug}/authors/ada%20lovelace/feed.json`);
    expectTitles(await readAllFormatsAt(`/feeds/${slug}/authors/Grace@Example.com/`), ["Odd tags"]);
    expectTitles(await readAllFormatsAt(`/feeds/${slug}/authors/nobody/`), []);
  });

  it("work for the sample article's author", async () => {
    const { slug, token } = await feedWithToken();
    await publish(slug, token, SAMPLE_ARTICLE);
    const feeds = await readAllFormatsAt(`/feeds/${slug}/authors/news%20desk/`);
    expectTitles(feeds, [SAMPLE_ARTICLE.title]);
  });
});
