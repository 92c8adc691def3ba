import { expect } from "vitest";
import type { ArticleOutput, FeedOutput } from "../../src/domain/api-schemas";
import { api } from "./http";
import { createToken, uniqueSlug } from "./seed";

/** Podcast settings with every member set, as a publisher sends them. */
export const PODCAST_SETTINGS = {
  author: "Ferry Radio & Friends",
  owner: { name: "Ada Lovelace", email: "ada@radio.example" },
  image: "https://radio.example/artwork.jpg",
  categories: ["Technology", "News/Tech News", "News/Politics"],
  explicit: false,
  type: "serial",
  locked: true,
  funding: [{ url: "https://radio.example/support?via=rss&x=1", title: "Support the show" }],
  complete: true,
} as const;

/** An episode with every podcast member set: audio with its exact size and duration, and show notes. */
export const EPISODE = {
  title: "Episode 1: Night ferries",
  summary: "Why the night boats came back.",
  content_html: '<p>Full show notes with <a href="https://radio.example/links">links</a>.</p>',
  url: "https://radio.example/episodes/1",
  image: "https://radio.example/episodes/1.png",
  date_published: "2025-03-01T06:00:00Z",
  attachments: [
    {
      url: "https://cdn.radio.example/1.mp3",
      mime_type: "audio/mpeg",
      size_in_bytes: 24_680_135,
      duration_in_seconds: 1834,
    },
    { url: "https://cdn.radio.example/1-notes.pdf", mime_type: "application/pdf", size_in_bytes: 4096 },
  ],
  podcast: {
    episode: 1,
    season: 2,
    episode_type: "full",
    explicit: true,
    transcripts: [
      { url: "https://radio.example/episodes/1.vtt", mime_type: "text/vtt", language: "en" },
      { url: "https://radio.example/episodes/1.srt", mime_type: "application/x-subrip" },
    ],
    chapters_url: "https://radio.example/episodes/1.chapters.json",
  },
} as const;

/** A new feed created through the API with `fields`, and an admin token for it. */
export async function createFeedWith(fields: Record<string, unknown>) {
  const admin = await createToken({ role: "admin" });
  const slug = uniqueSlug("pod");
  const response = await api("/v1/feeds", { token: admin, body: { slug, title: "Ferry Radio", ...fields } });
  expect(response.status, await response.clone().text()).toBe(201);
  return { slug, admin, feed: (await response.json()) as FeedOutput };
}

/** A podcast feed (English, every podcast setting) and an admin token for it. */
export function createPodcastFeed(podcast: Record<string, unknown> = PODCAST_SETTINGS) {
  return createFeedWith({ language: "en", podcast });
}

/** The articles of a feed as the API lists them, newest first. */
export async function listArticles(slug: string, token: string): Promise<ArticleOutput[]> {
  const response = await api(`/v1/feeds/${slug}/articles?limit=100`, { token });
  return ((await response.json()) as { items: ArticleOutput[] }).items;
}

/**
 * The Podcasting 2.0 GUID of a feed URL, computed independently of Ferry: WebCrypto's SHA-1 over the
 * namespace's bytes and the URL without its scheme and trailing slashes (RFC 9562 §5.5).
 */
export async function independentPodcastGuid(feedUrl: string): Promise<string> {
  const namespace = "ead4c236-bf58-58c6-a2c6-a6b28d128cb6".replaceAll("-", "");
  const name = feedUrl.replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, "");
  const bytes = new Uint8Array([
    ...Array.from({ length: 16 }, (_, i) => Number.parseInt(namespace.slice(2 * i, 2 * i + 2), 16)),
    ...new TextEncoder().encode(name),
  ]);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-1", bytes)).slice(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
