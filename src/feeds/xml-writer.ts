/**
 * A tiny XML serialiser for feeds. Text is always escaped, never wrapped in CDATA: escaping is correct
 * for every input (CDATA breaks on `]]>`), and XML-illegal characters are dropped here as a last line
 * of defence so that a bug upstream can never produce a feed that readers refuse to parse.
 */

declare const MARKUP: unique symbol;

/** Serialised XML. Only this module creates it, so a raw string can never be mistaken for markup. */
export type XmlMarkup = { readonly xml: string; readonly [MARKUP]: true };

/** Attributes; null and undefined values are left out. */
export type XmlAttrs = Readonly<Record<string, string | number | null | undefined>>;

/** Children: strings are text (escaped), null/undefined/false are skipped so optional parts vanish. */
export type XmlChild = XmlMarkup | string | null | undefined | false;

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

// Everything outside the XML 1.0 `Char` production: C0 controls but TAB/LF/CR, U+FFFE/U+FFFF and,
// thanks to the `u` flag, lone surrogates (paired ones are matched as a single astral code point).
const XML_ILLEGAL_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

// The same class read by UTF-16 code unit (no `u` flag): a forbidden character or either half of a surrogate pair.
// Scanning for these is several times faster than the code-point-aware replace, and most text has none.
const XML_ILLEGAL_CANDIDATES = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/;

/** Removes every character that XML 1.0 forbids. */
export function stripXmlIllegalChars(value: string): string {
  return XML_ILLEGAL_CANDIDATES.test(value) ? value.replace(XML_ILLEGAL_CHARS, "") : value;
}

/** Escapes character data. `>` is escaped too so `]]>` can never appear; CR as a reference survives parsing. */
export function escapeXmlText(value: string): string {
  return stripXmlIllegalChars(value)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#xD;");
}

/** Escapes an attribute value (double-quoted); TAB/LF/CR become references so parsers keep them. */
export function escapeXmlAttr(value: string): string {
  return escapeXmlText(value)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#x9;")
    .replace(/\n/g, "&#xA;");
}

function asMarkup(xml: string): XmlMarkup {
  return { xml } as XmlMarkup;
}

/** An element; empty ones are self-closed. */
export function element(name: string, attrs: XmlAttrs = {}, children: readonly XmlChild[] = []): XmlMarkup {
  return wrap(name, attrs, serialiseChildren(children));
}

function serialiseChildren(children: readonly XmlChild[]): string {
  let body = "";
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    body += typeof child === "string" ? escapeXmlText(child) : child.xml;
  }
  return body;
}

function wrap(name: string, attrs: XmlAttrs, body: string): XmlMarkup {
  let open = name;
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) open += ` ${key}="${escapeXmlAttr(String(value))}"`;
  }
  return asMarkup(body === "" ? `<${open}/>` : `<${open}>${body}</${name}>`);
}

/**
 * A document's root element, declaring each namespace of `namespaces` (prefix → URI) only when an element of
 * its prefix occurs among the children: one declaration each, at the root, and none that nothing uses. Text
 * and attribute values are escaped, so `<prefix:` in the serialised children is always a real element.
 */
export function rootElement(
  name: string,
  attrs: XmlAttrs,
  namespaces: Readonly<Record<string, string>>,
  children: readonly XmlChild[],
): XmlMarkup {
  const body = serialiseChildren(children);
  const declarations: Record<string, string> = {};
  for (const [prefix, uri] of Object.entries(namespaces)) {
    if (body.includes(`<${prefix}:`)) declarations[`xmlns:${prefix}`] = uri;
  }
  return wrap(name, { ...attrs, ...declarations }, body);
}

/** A text-only element, or null (so the caller's children skip it) when the text is absent or empty. */
export function optionalElement(
  name: string,
  text: string | null | undefined,
  attrs: XmlAttrs = {},
): XmlMarkup | null {
  return text === null || text === undefined || text === "" ? null : element(name, attrs, [text]);
}

/** A whole document: the XML declaration, then the root element. */
export function renderXmlDocument(root: XmlMarkup): string {
  return `${XML_DECLARATION}\n${root.xml}\n`;
}

/** RFC 822/1123 date in GMT as RSS 2.0 requires, e.g. `Mon, 12 Jan 2015 15:30:00 GMT`. */
export function formatRfc822(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a valid timestamp: ${ms}`);
  // ECMAScript specifies toUTCString() as exactly this RFC 1123 form.
  return date.toUTCString();
}
