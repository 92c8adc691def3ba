import * as v from "valibot";
import { AuthorInput, HttpUrl, LanguageTag } from "./article-input";
import { cleanSingleLine, cleanText } from "./clean-text";
import { PodcastSettingsInput, PodcastSettingsPatch } from "./feed-podcast-input";

export const DEFAULT_ITEM_LIMIT = 20;
export const MAX_ITEM_LIMIT = 100;
/** What items carry: their whole body, or only a summary or text excerpt so that readers click through. */
export const CONTENT_MODES = ["full", "excerpt"] as const;
export type ContentMode = (typeof CONTENT_MODES)[number];

/** URL-safe feed name used in every feed URL: lowercase letters, digits and dashes. */
export const FeedSlug = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "Must be 1-64 lowercase letters, digits or dashes."),
  v.description("URL-safe feed name, e.g. news."),
);

const feedFields = {
  title: v.pipe(v.string(), v.transform(cleanSingleLine), v.minLength(1), v.maxLength(500)),
  description: v.nullish(v.pipe(v.string(), v.transform(cleanText), v.maxLength(5000))),
  home_page_url: v.nullish(HttpUrl),
  language: v.nullish(LanguageTag),
  author: v.nullish(AuthorInput),
  icon: v.nullish(HttpUrl),
  item_limit: v.nullish(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(1),
      v.maxValue(MAX_ITEM_LIMIT, `Must be at most ${MAX_ITEM_LIMIT}.`),
    ),
  ),
  content: v.nullish(
    v.pipe(
      v.picklist(CONTENT_MODES),
      v.description("`full` (the default) or `excerpt`: items carry only the summary or a text excerpt."),
    ),
  ),
  podcast: v.nullish(
    v.pipe(PodcastSettingsInput, v.description("Makes the feed a podcast feed; null turns that off.")),
  ),
};

/** A feed as an operator creates it. */
export const FeedInput = v.object({ slug: FeedSlug, ...feedFields });
export type FeedInput = v.InferOutput<typeof FeedInput>;

/** A change to a feed's settings; the slug is part of every feed URL and never changes. */
export const FeedPatch = v.object({
  ...feedFields,
  title: v.optional(feedFields.title),
  podcast: v.nullish(
    v.pipe(
      PodcastSettingsPatch,
      v.description("Merged into the current podcast settings (RFC 7396); the result is checked whole."),
    ),
  ),
});
export type FeedPatch = v.InferOutput<typeof FeedPatch>;
