import { describe, expect, it } from "vitest";
import { entityTag, formatHttpDate, isNotModified, type Validators } from "../../src/http/conditional-get";

const LAST_MODIFIED_MS = Date.UTC(2015, 0, 12, 15, 30, 0, 750);
const validators: Validators = { etag: '"abc"', lastModifiedMs: LAST_MODIFIED_MS };

function check(headers: Record<string, string>, v = validators): boolean {
  return isNotModified(new Headers(headers), v);
}

describe("isNotModified (RFC 9110 §13.2.2)", () => {
  it("matches If-None-Match weakly, in a list, and *", () => {
    expect(check({ "if-none-match": '"abc"' })).toBe(true);
    expect(check({ "if-none-match": 'W/"abc"' })).toBe(true);
    expect(check({ "if-none-match": '"x", W/"abc" ,"y"' })).toBe(true);
    expect(check({ "if-none-match": "*" })).toBe(true);
    expect(check({ "if-none-match": '"abcd"' })).toBe(false);
    expect(check({ "if-none-match": "abc" })).toBe(false);
  });

  it("compares If-Modified-Since at one-second precision, at or after the change", () => {
    expect(check({ "if-modified-since": "Mon, 12 Jan 2015 15:30:00 GMT" })).toBe(true);
    expect(check({ "if-modified-since": "Mon, 12 Jan 2015 15:30:01 GMT" })).toBe(true);
    expect(check({ "if-modified-since": "Mon, 12 Jan 2015 15:29:59 GMT" })).toBe(false);
    expect(check({ "if-modified-since": "Monday, 12-Jan-15 15:30:00 GMT" })).toBe(true); // RFC 850 form
    expect(check({ "if-modified-since": "yesterday" })).toBe(false);
    expect(
      check(
        { "if-modified-since": "Mon, 12 Jan 2015 15:30:00 GMT" },
        { ...validators, lastModifiedMs: null },
      ),
    ).toBe(false);
  });

  it("ignores If-Modified-Since when If-None-Match is present", () => {
    const ims = "Mon, 12 Jan 2099 00:00:00 GMT";
    expect(check({ "if-none-match": '"other"', "if-modified-since": ims })).toBe(false);
    expect(check({ "if-none-match": '"abc"', "if-modified-since": "Thu, 01 Jan 1970 00:00:00 GMT" })).toBe(
      true,
    );
  });

  it("is false for an unconditional request", () => {
    expect(check({})).toBe(false);
  });
});

describe("validators", () => {
  it("formats Last-Modified as an IMF-fixdate", () => {
    expect(formatHttpDate(LAST_MODIFIED_MS)).toBe("Mon, 12 Jan 2015 15:30:00 GMT");
  });

  it("derives a quoted, stable entity tag from its parts (known answer)", async () => {
    const tag = await entityTag(["v1", "rss"]);
    // base64url(SHA-256('["v1","rss"]')), first 22 characters.
    expect(tag).toBe('"6Pfqz93TF_b5PRtetB-10h"');
    expect(await entityTag(["v1", "atom"])).not.toBe(tag);
    // Parts are delimited, so moving a boundary changes the tag.
    expect(await entityTag(["v1r", "ss"])).not.toBe(tag);
  });
});
