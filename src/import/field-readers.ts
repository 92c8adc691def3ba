import { formatRfc3339 } from "../domain/rfc3339";
import { isHttpUrl } from "../domain/url-rules";
import { parseFeedDate } from "./feed-dates";
import type { ArticleFields, AttachmentFields, AuthorFields, ItemProblem } from "./import-item";

/** MIME type of an enclosure or attachment that does not name one. */
export const UNKNOWN_MIME_TYPE = "application/octet-stream";

/** A possibly relative URL made absolute against `base`; left as it is when that is impossible. */
export function resolveUrl(value: string | null | undefined, base: string | null): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  try {
    return base === null ? new URL(trimmed).href : new URL(trimmed, base).href;
  } catch {
    // Validation names the field, which says more than silently dropping it.
    return trimmed;
  }
}

/** The base for an item's content (`ImportCandidate.contentBaseUrl`): an explicit xml:base, else the item URL. */
export function contentBase(
  explicitBase: string | null,
  itemUrl: string | undefined,
  feedBase: string | null,
) {
  return explicitBase ?? (itemUrl ? null : feedBase);
}

/** A base URL (`xml:base`, a feed link) resolved against its parent; null unless it is absolute http(s). */
export function resolveBase(value: string | null | undefined, parent: string | null): string | null {
  const resolved = resolveUrl(value, parent);
  return resolved !== undefined && isHttpUrl(resolved) ? resolved : parent;
}

/** Reads a date into RFC 3339, recording a problem at `pointer` when it is present but unreadable. */
export function readDate(
  raw: string | null | undefined,
  pointer: string,
  problems: ItemProblem[],
): string | undefined {
  const trimmed = raw?.trim();
  if (!trimmed) return undefined;
  const ms = parseFeedDate(trimmed);
  if (ms === null) {
    problems.push({
      pointer,
      detail: `"${trimmed.slice(0, 100)}" is not a date Ferry can read; use RFC 822 (RSS) or RFC 3339.`,
    });
    return undefined;
  }
  return formatRfc3339(ms);
}

/** An author with empty parts dropped; a `mailto:` URL becomes the email. Undefined when nothing is left. */
export function toAuthorFields(author: AuthorFields, base: string | null): AuthorFields | undefined {
  const result: AuthorFields = {};
  const name = author.name?.trim();
  const url = author.url?.trim();
  const email = author.email?.trim();
  if (name) result.name = name;
  if (url && /^mailto:/i.test(url)) result.email = email || mailtoAddress(url);
  else if (url) result.url = resolveUrl(url, base);
  if (email) result.email = email;
  const avatar = resolveUrl(author.avatar, base);
  if (avatar) result.avatar = avatar;
  return Object.keys(result).length > 0 ? result : undefined;
}

function mailtoAddress(url: string): string {
  const address = url.slice("mailto:".length).split("?")[0] ?? "";
  try {
    return decodeURIComponent(address);
  } catch {
    return address;
  }
}

/** Authors without empty ones or repeats (RSS often names one person as both author and dc:creator). */
export function uniqueAuthors(authors: (AuthorFields | undefined)[]): AuthorFields[] | undefined {
  const seen = new Set<string>();
  const result: AuthorFields[] = [];
  for (const author of authors) {
    if (!author) continue;
    const key = (author.name ?? author.email ?? author.url ?? "").toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(author);
  }
  return result.length > 0 ? result : undefined;
}

/** An enclosure as an attachment: parameters dropped from the MIME type, a zero or unknown length left out. */
export function toAttachmentFields(
  raw: { url?: string; type?: string; length?: number; title?: string; duration?: number },
  base: string | null,
): AttachmentFields | undefined {
  const url = resolveUrl(raw.url, base);
  if (!url) return undefined;
  const attachment: AttachmentFields = {
    url,
    mime_type: raw.type?.split(";")[0]?.trim().toLowerCase() || UNKNOWN_MIME_TYPE,
  };
  if (raw.title?.trim()) attachment.title = raw.title.trim();
  if (typeof raw.length === "number" && raw.length > 0) attachment.size_in_bytes = raw.length;
  if (typeof raw.duration === "number" && raw.duration >= 0) attachment.duration_in_seconds = raw.duration;
  return attachment;
}

/** Attachments without repeats by URL (RSS carries a podcast both as enclosure and as media:content). */
export function uniqueAttachments(
  attachments: (AttachmentFields | undefined)[],
): AttachmentFields[] | undefined {
  const byUrl = new Map<string, AttachmentFields>();
  for (const attachment of attachments) {
    if (attachment && !byUrl.has(attachment.url)) byUrl.set(attachment.url, attachment);
  }
  return byUrl.size > 0 ? [...byUrl.values()] : undefined;
}

/** Tags trimmed, empty ones dropped; repeats are removed by validation. */
export function toTags(values: (string | undefined)[]): string[] | undefined {
  const tags = values.map((value) => value?.trim() ?? "").filter((value) => value !== "");
  return tags.length > 0 ? tags : undefined;
}

/** A language tag as feeds write it (`en_US`) in BCP 47 form (`en-US`). */
export function toLanguage(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed.replace(/_/g, "-") : undefined;
}

/** Drops members that are undefined so the fields read like a JSON Feed item. */
export function compact(fields: ArticleFields): ArticleFields {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as ArticleFields;
}
