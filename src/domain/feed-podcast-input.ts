import * as v from "valibot";
import { APPLE_PODCAST_CATEGORY_NAMES } from "./apple-podcast-categories";
import { EmailAddress, HttpsUrl, HttpUrl, line } from "./input-fields";

export const PODCAST_TYPES = ["episodic", "serial"] as const;
export type PodcastType = (typeof PODCAST_TYPES)[number];
export const MAX_PODCAST_CATEGORIES = 10;
export const MAX_FUNDING_LINKS = 10;
/** Podcasting 2.0 limits a `podcast:funding` text to 128 characters. */
export const MAX_FUNDING_TITLE_LENGTH = 128;

const AppleCategory = v.picklist(
  APPLE_PODCAST_CATEGORY_NAMES as [string, ...string[]],
  'Must be an Apple Podcasts category, written "Category" or "Category/Subcategory" as Apple spells them, e.g. "Technology" or "News/Tech News".',
);

/** The members of a podcast's settings; a settings change may send any of them (a merge patch). */
const podcastFields = {
  author: v.nullish(v.pipe(line(200), v.description("itunes:author; the feed's author's name when unset."))),
  owner: v.nullish(
    v.pipe(
      v.object({ name: v.nullish(line(200)), email: EmailAddress }),
      v.description("itunes:owner: who Apple Podcasts and the Podcast Index contact about the show."),
    ),
  ),
  image: v.pipe(
    HttpsUrl,
    v.description("Show artwork (itunes:image): an https URL of a JPEG or PNG, 1400 to 3000 pixels square."),
  ),
  categories: v.pipe(
    v.array(AppleCategory),
    v.minLength(1, "Must list at least one Apple Podcasts category."),
    v.maxLength(MAX_PODCAST_CATEGORIES, `At most ${MAX_PODCAST_CATEGORIES} categories.`),
    v.transform((names) => [...new Set(names)]),
  ),
  explicit: v.pipe(
    v.boolean(),
    v.description("itunes:explicit: whether the show contains explicit content."),
  ),
  type: v.nullish(v.picklist(PODCAST_TYPES)),
  locked: v.nullish(
    v.pipe(
      v.boolean(),
      v.description("podcast:locked: true tells other hosts not to import the show; needs `owner`."),
    ),
  ),
  funding: v.nullish(
    v.pipe(
      v.array(v.object({ url: HttpUrl, title: line(MAX_FUNDING_TITLE_LENGTH) })),
      v.maxLength(MAX_FUNDING_LINKS, `At most ${MAX_FUNDING_LINKS} funding links.`),
    ),
  ),
  complete: v.nullish(
    v.pipe(v.boolean(), v.description("itunes:complete: true when no more episodes will be published.")),
  ),
};

/**
 * A feed's podcast settings: what Apple Podcasts requires (artwork, a category from its list, the explicit
 * flag) and what Podcasting 2.0 adds. A feed with these set is a podcast feed.
 */
export const PodcastSettingsInput = v.pipe(
  v.object(podcastFields),
  v.forward(
    v.partialCheck(
      [["locked"], ["owner"]],
      (podcast) => podcast.locked == null || podcast.owner != null,
      "Needs `owner` as well: podcast:locked names the owner's email.",
    ),
    ["locked"],
  ),
);
export type PodcastSettingsInput = v.InferOutput<typeof PodcastSettingsInput>;

/** A change to a feed's podcast settings: any of the members, merged into the current ones, then checked whole. */
export const PodcastSettingsPatch = v.partial(v.object(podcastFields));
