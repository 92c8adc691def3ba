import type { Article } from "../../src/domain/article";
import type { FeedDocument } from "../../src/feeds/feed-document";
import { makeArticle } from "../unit/feed-fixtures";

/** A podcast feed with every channel and episode field set: what the Node-side parsers read back. */

export const FEED_URL = "https://ferry.test/feeds/radio/rss.xml";
export const PUBLISHED_MS = Date.UTC(2025, 2, 1, 6, 0, 0);

/** An episode of the show: the unit tests' article, moved to the radio feed, with show notes. */
function episode(overrides: Partial<Article>): Article {
  return makeArticle({
    feedSlug: "radio",
    title: "Episode",
    summary: "What it is about",
    contentHtml: "<p>Show notes</p>",
    url: "https://radio.example/episodes/1",
    datePublished: PUBLISHED_MS,
    createdAt: PUBLISHED_MS,
    updatedAt: PUBLISHED_MS,
    dateModified: null,
    ...overrides,
  });
}

const urls = { rss: FEED_URL, atom: "", json: "", html: "https://ferry.test/feeds/radio/" };

export const PODCAST_DOCUMENT: FeedDocument = {
  id: "urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7",
  title: "Ferry Radio",
  description: "Boats at night",
  homePageUrl: "https://radio.example/",
  language: "en",
  icon: null,
  authors: [{ name: "Newsroom" }],
  updated: PUBLISHED_MS,
  urls,
  paging: { first: urls, next: null, archived: false },
  scope: { origin: "https://ferry.test", slug: "radio", feedTitle: "Ferry Radio", filter: null },
  hubs: [],
  content: "full",
  podcast: {
    author: "Ferry Radio & Friends",
    owner: { name: "Ada Lovelace", email: "ada@radio.example" },
    image: "https://radio.example/artwork.jpg",
    categories: ["Technology", "News/Tech News"],
    explicit: true,
    type: "serial",
    locked: true,
    funding: [{ url: "https://radio.example/support", title: "Support the show" }],
    complete: true,
  },
  items: [
    episode({
      id: "5b0c7b0e-3a1c-4f3e-9a59-3c1f2d0c7a11",
      title: "Episode 2: Fog",
      image: "https://radio.example/episodes/2.png",
      attachments: [
        { url: "https://radio.example/cover.png", mimeType: "image/png", sizeInBytes: 10 },
        {
          url: "https://cdn.radio.example/2.mp3",
          mimeType: "audio/mpeg",
          sizeInBytes: 31_337,
          durationInSeconds: 2722.6,
        },
      ],
      podcast: {
        episode: 2,
        season: 1,
        episodeType: "full",
        explicit: false,
        transcripts: [{ url: "https://radio.example/episodes/2.vtt", mimeType: "text/vtt", language: "en" }],
        chaptersUrl: "https://radio.example/episodes/2.chapters.json",
      },
    }),
    episode({
      title: "Trailer",
      attachments: [{ url: "https://cdn.radio.example/t.mp4", mimeType: "video/mp4", sizeInBytes: 9_000 }],
      podcast: { episodeType: "trailer" },
      datePublished: PUBLISHED_MS - 86_400_000,
    }),
  ],
  generator: { name: "Ferry", uri: "https://ferry.test/docs", version: "0.1.0" },
};
