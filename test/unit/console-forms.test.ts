import { describe, expect, it } from "vitest";
import { isConsoleUrl } from "../../src/console/app";
import { articleBodyFromValues, EMPTY_ARTICLE_VALUES } from "../../src/console/forms/article-form";
import { formatAuthorLine, parseAuthorLine } from "../../src/console/forms/author-line";
import { FEED_SETTINGS, feedBodyFromValues } from "../../src/console/forms/feed-form";
import { pointerMember } from "../../src/console/forms/form-errors";
import { fromUtcInput, toUtcInput } from "../../src/console/forms/utc-input";
import { safeReturnPath } from "../../src/console/paths";

describe("console form reading", () => {
  it("reads an author line by position: name, <email>, and the word that is an http(s) URL", () => {
    expect(parseAuthorLine("Ada Lovelace <ada@example.com> https://ada.example")).toEqual({
      name: "Ada Lovelace",
      email: "ada@example.com",
      url: "https://ada.example",
    });
    expect(parseAuthorLine("https://desk.example  News   Desk")).toEqual({
      name: "News Desk",
      url: "https://desk.example",
    });
    expect(parseAuthorLine("<only@example.com>")).toEqual({ email: "only@example.com" });
    expect(parseAuthorLine("Unclosed <angle")).toEqual({ name: "Unclosed <angle" });
    const author = { name: "Ada", email: "ada@example.com", url: "https://ada.example" };
    expect(parseAuthorLine(formatAuthorLine(author))).toEqual(author);
  });

  it("takes a datetime-local value as UTC, and passes anything else on for validation to explain", () => {
    expect(fromUtcInput("2099-01-01T09:30")).toBe("2099-01-01T09:30:00Z");
    expect(fromUtcInput("2099-01-01T09:30:15")).toBe("2099-01-01T09:30:15Z");
    expect(fromUtcInput("tomorrow")).toBe("tomorrow");
    expect(toUtcInput(Date.UTC(2026, 10, 24, 9, 0, 5))).toBe("2026-11-24T09:00:05");
  });

  it("builds the API body of a new article: empty fields left null, tags split on commas", () => {
    expect(
      articleBodyFromValues(
        { ...EMPTY_ARTICLE_VALUES, title: "T", tags: " a, ,b ", date_published: "2099-01-01T00:00" },
        null,
      ),
    ).toEqual({
      title: "T",
      summary: null,
      content_html: null,
      tags: ["a", "b"],
      authors: null,
      url: null,
      external_url: null,
      image: null,
      date_published: "2099-01-01T00:00:00Z",
    });
  });

  it("builds the API body of feed settings: an emptied setting is null, a number stays text unless it is one", () => {
    const body = feedBodyFromValues(
      { title: "News", description: "", item_limit: "2x", content: "full" },
      FEED_SETTINGS,
    );
    expect(body).toMatchObject({
      title: "News",
      description: null,
      item_limit: "2x",
      content: "full",
      author: null,
    });
    expect(feedBodyFromValues({ item_limit: "30" }, FEED_SETTINGS).item_limit).toBe(30);
  });

  it("puts an error on the field its JSON Pointer starts with", () => {
    expect(pointerMember("/tags/3")).toBe("tags");
    expect(pointerMember("/a~1b~0c/0")).toBe("a/b~c");
    expect(pointerMember("")).toBeNull();
  });
});

describe("console routing", () => {
  it("takes /console and the paths below it, nothing else", () => {
    for (const url of [
      "https://f.test/console",
      "https://f.test/console/",
      "https://f.test/console?x",
      "http://127.0.0.1:8787/console/feeds",
    ]) {
      expect(isConsoleUrl(url), url).toBe(true);
    }
    for (const url of [
      "https://f.test/consoles",
      "https://f.test/",
      "https://f.test/feeds/console/",
      "https://f.test/v1/console",
    ]) {
      expect(isConsoleUrl(url), url).toBe(false);
    }
  });

  it("returns after sign-in only to a console path on this site", () => {
    expect(safeReturnPath("/console/feeds/news/articles?q=a")).toBe("/console/feeds/news/articles?q=a");
    for (const path of [
      "https://evil.example/console/",
      "//evil.example",
      "/console//evil",
      "/console/\\evil",
      "/docs",
      "/console/\n",
    ]) {
      expect(safeReturnPath(path), path).toBeNull();
    }
  });
});
