import type { Article, Attachment } from "../domain/article";
import { element, type XmlChild } from "./xml-writer";

/** Media RSS (https://www.rssboard.org/media-rss), read by news readers for pictures and players. */
export const MEDIA_RSS_NAMESPACE = "http://search.yahoo.com/mrss/";

/** Image types by file extension, for an article's picture, which has no MIME type of its own. */
const IMAGE_TYPES: ReadonlyMap<string, string> = new Map([
  ["avif", "image/avif"],
  ["gif", "image/gif"],
  ["jpeg", "image/jpeg"],
  ["jpg", "image/jpeg"],
  ["png", "image/png"],
  ["svg", "image/svg+xml"],
  ["webp", "image/webp"],
]);

/**
 * An item's Media RSS: its picture as `media:content` (medium image) and as `media:thumbnail`, and every
 * attachment as `media:content` with its medium, type, size and duration when known. RSS and Atom carry the
 * same elements.
 */
export function mediaRssElements(article: Pick<Article, "image" | "attachments">): XmlChild[] {
  const image = article.image;
  return [
    image ? element("media:content", { url: image, medium: "image", type: imageTypeOf(image) }) : null,
    ...article.attachments.map(attachmentContent),
    image ? element("media:thumbnail", { url: image }) : null,
  ];
}

function attachmentContent(attachment: Attachment): XmlChild {
  return element("media:content", {
    url: attachment.url,
    type: attachment.mimeType,
    medium: mediumOf(attachment.mimeType),
    fileSize: attachment.sizeInBytes,
    // Media RSS durations are whole seconds.
    duration:
      attachment.durationInSeconds === undefined ? undefined : Math.round(attachment.durationInSeconds),
  });
}

/** Media RSS `medium` of a MIME type; left out for kinds it has no word for. */
export function mediumOf(mimeType: string): string | undefined {
  const [kind = "", subtype = ""] = mimeType.toLowerCase().split("/");
  if (kind === "image" || kind === "audio" || kind === "video") return kind;
  if (kind === "text" || subtype === "pdf") return "document";
  return undefined;
}

/** The type of an image named by its URL's extension, or undefined when the extension says nothing. */
export function imageTypeOf(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const dot = path.lastIndexOf(".");
  return dot < path.lastIndexOf("/") || dot < 0
    ? undefined
    : IMAGE_TYPES.get(path.slice(dot + 1).toLowerCase());
}
