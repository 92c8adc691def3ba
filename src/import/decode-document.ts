/** A document's bytes as text, or why they cannot be read. */
export type DecodedDocument =
  | { ok: true; text: string }
  | { ok: false; reason: "unsupported_charset" | "undecodable"; detail: string };

const BYTE_ORDER_MARKS: readonly [bytes: number[], label: string][] = [
  [[0xef, 0xbb, 0xbf], "utf-8"],
  [[0xff, 0xfe], "utf-16le"],
  [[0xfe, 0xff], "utf-16be"],
];

// The XML declaration is ASCII in every ASCII-compatible encoding, so its first bytes can be read as Latin-1.
const XML_ENCODING = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/;
const DECLARATION_SNIFF_BYTES = 512;

/**
 * Decodes a feed document: a byte order mark wins, then the Content-Type charset, then the XML
 * declaration's encoding (RFC 7303 §3.2), else UTF-8. Legacy encodings (windows-1252, Shift_JIS …) are
 * read as the runtime's TextDecoder knows them.
 */
export function decodeDocument(bytes: Uint8Array, charsetParameter: string | null): DecodedDocument {
  const label = byteOrderMark(bytes) ?? charsetParameter?.trim() ?? declaredEncoding(bytes) ?? "utf-8";
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: false });
  } catch {
    return {
      ok: false,
      reason: "unsupported_charset",
      detail: `The charset "${label}" is not supported; send UTF-8.`,
    };
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, reason: "undecodable", detail: `The body is not valid ${decoder.encoding}.` };
  }
}

function byteOrderMark(bytes: Uint8Array): string | null {
  const match = BYTE_ORDER_MARKS.find(([mark]) => mark.every((byte, i) => bytes[i] === byte));
  return match ? match[1] : null;
}

function declaredEncoding(bytes: Uint8Array): string | null {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, DECLARATION_SNIFF_BYTES));
  return XML_ENCODING.exec(head)?.[1] ?? null;
}
