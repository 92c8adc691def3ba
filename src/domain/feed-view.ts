import type { FeedOutput } from "./api-schemas";
import type { Feed } from "./feed";
import { podcastGuid } from "./feed-podcast";
import { formatRfc3339 } from "./rfc3339";

/** Where a feed is published, relative to Ferry's public origin. */
export function feedPaths(slug: string) {
  return {
    html: `/feeds/${slug}/`,
    rss: `/feeds/${slug}/rss.xml`,
    atom: `/feeds/${slug}/atom.xml`,
    json: `/feeds/${slug}/feed.json`,
  };
}

/** A feed's settings in the publisher API's shape, with the absolute URLs of its three formats. */
export function toFeedView(feed: Feed, origin: string): FeedOutput {
  const paths = feedPaths(feed.slug);
  return {
    slug: feed.slug,
    title: feed.title,
    ...(feed.description ? { description: feed.description } : {}),
    ...(feed.homePageUrl ? { home_page_url: feed.homePageUrl } : {}),
    ...(feed.language ? { language: feed.language } : {}),
    ...(feed.author ? { author: feed.author } : {}),
    ...(feed.icon ? { icon: feed.icon } : {}),
    item_limit: feed.itemLimit,
    content: feed.content,
    ...(feed.podcast ? { podcast: { ...feed.podcast, guid: podcastGuid(origin + paths.rss) } } : {}),
    urls: { rss: origin + paths.rss, atom: origin + paths.atom, json: origin + paths.json },
    created_at: formatRfc3339(feed.createdAt),
    updated_at: formatRfc3339(feed.updatedAt),
  };
}
