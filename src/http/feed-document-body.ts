import { FerryError } from "../domain/problems";
import { decodeFeedDocument } from "../services/feed-document-import";
import { readBodyBytes } from "./read-json";

/** The largest feed document an import accepts: a long back catalogue, well within one Worker's memory. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Media types a feed document may be sent as; the format itself is detected from the content. */
export const IMPORT_MEDIA_TYPES: readonly string[] = [
  "application/rss+xml",
  "application/atom+xml",
  "application/xml",
  "text/xml",
  "application/feed+json",
  "application/json",
];

/** Checks the media type, reads at most {@link MAX_IMPORT_BYTES} and decodes the body to text. */
export async function readFeedDocumentBody(request: Request): Promise<string> {
  const [mediaType = "", ...params] = (request.headers.get("content-type") ?? "")
    .split(";")
    .map((p) => p.trim());
  if (!IMPORT_MEDIA_TYPES.includes(mediaType.toLowerCase())) {
    throw new FerryError(
      "unsupported_media_type",
      `Content-Type ${mediaType || "(none)"} is not a feed document; use one of ${IMPORT_MEDIA_TYPES.join(", ")}.`,
    );
  }
  const charset =
    params
      .find((p) => /^charset=/i.test(p))
      ?.slice("charset=".length)
      .replace(/"/g, "") ?? null;
  return decodeFeedDocument(await readBodyBytes(request, MAX_IMPORT_BYTES), charset);
}
