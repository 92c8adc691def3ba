import type { ItunesNs, PodcastNs } from "feedsmith";
import { isEpisodeMedia } from "../domain/article-podcast";
import { EPISODE_TYPES, type EpisodeType } from "../domain/article-podcast-input";
import { resolveUrl, toLanguage } from "./field-readers";
import type { AttachmentFields, EpisodeFields } from "./import-item";

type TranscriptFields = NonNullable<EpisodeFields["transcripts"]>[number];

/**
 * An RSS item's episode details from Apple's `itunes:` and Podcasting 2.0's `podcast:` tags; undefined when
 * it has none. Episode and season numbers that Apple would not take (0, fractions) are left out rather than
 * costing the episode its import; an unknown episode type likewise.
 */
export function episodeFields(
  itunes: ItunesNs.Item | undefined,
  podcast: PodcastNs.Item | undefined,
  base: string | null,
): EpisodeFields | undefined {
  const fields: EpisodeFields = {};
  const episode = positiveInteger(itunes?.episode);
  const season = positiveInteger(itunes?.season);
  const episodeType = itunes?.episodeType?.trim().toLowerCase();
  const transcripts = (podcast?.transcripts ?? []).flatMap((t) => transcriptFields(t, base));
  const chapters = resolveUrl(podcast?.chapters?.url, base);
  if (episode !== undefined) fields.episode = episode;
  if (season !== undefined) fields.season = season;
  if (isEpisodeType(episodeType)) fields.episode_type = episodeType;
  if (itunes?.explicit !== undefined) fields.explicit = itunes.explicit;
  if (transcripts.length > 0) fields.transcripts = transcripts;
  if (chapters) fields.chapters_url = chapters;
  return Object.keys(fields).length > 0 ? fields : undefined;
}

function transcriptFields(transcript: PodcastNs.Transcript, base: string | null): TranscriptFields[] {
  const url = resolveUrl(transcript.url, base);
  const mimeType = transcript.type?.split(";")[0]?.trim().toLowerCase();
  if (!url || !mimeType) return [];
  const language = toLanguage(transcript.language);
  return [language ? { url, mime_type: mimeType, language } : { url, mime_type: mimeType }];
}

/**
 * `itunes:duration` given to the episode's audio or video, when its enclosure did not say how long it runs
 * (enclosures have no duration; Ferry keeps it on the attachment).
 */
export function withEpisodeDuration(
  attachments: AttachmentFields[] | undefined,
  seconds: number | undefined,
): AttachmentFields[] | undefined {
  if (!attachments || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return attachments;
  const index = attachments.findIndex((a) => isEpisodeMedia(a.mime_type));
  const media = attachments[index];
  if (!media || media.duration_in_seconds !== undefined) return attachments;
  return attachments.map((a, i) => (i === index ? { ...a, duration_in_seconds: seconds } : a));
}

function positiveInteger(value: number | undefined): number | undefined {
  return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function isEpisodeType(value: string | undefined): value is EpisodeType {
  return EPISODE_TYPES.some((type) => type === value);
}
