import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { renderRss } from "../../src/feeds/rss";
import { PODCAST_DOCUMENT } from "./podcast-document";

/**
 * Python's feedparser, what many readers and podcast tools are built on, reads the iTunes values of Ferry's
 * podcast RSS. Debian's `python3-feedparser` (CI installs it); without it the file is skipped with a warning,
 * except in CI, where its absence fails.
 */

const READ_FEED = `
import sys, json, feedparser
d = feedparser.parse(sys.stdin.read())
f = d.feed
print(json.dumps({
  "bozo": bool(d.bozo),
  "owner": f.get("publisher_detail"),
  "image": (f.get("image") or {}).get("href"),
  "type": f.get("itunes_type"),
  "complete": f.get("itunes_complete"),
  "categories": [t.get("term") for t in f.get("tags", [])],
  "entries": [{
    "duration": x.get("itunes_duration"), "episode": x.get("itunes_episode"), "season": x.get("itunes_season"),
    "episodeType": x.get("itunes_episodetype"), "image": (x.get("image") or {}).get("href"),
    "enclosures": [dict(e) for e in x.get("enclosures", [])],
  } for x in d.entries],
}))
`;

/** A Python 3 with feedparser: Debian's own first, since a version manager's python3 may lack it. */
function findPython(): string | null {
  for (const python of ["/usr/bin/python3", "python3"]) {
    if (spawnSync(python, ["-c", "import feedparser"]).status === 0) return python;
  }
  return null;
}

const python = findPython();
if (!python && !process.env.CI)
  console.warn("feedparser (python3-feedparser) not found: its test is skipped");

describe.skipIf(!python && !process.env.CI)("feedparser reads the iTunes values of a podcast feed", () => {
  function read() {
    const run = spawnSync(python ?? "python3", ["-c", READ_FEED], {
      input: renderRss(PODCAST_DOCUMENT),
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  }

  it("sees the channel's owner, artwork, type, completion and nested categories", () => {
    const feed = read();
    expect(feed.bozo).toBe(false);
    expect(feed.owner).toEqual({ name: "Ada Lovelace", email: "ada@radio.example" });
    expect(feed.image).toBe("https://radio.example/artwork.jpg");
    expect(feed.type).toBe("serial");
    expect(feed.complete).toBe("Yes");
    expect(feed.categories).toEqual(["Technology", "News", "Tech News"]);
  });

  it("sees each episode's number, season, type, duration, artwork and exact enclosure length", () => {
    const [full, trailer] = read().entries;
    expect(full).toEqual({
      duration: "2723",
      episode: "2",
      season: "1",
      episodeType: "full",
      image: "https://radio.example/episodes/2.png",
      enclosures: [{ href: "https://cdn.radio.example/2.mp3", length: "31337", type: "audio/mpeg" }],
    });
    expect(trailer.episodeType).toBe("trailer");
    expect(trailer.enclosures).toEqual([
      { href: "https://cdn.radio.example/t.mp4", length: "9000", type: "video/mp4" },
    ]);
  });
});
