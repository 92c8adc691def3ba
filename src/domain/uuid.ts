import { sha1 } from "./sha1";

/** A UUID in its canonical lowercase form; ids in paths are lowercased before they are checked. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A random (version 4) UUID: the id of an article, a feed or a token. */
export function newUuid(): string {
  return crypto.randomUUID();
}

/** `prefix` and the first `hexDigits` hex digits of a random UUID, e.g. `ep_…` for a webhook endpoint. */
export function newPrefixedId(prefix: string, hexDigits: number): string {
  return prefix + crypto.randomUUID().replace(/-/g, "").slice(0, hexDigits);
}

/**
 * A name-based UUID (RFC 9562 version 5): the same namespace and name always give the same id, so a derived
 * feed or an imported entry keeps its Atom id forever without storing it. Synchronous (SHA-1 in `sha1.ts`),
 * because the feed renderers that need it are.
 */
export function nameUuid(namespace: string, name: string): string {
  if (!UUID_PATTERN.test(namespace.toLowerCase())) throw new RangeError(`not a UUID: ${namespace}`);
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
