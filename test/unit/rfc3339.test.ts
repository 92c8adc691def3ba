import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { formatRfc3339, parseRfc3339, Rfc3339 } from "../../src/domain/rfc3339";

describe("RFC 3339 dates", () => {
  it("keeps years 0000-0099 as written (Date.UTC would read them as 1900-1999)", () => {
    expect(formatRfc3339(parseRfc3339("0001-02-28T00:00:00Z") as number)).toBe("0001-02-28T00:00:00Z");
    expect(parseRfc3339("0000-02-29T00:00:00Z")).not.toBeNull();
    expect(parseRfc3339("0001-02-29T00:00:00Z")).toBeNull();
  });

  it("refuses days, hours and offsets that do not exist", () => {
    expect(parseRfc3339("2015-02-30T10:00:00Z")).toBeNull();
    expect(parseRfc3339("2015-02-30T25:61:00+99:00")).toBeNull();
    expect(parseRfc3339("2016-02-29T10:00:00Z")).toBe(Date.UTC(2016, 1, 29, 10));
  });

  it("refuses instants an offset pushes outside the years 0000-9999, which could not be written back", () => {
    expect(parseRfc3339("9999-12-31T23:59:59-00:01")).toBeNull();
    expect(parseRfc3339("0000-01-01T00:00:00+00:01")).toBeNull();
    expect(formatRfc3339(parseRfc3339("9999-12-31T23:59:59Z") as number)).toBe("9999-12-31T23:59:59Z");
  });

  it("applies offsets and carries a leap second into the next minute", () => {
    expect(parseRfc3339("2015-01-12T15:30:00+08:00")).toBe(Date.UTC(2015, 0, 12, 7, 30));
    expect(parseRfc3339("1999-12-31T23:59:60Z")).toBe(Date.UTC(2000, 0, 1));
    expect(parseRfc3339("2015-01-12T15:30:00.250Z")).toBe(Date.UTC(2015, 0, 12, 15, 30, 0, 250));
  });

  it("validates a date-time and reads it into epoch milliseconds in one step", () => {
    expect(v.parse(Rfc3339, "2015-01-12T15:30:00+08:00")).toBe(Date.UTC(2015, 0, 12, 7, 30));
    const refused = v.safeParse(Rfc3339, "2015-02-30T10:00:00Z");
    expect(refused.success).toBe(false);
    expect(refused.issues?.map((issue) => issue.message)).toEqual([
      "Must be an RFC 3339 date-time such as 2015-01-12T15:30:00Z.",
    ]);
  });
});
