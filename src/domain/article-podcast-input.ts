import * as v from "valibot";
import { HttpUrl, LanguageTag, MimeType, WholeNumber } from "./input-fields";

export const EPISODE_TYPES = ["full", "trailer", "bonus"] as const;
export type EpisodeType = (typeof EPISODE_TYPES)[number];
export const MAX_TRANSCRIPTS = 10;

/** A transcript or captions file of an episode (Podcasting 2.0 `podcast:transcript`). */
export const TranscriptInput = v.object({
  url: HttpUrl,
  mime_type: v.pipe(
    MimeType,
    v.description("text/vtt, application/x-subrip, application/json, text/html or text/plain."),
  ),
  language: v.nullish(LanguageTag),
});

/**
 * What makes an article an episode in a podcast feed (Apple's `itunes:` and Podcasting 2.0's `podcast:`
 * item tags). The audio or video itself is the article's attachment.
 */
export const EpisodeInput = v.object({
  episode: v.nullish(WholeNumber(1)),
  season: v.nullish(WholeNumber(1)),
  episode_type: v.nullish(v.picklist(EPISODE_TYPES)),
  explicit: v.nullish(v.boolean()),
  transcripts: v.nullish(
    v.pipe(v.array(TranscriptInput), v.maxLength(MAX_TRANSCRIPTS, `At most ${MAX_TRANSCRIPTS} transcripts.`)),
  ),
  chapters_url: v.nullish(
    v.pipe(HttpUrl, v.description("A Podcasting 2.0 JSON chapters file (application/json+chapters).")),
  ),
});
export type EpisodeInput = v.InferOutput<typeof EpisodeInput>;
