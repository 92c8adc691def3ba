import type { Feed } from "../domain/feed";
import type { FeedUrls } from "./feed-document";
import { feedUrls } from "./feed-urls";

/** One feed as the index page and the OPML list show it. */
export interface DirectoryEntry {
  title: string;
  description: string | null;
  language: string | null;
  urls: FeedUrls;
}

/** Every feed with the absolute URLs of its formats, in the order given. */
export function directoryEntries(feeds: readonly Feed[], origin: string): DirectoryEntry[] {
  return feeds.map((feed) => ({
    title: feed.title,
    description: feed.description,
    language: feed.language,
    urls: feedUrls(origin, feed.slug, null, null),
  }));
}
