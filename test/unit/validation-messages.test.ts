import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ArticleInput } from "../../src/domain/article-input";
import { FeedInput } from "../../src/domain/feed-input";
import { ListQuery } from "../../src/domain/paging";
import { FerryError } from "../../src/domain/problems";
import { TokenInput } from "../../src/domain/token-input";
import { ReplayInput } from "../../src/domain/webhook-endpoint";
import { HubRequest } from "../../src/domain/websub-request";
import { ArticleId } from "../../src/http/article-params";
import { parseOrThrow, parseParametersOrThrow, parsePathParameter } from "../../src/http/validate";
import { errorLines } from "../support/problem-lines";

/** What a client reads for `input`: each error as "<pointer> → <detail>". */
function said(schema: v.GenericSchema, input: unknown): string[] {
  try {
    parseOrThrow(schema, input);
  } catch (error) {
    if (!(error instanceof FerryError)) throw error;
    return errorLines(error.extras);
  }
  throw new Error("the input was valid");
}

const ARTICLE = { title: "Hello" };

/** Kinds no Ferry schema leaves to valibot's default wording, to show those are written for people too. */
const Sample = v.object({
  format: v.picklist(["rss", "atom", "json"]),
  count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000))),
  ratio: v.optional(v.pipe(v.number(), v.minValue(0))),
  email: v.optional(v.pipe(v.string(), v.email())),
  code: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/))),
  names: v.optional(v.pipe(v.array(v.string()), v.minLength(2), v.maxLength(3))),
  flag: v.optional(v.boolean()),
  id: v.optional(v.union([v.string(), v.number()])),
  kind: v.optional(v.literal("note")),
});

