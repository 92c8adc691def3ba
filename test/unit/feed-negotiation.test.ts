import { describe, expect, it } from "vitest";
import { negotiateFeedFormat } from "../../src/http/feed-negotiation";

describe("negotiateFeedFormat", () => {
  it.each([
    ["application/rss+xml", "rss"],
    ["application/atom+xml", "atom"],
    ["application/feed+json", "json"],
    ["application/json", "json"],
    ["text/html", "html"],
    ["application/xml", "rss"],
    ["*/*", "html"],
    ["image/png", "html"],
    ["", "html"],
    [null, "html"],
    // A browser.
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"],
    // A feed reader.
    ["application/rss+xml, application/atom+xml;q=0.9, application/xml;q=0.8, */*;q=0.1", "rss"],
    ["application/atom+xml, application/rss+xml;q=0.5", "atom"],
    ["application/json, */*", "json"],
    // An exact type outranks a wildcard of the same quality; a format's own type outranks an alias.
    ["application/*, application/feed+json", "json"],
    ["application/xml, application/atom+xml", "atom"],
    // q=0 refuses a type even when a wildcard would accept it.
    ["text/html;q=0, */*", "rss"],
    ["APPLICATION/ATOM+XML", "atom"],
    ["application/atom+xml;q=bogus, application/rss+xml;q=0.1", "rss"],
  ])("%j → %s", (accept, format) => {
    expect(negotiateFeedFormat(accept)).toBe(format);
  });
});
