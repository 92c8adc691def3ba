import { createHash } from "node:crypto";
import { parseFeed } from "podcast-partytime";
import { describe, expect, it } from "vitest";
import { PODCAST_GUID_NAMESPACE, podcastGuid } from "../../src/domain/feed-podcast";
import { renderRss } from "../../src/feeds/rss";
import { FEED_URL, PODCAST_DOCUMENT } from "./podcast-document";

/**
 * podcast-partytime, the Podcast Index's own Podcasting 2.0 parser, reads back every podcast field Ferry writes.
 * It needs Node (fs, os, path), so this file runs under vitest.node.config.ts and renders with Ferry's pure
 * RSS writer; test/podcast-feeds.test.ts covers the same output through HTTP in workerd.
 */

/** RFC 9562 version 5, by Node's own SHA-1: independent of Ferry's synchronous implementation. */
function uuidV5(namespace: string, name: string): string {
  const hash = createHash("sha1")
    .update(Buffer.from(namespace.replaceAll("-", ""), "hex"))
    .update(name, "utf8")
    .digest()
    .subarray(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe("podcast:guid", () => {
  it("matches the Podcasting 2.0 documentation's examples", () => {
    expect(podcastGuid("https://mp3s.nashownotes.com/pc20rss.xml")).toBe(
      "917393e3-1b1e-5cef-ace4-edaa54e1f810",
    );
    for (const url of ["https://podnews.net/rss", "http://podnews.net/rss/", "podnews.net/rss////"])
      expect(podcastGuid(url), url).toBe("9b024349-ccf0-5f69-a609-6b82873eab3c");
  });

  it("is the UUIDv5 of the URL without its scheme and trailing slashes, by Node's crypto", () => {
    for (const url of [
      FEED_URL,
      "https://ferry.test/feeds/radio/tags/boats/rss.xml",
      "https://例え.jp/フィード/",
    ])
      expect(podcastGuid(url)).toBe(
        uuidV5(PODCAST_GUID_NAMESPACE, url.replace(/^https:\/\//, "").replace(/\/+$/, "")),
      );
  });
});

describe("podcast-partytime reads back what Ferry's RSS writes", () => {
  const feed = parseFeed(renderRss(PODCAST_DOCUMENT));

  it("parses the document as a podcast feed", () => {
    expect(feed).not.toBeNull();
    expect(feed?.title).toBe("Ferry Radio");
    expect(feed?.language).toBe("en");
  });

  it("reads every channel setting", () => {
    expect(feed?.author).toBe("Ferry Radio & Friends");
    expect(feed?.owner).toEqual({ name: "Ada Lovelace", email: "ada@radio.example" });
    expect(feed?.itunesImage).toBe("https://radio.example/artwork.jpg");
    expect(feed?.itunesCategory).toEqual(["Technology", "News > Tech News"]);
    expect(feed?.explicit).toBe(true);
    expect(feed?.itunesType).toBe("serial");
    expect(feed?.itunesComplete).toBe(true);
    expect(feed?.guid).toBe(uuidV5(PODCAST_GUID_NAMESPACE, "ferry.test/feeds/radio/rss.xml"));
    expect(feed?.locked).toBe(true);
    expect(feed?.podcastOwner).toBe("ada@radio.example");
    expect(feed?.podcastFunding).toEqual([
      { url: "https://radio.example/support", message: "Support the show" },
    ]);
  });

  it("reads every episode field, the audio or video as the enclosure", () => {
    const [full, trailer] = feed?.items ?? [];
    expect(full?.title).toBe("Episode 2: Fog");
    expect(full?.guid).toBe("5b0c7b0e-3a1c-4f3e-9a59-3c1f2d0c7a11");
    expect(full?.enclosure).toEqual({
      url: "https://cdn.radio.example/2.mp3",
      length: 31_337,
      type: "audio/mpeg",
    });
    expect(full?.duration).toBe(2723);
    expect(full?.itunesEpisode).toBe(2);
    expect(full?.itunesSeason).toBe(1);
    expect(full?.itunesEpisodeType).toBe("full");
    expect(full?.explicit).toBe(false);
    expect(full?.itunesImage).toBe("https://radio.example/episodes/2.png");
    expect(full?.podcastTranscripts).toEqual([
      { url: "https://radio.example/episodes/2.vtt", type: "text/vtt", language: "en" },
    ]);
    expect(full?.podcastChapters).toEqual({
      url: "https://radio.example/episodes/2.chapters.json",
      type: "application/json+chapters",
    });
    expect(trailer?.enclosure).toEqual({
      url: "https://cdn.radio.example/t.mp4",
      length: 9_000,
      type: "video/mp4",
    });
    expect(trailer?.itunesEpisodeType).toBe("trailer");
  });
});
