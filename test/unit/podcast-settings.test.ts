import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  APPLE_PODCAST_CATEGORIES,
  APPLE_PODCAST_CATEGORY_NAMES,
  CATEGORY_SEPARATOR,
  splitCategoryName,
} from "../../src/domain/apple-podcast-categories";
import { enclosureOf, missingEpisodeSizes, toEpisode, toEpisodeView } from "../../src/domain/article-podcast";
import { podcastFeedProblems, toPodcastSettings } from "../../src/domain/feed-podcast";
import { PodcastSettingsInput } from "../../src/domain/feed-podcast-input";
import { issuesToFields } from "../../src/domain/validation-messages";
import { episodeFields, withEpisodeDuration } from "../../src/import/episode-fields";

const SHOW = { image: "https://x.example/a.png", categories: ["Technology"], explicit: true };

describe("Apple's categories", () => {
  it("are Apple's 19, each name once, none containing the separator", () => {
    expect(Object.keys(APPLE_PODCAST_CATEGORIES)).toHaveLength(19);
    expect(new Set(APPLE_PODCAST_CATEGORY_NAMES).size).toBe(APPLE_PODCAST_CATEGORY_NAMES.length);
    for (const [category, subcategories] of Object.entries(APPLE_PODCAST_CATEGORIES))
      for (const name of [category, ...subcategories]) expect(name).not.toContain(CATEGORY_SEPARATOR);
    expect(APPLE_PODCAST_CATEGORIES["Kids & Family"]).toContain("Stories for Kids");
    expect(APPLE_PODCAST_CATEGORIES["True Crime"]).toEqual([]);
  });

  it("split a listed name into category and subcategory", () => {
    expect(splitCategoryName("News/Tech News")).toEqual({ category: "News", subcategory: "Tech News" });
    expect(splitCategoryName("TV & Film")).toEqual({ category: "TV & Film", subcategory: null });
  });
});

describe("PodcastSettingsInput", () => {
  const problems = (input: unknown) => {
    const result = v.safeParse(PodcastSettingsInput, input);
    return result.success ? [] : issuesToFields(PodcastSettingsInput, result.issues);
  };

  it("takes what Apple requires, cleans text and drops repeated categories", () => {
    const parsed = v.parse(PodcastSettingsInput, {
      ...SHOW,
      author: "  Two\nlines\u0007 ",
      categories: ["Technology", "Technology", "News/Daily News"],
    });
    expect(toPodcastSettings(parsed)).toEqual({
      ...SHOW,
      author: "Two lines",
      categories: ["Technology", "News/Daily News"],
    });
  });

  it("names what is wrong, in words", () => {
    expect(problems({ ...SHOW, categories: ["technology"] })).toEqual([
      {
        pointer: "/categories/0",
        detail:
          '`categories/0` must be an Apple Podcasts category, written "Category" or "Category/Subcategory" as Apple spells them, e.g. "Technology" or "News/Tech News".',
      },
    ]);
    expect(problems({ ...SHOW, locked: false })).toEqual([
      {
        pointer: "/locked",
        detail: "`locked`: needs `owner` as well: podcast:locked names the owner's email.",
      },
    ]);
    expect(problems({ ...SHOW, image: "http://x.example/a.png" }).map((p) => p.detail)).toEqual([
      "`image` must be an absolute https URL.",
    ]);
  });

  it("makes a podcast feed need a language", () => {
    const podcast = toPodcastSettings(v.parse(PodcastSettingsInput, SHOW));
    expect(podcastFeedProblems({ podcast, language: null }).map((p) => p.pointer)).toEqual(["/language"]);
    expect(podcastFeedProblems({ podcast, language: "en" })).toEqual([]);
    expect(podcastFeedProblems({ podcast: null, language: null })).toEqual([]);
  });
});

describe("episodes", () => {
  it("store only the details that are set, and none at all when none is", () => {
    expect(toEpisode({})).toBeNull();
    expect(toEpisode({ episode: null, transcripts: [] })).toBeNull();
    const episode = toEpisode({
      season: 2,
      transcripts: [{ url: "https://x.example/t.vtt", mime_type: "text/vtt", language: null }],
    });
    expect(episode).toEqual({
      season: 2,
      transcripts: [{ url: "https://x.example/t.vtt", mimeType: "text/vtt" }],
    });
    expect(episode && toEpisodeView(episode)).toEqual({
      season: 2,
      transcripts: [{ url: "https://x.example/t.vtt", mime_type: "text/vtt" }],
    });
  });

  it("in a podcast feed need every attachment's size, above 0", () => {
    const podcast = toPodcastSettings(v.parse(PodcastSettingsInput, SHOW));
    const attachments = [{ size_in_bytes: 10 }, { size_in_bytes: 0 }, { size_in_bytes: null }, {}];
    expect(missingEpisodeSizes({ podcast }, attachments).map((p) => p.pointer)).toEqual([
      "/attachments/1/size_in_bytes",
      "/attachments/2/size_in_bytes",
      "/attachments/3/size_in_bytes",
    ]);
    expect(missingEpisodeSizes({ podcast: null }, attachments)).toEqual([]);
  });

  it("enclose their audio or video, else their first attachment", () => {
    const image = { url: "https://x.example/i.png", mimeType: "image/png" };
    const audio = { url: "https://x.example/a.m4a", mimeType: "Audio/MP4" };
    expect(enclosureOf({ attachments: [image, audio] })).toBe(audio);
    expect(enclosureOf({ attachments: [image] })).toBe(image);
    expect(enclosureOf({ attachments: [] })).toBeUndefined();
  });
});

describe("episode import", () => {
  it("reads itunes: and podcast: tags, leaving out numbers and types Apple would not take", () => {
    const itunes = { episode: 2.5, season: 0, episodeType: " Trailer ", explicit: false };
    const podcast = {
      transcripts: [
        { url: "t.srt", type: "application/x-subrip", language: "pt_BR" },
        { url: "https://x.example/untyped", type: "" },
      ],
      chapters: { url: "https://x.example/c.json", type: "application/json+chapters" },
    };
    expect(episodeFields(itunes, podcast, "https://x.example/show/")).toEqual({
      episode_type: "trailer",
      explicit: false,
      transcripts: [
        { url: "https://x.example/show/t.srt", mime_type: "application/x-subrip", language: "pt-BR" },
      ],
      chapters_url: "https://x.example/c.json",
    });
    expect(episodeFields({ episodeType: "teaser" }, undefined, null)).toBeUndefined();
  });

  it("gives itunes:duration to the episode's audio or video when it has none", () => {
    const image = { url: "https://x.example/i.png", mime_type: "image/png" };
    const audio = { url: "https://x.example/a.mp3", mime_type: "audio/mpeg" };
    expect(withEpisodeDuration([image, audio], 90)).toEqual([image, { ...audio, duration_in_seconds: 90 }]);
    expect(withEpisodeDuration([{ ...audio, duration_in_seconds: 5 }], 90)).toEqual([
      { ...audio, duration_in_seconds: 5 },
    ]);
    expect(withEpisodeDuration([image], 90)).toEqual([image]);
    expect(withEpisodeDuration([audio], Number.NaN)).toEqual([audio]);
    expect(withEpisodeDuration(undefined, 90)).toBeUndefined();
  });
});
