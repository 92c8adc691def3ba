import { type Article, articleGuidUri } from "./article";
import { sha1 } from "./sha1";

/**
 * Namespace of the Atom ids Ferry derives from imported GUIDs that are not URIs (a fixed random UUID).
 * The same GUID always gives the same id, so an entry keeps its Atom id forever without storing it.
 */
export const IMPORTED_GUID_NAMESPACE = "4b1d6c52-2f0e-4f51-9a36-7f7d0c5e8a13";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  if (UUID.test(guid)) return articleGuidUri(guid.toLowerCase());
  return articleGuidUri(nameUuidSync(IMPORTED_GUID_NAMESPACE, guid));
}

/** A name-based UUID (RFC 9562 version 5), synchronously: the same value `nameUuid` computes with WebCrypto. */
export function nameUuidSync(namespace: string, name: string): string {
  if (!UUID.test(namespace)) throw new RangeError(`not a UUID: ${namespace}`);
  const namespaceBytes = Uint8Array.from(namespace.replace(/-/g, "").match(/../g) ?? [], (pair) =>
    Number.parseInt(pair, 16),
  );
  const nameBytes = new TextEncoder().encode(name);
  const input = new Uint8Array(namespaceBytes.length + nameBytes.length);
  input.set(namespaceBytes);
  input.set(nameBytes, namespaceBytes.length);
  const hash = sha1(input).slice(0, 16);
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50; // version 5
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80; // RFC 9562 variant
  const hex = Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
