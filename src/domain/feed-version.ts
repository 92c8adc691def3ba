import type { Feed } from "./feed";

/** What one cheap query tells about a feed before anything is rendered. */
export interface FeedState {
  feed: Feed;
  /** Publication time of the newest live article that is already visible, or null when there is none. */
  newestPublishedAt: number | null;
}

/**
 * When the feed last changed as a reader sees it. A scheduled article going live changes the feed
 * without any write, so its publication time counts as much as the write stamp.
 */
export function feedUpdatedAt(state: FeedState): number {
  return Math.max(state.feed.contentChangedAt, state.newestPublishedAt ?? 0);
}

/**
 * A string that changes whenever any rendering of the feed may change: every article write and
 * settings change bumps `contentChangedAt`, and a scheduled article going live raises the newest
 * visible publication time.
 */
export function feedVersion(state: FeedState): string {
  return `${state.feed.rowId}.${state.feed.contentChangedAt}.${state.newestPublishedAt ?? 0}`;
}
