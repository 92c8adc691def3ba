import { type Handler, Parser } from "htmlparser2";

/**
 * Past this many open elements a fresh parser takes over: htmlparser2 does work proportional to the depth
 * on every tag (Array#unshift on open, indexOf on close), so the depth bounds the cost per tag.
 */
export const MAX_PARSER_DEPTH = 256;

/**
 * An element with more attributes is skipped (its content kept): htmlparser2 collects them all into one
 * object, which slows down superlinearly once it holds hundreds of thousands of names.
 */
export const MAX_ATTRIBUTES = 1_000;

/**
 * Runs htmlparser2 over `html` in time linear in its length, whatever its shape. Past MAX_PARSER_DEPTH
 * open elements, or MAX_ATTRIBUTES attributes on one element, a fresh parser continues after the current
 * tag (an element with too many attributes is never opened). The handler then never sees the elements
 * open before the restart close.
 */
export function parseBounded(html: string, handler: Partial<Handler>): void {
  let start = 0;
  while (start < html.length) {
    let depth = 0;
    let attributes = 0;
    let resumeAt = -1;
    // Set once an element's attributes run over: its own open (and void close) events are not reported.
    let skipping = false;
    const parser: Parser = new Parser({
      ...handler,
      onopentagname(name) {
        attributes = 0;
        handler.onopentagname?.(name);
      },
      onattribute(name, value, quote) {
        if (skipping) return;
        handler.onattribute?.(name, value, quote);
        if (++attributes > MAX_ATTRIBUTES && resumeAt < 0) {
          skipping = true;
          // parser.startIndex is where this attribute's name starts.
          resumeAt = openTagEnd(html, start + parser.startIndex);
          parser.pause();
        }
      },
      onopentag(name, attribs, isImplied) {
        if (skipping) return;
        handler.onopentag?.(name, attribs, isImplied);
        if (++depth > MAX_PARSER_DEPTH && resumeAt < 0) {
          resumeAt = start + parser.endIndex + 1;
          parser.pause();
        }
      },
      onclosetag(name, isImplied) {
        if (skipping) return;
        depth--;
        handler.onclosetag?.(name, isImplied);
      },
    });
    parser.end(html.slice(start));
    if (resumeAt < 0) return;
    start = resumeAt;
  }
}

/**
 * Where an open tag ends: the index after its `>`, reading attributes from `from` (the start of one) by
 * htmlparser2's tokenizer rules, so that a `>` inside a quoted value does not count. The text's length
 * when the tag never ends.
 */
export function openTagEnd(html: string, from: number): number {
  let i = from;
  const at = (index: number) => html.charCodeAt(index);
  while (i < html.length) {
    while (i < html.length && (isSpace(at(i)) || at(i) === SLASH)) i++;
    if (i >= html.length) break;
    if (at(i) === GREATER_THAN) return i + 1;
    // A name takes its first character whatever it is, then runs to `=`, whitespace, `/` or `>`.
    i++;
    while (
      i < html.length &&
      !isSpace(at(i)) &&
      at(i) !== SLASH &&
      at(i) !== GREATER_THAN &&
      at(i) !== EQUALS
    )
      i++;
    while (i < html.length && isSpace(at(i))) i++;
    if (at(i) !== EQUALS) continue;
    i++;
    while (i < html.length && isSpace(at(i))) i++;
    const quote = at(i);
    if (quote === DOUBLE_QUOTE || quote === SINGLE_QUOTE) {
      const close = html.indexOf(String.fromCharCode(quote), i + 1);
      if (close < 0) break;
      i = close + 1;
    } else {
      while (i < html.length && !isSpace(at(i)) && at(i) !== GREATER_THAN) i++;
    }
  }
  return html.length;
}

const SLASH = 0x2f;
const GREATER_THAN = 0x3e;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

// HTML whitespace as the tokenizer knows it: space, tab, LF, FF, CR.
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}
