import { type Article, articleGuidUri } from "./article";
import { nameUuid, UUID_PATTERN } from "./uuid";

/**
 * Namespace of the Atom ids Ferry derives from imported GUIDs that are not URIs (a fixed random UUID).
 * The same GUID always gives the same id, so an entry keeps its Atom id forever without storing it.
 */
export const IMPORTED_GUID_NAMESPACE = "4b1d6c52-2f0e-4f51-9a36-7f7d0c5e8a13";

/**
 * Schemes of the GUIDs that stand as Atom ids as they are: identifiers and web addresses. Readers may
 * link an id, so `javascript:`, `data:`, `file:`, `mailto:` and the rest are hashed like any non-URI GUID.
 */
const ATOM_ID_SCHEMES: ReadonlySet<string> = new Set(["tag", "urn", "http", "https"]);

/**
 * An absolute URI (RFC 3986 §4.3: a scheme, a colon, the rest) with none of the characters an IRI may not
 * contain, so it can stand as an Atom id (RFC 4287 §4.2.6) exactly as it is.
 */
export function isAbsoluteUri(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`\p{Cc}]+$/u.test(text);
}

/** An absolute URI whose scheme is one of ATOM_ID_SCHEMES, in any case. */
export function isAtomIdUri(text: string): boolean {
  return isAbsoluteUri(text) && ATOM_ID_SCHEMES.has(text.slice(0, text.indexOf(":")).toLowerCase());
}

/**
 * The Atom entry id of an article: `urn:uuid:<id>` for native articles; an imported GUID itself when it is
 * an absolute `tag:`, `urn:`, `http:` or `https:` URI; `urn:uuid:<guid>` when it is a bare UUID (another
 * Ferry's id, so the Atom id survives a move between Ferrys); otherwise `urn:uuid:` and a name-based UUID
 * of the GUID.
 */
export function atomEntryId(article: Pick<Article, "id" | "guid">): string {
  const { guid } = article;
  if (guid === null) return articleGuidUri(article.id);
  if (isAtomIdUri(guid)) return guid;
  const lowered = guid.toLowerCase();
  if (UUID_PATTERN.test(lowered)) return articleGuidUri(lowered);
  return articleGuidUri(nameUuid(IMPORTED_GUID_NAMESPACE, guid));
}
