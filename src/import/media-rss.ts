import type { MediaNs } from "feedsmith";
import { resolveUrl, toAttachmentFields } from "./field-readers";
import type { AttachmentFields } from "./import-item";

type Media = MediaNs.ItemOrFeed | undefined;
type MediaContent = MediaNs.Content;

function contents(media: Media): MediaContent[] {
  return [...(media?.contents ?? []), ...(media?.groups ?? []).flatMap((group) => group.contents ?? [])];
}

function isImage(content: MediaContent): boolean {
  return content.medium === "image" || (content.type?.toLowerCase().startsWith("image/") ?? false);
}

/** An item's picture from Media RSS: its thumbnail, else an image among its media contents. */
export function mediaImage(media: Media, base: string | null): string | undefined {
  const thumbnail = media?.thumbnails?.[0]?.url ?? media?.groups?.[0]?.thumbnails?.[0]?.url;
  return resolveUrl(thumbnail ?? contents(media).find(isImage)?.url, base);
}

/**
 * Media RSS contents as attachments: audio, video, documents, and pictures other than the item's own
 * (`image`, from `mediaImage`), as Ferry writes an article's image attachments.
 */
export function mediaAttachments(
  media: Media,
  base: string | null,
  image: string | undefined,
): (AttachmentFields | undefined)[] {
  return contents(media)
    .filter((content) => !isImage(content) || resolveUrl(content.url, base) !== image)
    .map((content) =>
      toAttachmentFields(
        { url: content.url, type: content.type, length: content.fileSize, duration: content.duration },
        base,
      ),
    );
}
