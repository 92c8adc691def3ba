import { splitCategoryName } from "../domain/apple-podcast-categories";
import type { Article, Attachment } from "../domain/article";
import type { PodcastSettings } from "../domain/feed";
import { podcastGuid } from "../domain/feed-podcast";
import type { FeedDocument } from "./feed-document";
import { element, optionalElement, type XmlChild, type XmlMarkup } from "./xml-writer";

/** Apple's podcast namespace (`itunes:`), which Apple Podcasts, Spotify and most podcast apps read. */
export const ITUNES_NAMESPACE = "http://www.itunes.com/dtds/podcast-1.0.dtd";
/** The Podcasting 2.0 namespace (`podcast:`), read by the Podcast Index and the apps built on it. */
export const PODCAST_NAMESPACE = "https://podcastindex.org/namespace/1.0";
/** Media type of a Podcasting 2.0 JSON chapters file. */
export const CHAPTERS_MEDIA_TYPE = "application/json+chapters";

/**
 * A podcast's channel tags: what Apple Podcasts requires (artwork, categories, the explicit flag; `language`
 * is the channel's own) and the Podcasting 2.0 GUID, lock and funding links.
 */
export function podcastChannelElements(doc: FeedDocument, podcast: PodcastSettings): XmlChild[] {
  const owner = podcast.owner;
  return [
    optionalElement("itunes:author", podcast.author ?? doc.authors[0]?.name),
    owner
      ? element("itunes:owner", {}, [
          optionalElement("itunes:name", owner.name),
          element("itunes:email", {}, [owner.email]),
        ])
      : null,
    element("itunes:image", { href: podcast.image }),
    ...categoryElements(podcast.categories),
    element("itunes:explicit", {}, [String(podcast.explicit)]),
    optionalElement("itunes:type", podcast.type),
    // Apple reads only "Yes"; a show that may go on leaves the tag out.
    podcast.complete ? element("itunes:complete", {}, ["Yes"]) : null,
    // The subscription document's URL, so every page and every format of the feed names the same GUID.
    element("podcast:guid", {}, [podcastGuid(doc.paging.first.rss)]),
    podcast.locked === undefined
      ? null
      : element("podcast:locked", { owner: owner?.email }, [podcast.locked ? "yes" : "no"]),
    ...(podcast.funding ?? []).map((link) => element("podcast:funding", { url: link.url }, [link.title])),
  ];
}

/** Categories nested as Apple nests them: each subcategory inside its category, each category once. */
function categoryElements(names: readonly string[]): XmlMarkup[] {
  const subcategories = new Map<string, string[]>();
  for (const name of names) {
    const { category, subcategory } = splitCategoryName(name);
    const list = subcategories.get(category) ?? [];
    if (subcategory !== null && !list.includes(subcategory)) list.push(subcategory);
    subcategories.set(category, list);
  }
  return [...subcategories].map(([category, list]) =>
    element(
      "itunes:category",
      { text: category },
      list.map((subcategory) => element("itunes:category", { text: subcategory })),
    ),
  );
}

/** An episode's item tags; `enclosure` is the attachment the item encloses, whose duration they give. */
export function podcastItemElements(article: Article, enclosure: Attachment | undefined): XmlChild[] {
  const episode = article.podcast ?? {};
  const duration = enclosure?.durationInSeconds;
  return [
    duration === undefined ? null : element("itunes:duration", {}, [String(Math.round(duration))]),
    article.image ? element("itunes:image", { href: article.image }) : null,
    numberElement("itunes:episode", episode.episode),
    numberElement("itunes:season", episode.season),
    optionalElement("itunes:episodeType", episode.episodeType),
    episode.explicit === undefined ? null : element("itunes:explicit", {}, [String(episode.explicit)]),
    ...(episode.transcripts ?? []).map((transcript) =>
      element("podcast:transcript", {
        url: transcript.url,
        type: transcript.mimeType,
        language: transcript.language,
      }),
    ),
    episode.chaptersUrl
      ? element("podcast:chapters", { url: episode.chaptersUrl, type: CHAPTERS_MEDIA_TYPE })
      : null,
  ];
}

function numberElement(name: string, value: number | undefined): XmlMarkup | null {
  return value === undefined ? null : element(name, {}, [String(value)]);
}
