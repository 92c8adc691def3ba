import { toAuthor } from "./article-build";
import type { Feed } from "./feed";
import { DEFAULT_ITEM_LIMIT, type FeedInput, type FeedPatch } from "./feed-input";
import { toPodcastSettings } from "./feed-podcast";
import type { PodcastSettingsInput } from "./feed-podcast-input";
import { newUuid } from "./uuid";

/** A new feed from validated input. */
export function buildFeed(input: FeedInput, nowMs: number): Omit<Feed, "rowId"> {
  return {
    publicId: newUuid(),
    slug: input.slug,
    title: input.title,
    description: input.description || null,
    homePageUrl: input.home_page_url ?? null,
    language: input.language ?? null,
    author: input.author ? toAuthor(input.author) : null,
    icon: input.icon ?? null,
    itemLimit: input.item_limit ?? DEFAULT_ITEM_LIMIT,
    content: input.content ?? "full",
    podcast: input.podcast ? toPodcastSettings(input.podcast) : null,
    contentChangedAt: nowMs,
    createdAt: nowMs,
    updatedAt: nowMs,
  };
}

/**
 * Applies a settings change: absent fields stay, `null` clears. Settings show in feeds, so it is a change.
 * `podcast` is the podcast settings the patch results in, already merged and checked whole by the caller.
 */
export function patchFeed(
  feed: Feed,
  patch: FeedPatch,
  raw: Record<string, unknown>,
  podcast: PodcastSettingsInput | null,
  nowMs: number,
): Feed {
  const pick = <T>(key: string, value: T | null | undefined, current: T | null): T | null =>
    key in raw ? (value ?? null) : current;
  return {
    ...feed,
    title: patch.title ?? feed.title,
    description: pick("description", patch.description || null, feed.description),
    homePageUrl: pick("home_page_url", patch.home_page_url, feed.homePageUrl),
    language: pick("language", patch.language, feed.language),
    author: "author" in raw ? (patch.author ? toAuthor(patch.author) : null) : feed.author,
    icon: pick("icon", patch.icon, feed.icon),
    itemLimit: "item_limit" in raw ? (patch.item_limit ?? DEFAULT_ITEM_LIMIT) : feed.itemLimit,
    content: "content" in raw ? (patch.content ?? "full") : feed.content,
    podcast: "podcast" in raw ? (podcast ? toPodcastSettings(podcast) : null) : feed.podcast,
    // Strictly later, so a change in the same millisecond as the last one still versions feed caches.
    contentChangedAt: Math.max(feed.contentChangedAt + 1, nowMs),
    updatedAt: nowMs,
  };
}