describe("validation messages", () => {
  it("says a body that is not a JSON object is one, whatever it is instead", () => {
    expect([[1, 2], "title", 5, null, true].map((body) => said(ArticleInput, body))).toMatchInlineSnapshot(`
      [
        [
          """ → The body must be a JSON object; it is an array.",
        ],
        [
          """ → The body must be a JSON object; it is a string.",
        ],
        [
          """ → The body must be a JSON object; it is a number.",
        ],
        [
          """ → The body must be a JSON object; it is null.",
        ],
        [
          """ → The body must be a JSON object; it is a boolean.",
        ],
      ]
    `);
  });

  it("names a missing member and what it must be, from the schema's own bounds", () => {
    expect(said(ArticleInput, {})).toMatchInlineSnapshot(`
      [
        ""/title" → \`title\` is required: a string of 1 to 1 000 characters.",
      ]
    `);
    expect(
      said(ArticleInput, { ...ARTICLE, attachments: [{ url: "https://example.com/a.mp3" }] }),
    ).toMatchInlineSnapshot(`
      [
        ""/attachments/0/mime_type" → \`attachments/0/mime_type\` is required: a MIME type such as audio/mpeg (at most 127 characters).",
      ]
    `);
  });

  it("says the received type in plain words", () => {
    expect(
      said(ArticleInput, {
        title: 5,
        tags: ["a", "b", "c", 7],
        summary: [],
        url: {},
        authors: null,
        language: true,
      }),
    ).toMatchInlineSnapshot(`
      [
        ""/title" → \`title\` must be a string of 1 to 1 000 characters, not a number.",
        ""/summary" → \`summary\` must be a string of at most 10 000 characters, not an array.",
        ""/url" → \`url\` must be an absolute http or https URL (at most 2 048 characters), not an object.",
        ""/tags/3" → \`tags/3\` must be a string of 1 to 100 characters, not a number.",
        ""/language" → \`language\` must be a BCP 47 language tag such as en or zh-Hant (at most 35 characters), not a boolean.",
      ]
    `);
    expect(said(Sample, { format: 1, flag: "yes", id: false, names: "a" })).toMatchInlineSnapshot(`
      [
        ""/format" → \`format\` must be one of rss, atom, json, not a number.",
        ""/names" → \`names\` must be an array of 2 to 3 items, not a string.",
        ""/flag" → \`flag\` must be true or false, not a string.",
        ""/id" → \`id\` must be a string or a number, not a boolean.",
      ]
    `);
  });

  it("gives the bound a value is too long, too short, too many or too few for", () => {
    expect(said(ArticleInput, { title: "x".repeat(1001), tags: Array(51).fill("t") })).toMatchInlineSnapshot(`
      [
        ""/title" → \`title\` must be at most 1000 characters.",
        ""/tags" → \`tags\`: at most 50 tags.",
      ]
    `);
    expect(said(ArticleInput, { title: " ", tags: ["y".repeat(101)] })).toMatchInlineSnapshot(`
      [
        ""/title" → \`title\` must not be empty.",
        ""/tags/0" → \`tags/0\` must be at most 100 characters.",
      ]
    `);
    expect(said(Sample, { format: "rss", names: ["a"] })).toMatchInlineSnapshot(`
      [
        ""/names" → \`names\` must be an array of 2 to 3 items; it has 1 item.",
      ]
    `);
    expect(said(Sample, { format: "rss", names: ["a", "b", "c", "d"] })).toMatchInlineSnapshot(`
      [
        ""/names" → \`names\` must be an array of 2 to 3 items; it has 4 items.",
      ]
    `);
    expect(said(FeedInput, { slug: "news", title: "x".repeat(501) })).toMatchInlineSnapshot(`
      [
        ""/title" → \`title\` must be a string of 1 to 500 characters; it has 501 characters.",
      ]
    `);
  });

  it("describes formats with the schema's message, or the format's name when it has none", () => {
    expect(
      said(ArticleInput, {
        ...ARTICLE,
        date_published: "yesterday",
        url: "ftp://example.com/",
        language: "english!",
        authors: [{ email: "nobody" }],
      }),
    ).toMatchInlineSnapshot(`
      [
        ""/url" → \`url\` must be an absolute http or https URL.",
        ""/authors/0/email" → \`authors/0/email\` must be an email address.",
        ""/language" → \`language\` must be a BCP 47 language tag such as en or zh-Hant.",
        ""/date_published" → \`date_published\` must be an RFC 3339 date-time such as 2015-01-12T15:30:00Z.",
      ]
    `);
    expect(said(Sample, { format: "rss", email: "nobody", code: "ab" })).toMatchInlineSnapshot(`
      [
        ""/email" → \`email\` must be an email address.",
        ""/code" → \`code\` must be a string matching /^[A-Z]{3}$/.",
      ]
    `);
  });

  it("lists the values a closed set allows", () => {
    expect(said(Sample, { format: "xml", kind: "post" })).toMatchInlineSnapshot(`
      [
        ""/format" → \`format\` must be one of rss, atom, json.",
        ""/kind" → \`kind\` must be note.",
      ]
    `);
    expect(said(TokenInput, { label: "CMS", role: "owner" })).toMatchInlineSnapshot(`
      [
        ""/role" → \`role\` must be one of read, write, admin.",
      ]
    `);
  });

  it("gives number ranges and says when a whole number is expected", () => {
    expect(said(Sample, { format: "rss", count: 1.5, ratio: -1 })).toMatchInlineSnapshot(`
      [
        ""/count" → \`count\` must be a whole number from 1 to 10 000; it is 1.5.",
        ""/ratio" → \`ratio\` must be a number of at least 0; it is -1.",
      ]
    `);
    expect(said(Sample, { format: "rss", count: 10_001 })).toMatchInlineSnapshot(`
      [
        ""/count" → \`count\` must be a whole number from 1 to 10 000; it is 10 001.",
      ]
    `);
    expect(said(FeedInput, { slug: "news", title: "News", item_limit: 0 })).toMatchInlineSnapshot(`
      [
        ""/item_limit" → \`item_limit\` must be a whole number from 1 to 100; it is 0.",
      ]
    `);
    expect(said(TokenInput, { label: "CMS", role: "read", expires_in_days: 2.5 })).toMatchInlineSnapshot(`
      [
        ""/expires_in_days" → \`expires_in_days\` must be a whole number of days.",
      ]
    `);
  });

  it("keeps a schema's own message, naming the field when the message does not", () => {
    expect(
      said(TokenInput, {
        label: "CMS",
        role: "read",
        expires_at: "2030-01-01T00:00:00Z",
        expires_in_days: 3,
      }),
    ).toMatchInlineSnapshot(`
      [
        ""/expires_in_days" → \`expires_in_days\`: give expires_at or expires_in_days, not both.",
      ]
    `);
    expect(said(ArticleInput, { ...ARTICLE, authors: [{}] })).toMatchInlineSnapshot(`
      [
        ""/authors/0" → \`authors/0\`: an author needs a name, url or email.",
      ]
    `);
    expect(said(HubRequest, { "hub.mode": "subscribe", "hub.secret": "" })).toMatchInlineSnapshot(`
      [
        ""/hub.callback" → \`hub.callback\` is required: a string of 1 to 2 048 characters.",
        ""/hub.topic" → \`hub.topic\` is required: a string of 1 to 2 048 characters.",
        ""/hub.secret" → \`hub.secret\` must not be empty.",
      ]
    `);
    expect(said(HubRequest, { "hub.mode": "dance" })).toMatchInlineSnapshot(`
      [
        ""/hub.mode" → \`hub.mode\` must be subscribe, unsubscribe or publish.",
      ]
    `);
  });

  it("says an array given where a member must be an object once, not as missing members", () => {
    expect(said(ArticleInput, { ...ARTICLE, attachments: [[1], "a.mp3"] })).toMatchInlineSnapshot(`
      [
        ""/attachments/0" → \`attachments/0\` must be an object, not an array.",
        ""/attachments/1" → \`attachments/1\` must be an object, not a string.",
      ]
    `);
  });

  it("escapes member names in pointers (RFC 6901) but names them as written", () => {
    const Slashed = v.object({ "a/b~c": v.string() });
    expect(said(Slashed, {})).toMatchInlineSnapshot(`
      [
        ""/a~1b~0c" → \`a/b~c\` is required: a string.",
      ]
    `);
  });

  it("reports path and query parameters by name and place, never as body pointers", () => {
    const reported = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as FerryError).extras;
      }
      throw new Error("the input was valid");
    };
    expect(reported(() => parsePathParameter("id", ArticleId, "42"))).toMatchInlineSnapshot(`
      {
        "parameters": [
          {
            "detail": "\`id\` must be an article id (a UUID).",
            "in": "path",
            "parameter": "id",
          },
        ],
      }
    `);
    expect(
      reported(() => parseParametersOrThrow(ListQuery, { limit: "0", cursor: "x".repeat(65) }, "query")),
    ).toMatchInlineSnapshot(`
        {
          "parameters": [
            {
              "detail": "\`limit\` must be at least 1.",
              "in": "query",
              "parameter": "limit",
            },
            {
              "detail": "\`cursor\` must be a string of at most 64 characters; it has 65 characters.",
              "in": "query",
              "parameter": "cursor",
            },
          ],
        }
      `);
  });

  it("accepts what the schemas accept", () => {
    expect(parseOrThrow(ReplayInput, { since: "2026-11-29T12:00:00Z" })).toEqual({
      since: Date.UTC(2026, 10, 29, 12),
      include_succeeded: false,
    });
  });
});
