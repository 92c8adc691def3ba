import type { EpisodeOutput } from "./api-schemas";
import type { Article, Attachment, Episode, Transcript } from "./article";
import type { AttachmentInput } from "./article-input";
import type { EpisodeInput } from "./article-podcast-input";
import type { Feed } from "./feed";
import type { InvalidField } from "./problems";

/** Episode details as they are stored: unset members left out, and nothing at all when none is set. */
export function toEpisode(input: EpisodeInput | null | undefined): Episode | null {
  if (!input) return null;
  const episode: Episode = {};
  if (input.episode != null) episode.episode = input.episode;
  if (input.season != null) episode.season = input.season;
  if (input.episode_type != null) episode.episodeType = input.episode_type;
  if (input.explicit != null) episode.explicit = input.explicit;
  if (input.transcripts?.length) episode.transcripts = input.transcripts.map(toTranscript);
  if (input.chapters_url != null) episode.chaptersUrl = input.chapters_url;
  return Object.keys(episode).length > 0 ? episode : null;
}

function toTranscript(input: NonNullable<EpisodeInput["transcripts"]>[number]): Transcript {
  const transcript: Transcript = { url: input.url, mimeType: input.mime_type };
  if (input.language) transcript.language = input.language;
  return transcript;
}

/** Episode details in the API's shape (snake_case, as submitted); unset members are left out. */
export function toEpisodeView(episode: Episode): EpisodeOutput {
  const view: EpisodeOutput = {};
  if (episode.episode !== undefined) view.episode = episode.episode;
  if (episode.season !== undefined) view.season = episode.season;
  if (episode.episodeType !== undefined) view.episode_type = episode.episodeType;
  if (episode.explicit !== undefined) view.explicit = episode.explicit;
  if (episode.transcripts) view.transcripts = episode.transcripts.map(toTranscriptView);
  if (episode.chaptersUrl !== undefined) view.chapters_url = episode.chaptersUrl;
  return view;
}

function toTranscriptView(transcript: Transcript): NonNullable<EpisodeOutput["transcripts"]>[number] {
  const view = { url: transcript.url, mime_type: transcript.mimeType };
  return transcript.language ? { ...view, language: transcript.language } : view;
}

/** True for the audio and video an episode is made of, as opposed to artwork or show notes. */
export function isEpisodeMedia(mimeType: string): boolean {
  const lower = mimeType.toLowerCase();
  return lower.startsWith("audio/") || lower.startsWith("video/");
}

/** The attachment a feed offers as the item's one RSS enclosure: its audio or video, else its first. */
export function enclosureOf(article: Pick<Article, "attachments">): Attachment | undefined {
  return article.attachments.find((a) => isEpisodeMedia(a.mimeType)) ?? article.attachments[0];
}

/**
 * What an article lacks to be published in a podcast feed: every attachment's exact size in bytes, which
 * Apple Podcasts and Spotify need for an enclosure (Spotify refuses one without it; 0 means unknown).
 */
export function missingEpisodeSizes(
  feed: Pick<Feed, "podcast">,
  attachments: readonly Pick<AttachmentInput, "size_in_bytes">[] | null | undefined,
): InvalidField[] {
  if (!feed.podcast) return [];
  return (attachments ?? []).flatMap((attachment, index) =>
    attachment.size_in_bytes ? [] : [missingSize(index)],
  );
}

function missingSize(index: number): InvalidField {
  return {
    pointer: `/attachments/${index}/size_in_bytes`,
    detail: `\`attachments/${index}/size_in_bytes\` is required in a podcast feed: the file's exact size in bytes, a whole number above 0, which Apple Podcasts and Spotify need.`,
  };
}
