import { describe, expect, it } from "vitest";
import { parseFeedDate } from "../../src/import/feed-dates";
import { feedDateIso } from "../support/feed-dates";

describe("parseFeedDate", () => {
  it("reads RFC 3339 as Atom and JSON Feed write it", () => {
    expect(feedDateIso("2015-01-12T15:30:00Z")).toBe("2015-01-12T15:30:00.000Z");
    expect(feedDateIso("2015-02-03T10:15:30.123-08:00")).toBe("2015-02-03T18:15:30.123Z");
    expect(feedDateIso("2015-01-12t15:30:00+05:30")).toBe("2015-01-12T10:00:00.000Z");
  });

  it("reads ISO 8601 as feeds actually write it", () => {
    expect(feedDateIso("2015-01-12T15:30Z")).toBe("2015-01-12T15:30:00.000Z");
    expect(feedDateIso("2015-01-12 15:30:00")).toBe("2015-01-12T15:30:00.000Z");
    expect(feedDateIso("2015-01-12T15:30:00+0100")).toBe("2015-01-12T14:30:00.000Z");
    expect(feedDateIso("2015-1-2")).toBe("2015-01-02T00:00:00.000Z");
  });

  it("reads RFC 822 with numeric and named zones", () => {
    expect(feedDateIso("Mon, 12 Jan 2015 15:30:00 +0000")).toBe("2015-01-12T15:30:00.000Z");
    expect(feedDateIso("Mon, 12 Jan 2015 15:30:00 GMT")).toBe("2015-01-12T15:30:00.000Z");
    expect(feedDateIso("Sat, 10 Jan 2015 09:05:00 EST")).toBe("2015-01-10T14:05:00.000Z");
    expect(feedDateIso("Sat, 10 Jan 2015 09:05:00 PDT")).toBe("2015-01-10T16:05:00.000Z");
    expect(feedDateIso("Mon, 05 Jan 2015 17:45:00 CET")).toBe("2015-01-05T16:45:00.000Z");
    expect(feedDateIso("Mon, 12 Jan 2015 15:30:00 -0330")).toBe("2015-01-12T19:00:00.000Z");
    expect(feedDateIso("Mon, 12 Jan 2015 15:30:00 Z")).toBe("2015-01-12T15:30:00.000Z");
  });

  it("tolerates the messy forms real RSS feeds use", () => {
    expect(feedDateIso("Fri, 9 Jan 2015 8:00 PST")).toBe("2015-01-09T16:00:00.000Z");
    expect(feedDateIso("9 Jan 2015 08:00:00")).toBe("2015-01-09T08:00:00.000Z");
    expect(feedDateIso("Friday, 09 January 2015 08:00:00 GMT")).toBe("2015-01-09T08:00:00.000Z");
    expect(feedDateIso("Tue, 09 Sept 2014 08:00:00 GMT")).toBe("2014-09-09T08:00:00.000Z");
    expect(feedDateIso("mon, 12 jan 2015 15:30:00 gmt")).toBe("2015-01-12T15:30:00.000Z");
    expect(feedDateIso("Sun, 4 Jan 15 19:00:00 -0500")).toBe("2015-01-05T00:00:00.000Z");
    expect(feedDateIso("Thu, 01 Jan 98 00:00:00 GMT")).toBe("1998-01-01T00:00:00.000Z");
    expect(feedDateIso("  Mon,  12 Jan 2015\n15:30:00   +0000 (UTC) ")).toBe("2015-01-12T15:30:00.000Z");
    expect(feedDateIso("Wed, 12 Jan 2015 15:30:00 GMT")).toBe("2015-01-12T15:30:00.000Z"); // wrong weekday, common
  });

  it("refuses what it cannot read with certainty", () => {
    for (const raw of [
      "",
      "yesterday at noon",
      "Mon, 12 Jan 2015 15:30:00 IST", // India, Ireland or Israel?
      "Mon, 30 Feb 2015 15:30:00 GMT",
      "Mon, 12 Foo 2015 15:30:00 GMT",
      "Mon, 12 Janu 2015 15:30:00 GMT",
      "2015-13-01T00:00:00Z",
      "2015-01-12T25:00:00Z",
      "Mon, 12 Jan 2015 15:30:00 +2500",
      "1421076600",
    ]) {
      expect(parseFeedDate(raw), raw).toBeNull();
    }
  });
});
