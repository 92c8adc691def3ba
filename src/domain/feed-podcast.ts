import type { Feed, PodcastSettings } from "./feed";
import type { PodcastSettingsInput } from "./feed-podcast-input";
import type { InvalidField } from "./problems";
import { nameUuid } from "./uuid";

/** The namespace of Podcasting 2.0 `podcast:guid` values (podcastindex.org's namespace documentation). */
export const PODCAST_GUID_NAMESPACE = "ead4c236-bf58-58c6-a2c6-a6b28d128cb6";

/**
 * A feed's `podcast:guid`: the UUIDv5 of its URL without the scheme and trailing slashes, as Podcasting 2.0
 * defines it, so any host computes the same GUID for the same feed URL.
 */
export function podcastGuid(feedUrl: string): string {
  const schemeEnd = feedUrl.indexOf("://");
  let name = schemeEnd < 0 ? feedUrl : feedUrl.slice(schemeEnd + 3);
  let end = name.length;
  while (end > 0 && name[end - 1] === "/") end--;
  name = name.slice(0, end);
  return nameUuid(PODCAST_GUID_NAMESPACE, name);
}

/** Validated podcast settings as Ferry stores them: unset members left out, in the order publishers write them. */
export function toPodcastSettings(input: PodcastSettingsInput): PodcastSettings {
  const { author, owner, type, locked, funding, complete } = input;
  return {
    ...(author ? { author } : {}),
    ...(owner
      ? { owner: owner.name ? { name: owner.name, email: owner.email } : { email: owner.email } }
      : {}),
    image: input.image,
    categories: input.categories,
    explicit: input.explicit,
    ...(type ? { type } : {}),
    ...(locked != null ? { locked } : {}),
    ...(funding?.length ? { funding } : {}),
    ...(complete != null ? { complete } : {}),
  };
}

/**
 * What a feed's settings lack for the podcast directories, beyond what each member's schema checks: Apple
 * Podcasts requires the channel's `language`.
 */
export function podcastFeedProblems(feed: Pick<Feed, "podcast" | "language">): InvalidField[] {
  if (!feed.podcast || feed.language) return [];
  return [
    {
      pointer: "/language",
      detail: "`language` is required for a podcast feed: Apple Podcasts needs the show's language, e.g. en.",
    },
  ];
}
