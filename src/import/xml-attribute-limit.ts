/**
 * Most attributes one element of an imported XML document may carry. Real feeds need a few dozen at most
 * (namespace declarations on the root); the XML parser copies every attribute into several objects, which
 * slow down superlinearly once an element holds hundreds of thousands.
 */
export const MAX_XML_ATTRIBUTES = 1_000;

const SKIPPED_SECTIONS: readonly [start: string, end: string][] = [
  ["<!--", "-->"],
  ["<![CDATA[", "]]>"],
  ["<?", "?>"],
  ["<!", ">"],
  ["</", ">"],
];

/**
 * True when a start tag of `xml` has more than {@link MAX_XML_ATTRIBUTES} attributes, counted as the XML
 * parser reads them: names outside quoted values. One pass; comments, CDATA sections, processing
 * instructions, declarations and end tags are skipped whole.
 */
export function hasTooManyAttributes(xml: string): boolean {
  let i = xml.indexOf("<");
  while (i >= 0 && i < xml.length) {
    const skipped = SKIPPED_SECTIONS.find(([start]) => xml.startsWith(start, i));
    if (skipped) {
      const end = xml.indexOf(skipped[1], i + skipped[0].length);
      if (end < 0) return false;
      i = xml.indexOf("<", end + skipped[1].length);
      continue;
    }
    const tag = readStartTag(xml, i + 1);
    if (tag.attributes > MAX_XML_ATTRIBUTES) return true;
    i = xml.indexOf("<", tag.end);
  }
  return false;
}

/** The attributes of the start tag whose name begins at `from`, and the index after its `>`. */
function readStartTag(xml: string, from: number): { attributes: number; end: number } {
  let attributes = -1; // the element's own name is the first word
  let inWord = false;
  for (let i = from; i < xml.length; i++) {
    const code = xml.charCodeAt(i);
    if (code === GREATER_THAN) return { attributes, end: i + 1 };
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const close = xml.indexOf(xml[i] as string, i + 1);
      if (close < 0) break;
      i = close;
      inWord = false;
    } else if (isSpace(code) || code === EQUALS || code === SLASH) {
      inWord = false;
    } else if (!inWord) {
      inWord = true;
      if (++attributes > MAX_XML_ATTRIBUTES) return { attributes, end: i };
    }
  }
  return { attributes, end: xml.length };
}

const GREATER_THAN = 0x3e;
const EQUALS = 0x3d;
const SLASH = 0x2f;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
