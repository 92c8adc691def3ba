import { escapeAttribute, escapeText } from "entities";
import { parseBounded } from "./bounded-html-parser";
import { cleanText } from "./clean-text";
import { embedAllow, embedSrc } from "./embed-url";
import { LINK_SCHEMES, safeSrcset, safeUrl, WEB_SCHEMES } from "./safe-url";

/** Output nesting beyond this many elements is flattened: deeper elements are unwrapped, their text kept. */
export const MAX_NESTING_DEPTH = 100;

const GLOBAL_ATTRIBUTES = ["lang", "dir", "title"];

/** Allowed elements and the attributes each may keep beyond the global ones. */
const ALLOWED_ATTRIBUTES = new Map<string, ReadonlySet<string>>(
  Object.entries({
    a: ["href"],
    img: ["src", "srcset", "sizes", "alt", "width", "height"],
    source: ["src", "type", "srcset", "sizes", "media"],
    video: ["src", "controls", "poster", "preload", "width", "height", "loop", "muted", "playsinline"],
    audio: ["src", "controls", "preload", "loop", "muted"],
    track: ["src", "kind", "srclang", "label", "default"],
    blockquote: ["cite"],
    q: ["cite"],
    del: ["cite", "datetime"],
    ins: ["cite", "datetime"],
    time: ["datetime"],
    ol: ["start", "reversed", "type"],
    li: ["value"],
    th: ["colspan", "rowspan", "scope", "abbr"],
    td: ["colspan", "rowspan", "scope"],
    col: ["span"],
    colgroup: ["span"],
    details: ["open"],
    ...Object.fromEntries(
      `p br hr b strong i em u s mark small sub sup code pre kbd samp cite abbr dfn h1 h2 h3 h4 h5 h6 ul dl dt dd
       figure figcaption picture table thead tbody tfoot tr caption span div section article aside summary
       ruby rt rp wbr`
        .split(/\s+/)
        .map((name) => [name, []]),
    ),
  }).map(([name, attributes]) => [name, new Set([...GLOBAL_ATTRIBUTES, ...attributes])]),
);

/** Kept as given; `src` and `allow` are written by Ferry itself (see embed-url.ts). */
const IFRAME_ATTRIBUTES: ReadonlySet<string> = new Set(["width", "height", "title", "allowfullscreen"]);
const IFRAME_FORCED_ATTRIBUTES =
  ' sandbox="allow-scripts allow-same-origin allow-presentation" loading="lazy"';

/** Dropped together with everything inside them: executable, embedded, interactive or document-level. */
const DROPPED_ELEMENTS: ReadonlySet<string> = new Set(
  `script style noscript template iframe object embed applet svg math form input button textarea select
   title head meta link base frame frameset noembed noframes param`.split(/\s+/),
);

const VOID_ELEMENTS: ReadonlySet<string> = new Set(["br", "hr", "img", "source", "track", "col", "wbr"]);
const BOOLEAN_ATTRIBUTES: ReadonlySet<string> = new Set([
  "controls",
  "loop",
  "muted",
  "playsinline",
  "default",
  "open",
  "reversed",
  "allowfullscreen",
]);
const URL_ATTRIBUTES: ReadonlySet<string> = new Set(["href", "src", "cite", "poster"]);
/** HTML parsing turns CR and CRLF into LF anyway; doing it here lets the output survive XML's own normalisation. */
const CARRIAGE_RETURNS = /\r\n?/g;

/** Where `htmlToText` puts a space so that words in adjacent blocks do not run together. */
const BLOCK_ELEMENTS: ReadonlySet<string> = new Set(
  `p br hr div li dt dd h1 h2 h3 h4 h5 h6 blockquote pre table caption tr td th ul ol dl figure figcaption
   section article aside header footer nav main address details summary`.split(/\s+/),
);

interface Frame {
  name: string;
  emitted: boolean;
  dropsContent: boolean;
}

/**
 * Reduces untrusted HTML to an allow-list of article markup and re-serialises it: every element closed in
 * order, text and attributes escaped, URLs limited to http(s) (and mailto for links) and made absolute
 * against `baseUrl`. Comments, CDATA and processing instructions are dropped.
 */
export function sanitizeHtml(html: string, baseUrl: string | null): string {
  const stack: Frame[] = [];
  let out = "";
  let text = "";
  let emittedDepth = 0;
  let droppedDepth = 0;

  const write = (markup: string) => {
    if (text !== "") out += escapeText(cleanText(text).replace(CARRIAGE_RETURNS, "\n"));
    text = "";
    out += markup;
  };
  const close = (frame: Frame) => {
    if (frame.emitted) {
      emittedDepth--;
      if (!VOID_ELEMENTS.has(frame.name)) write(`</${frame.name}>`);
    }
    if (frame.dropsContent) droppedDepth--;
  };

  parseBounded(html, {
    ontext(data) {
      if (droppedDepth === 0) text += data;
    },
    onopentag(name, attribs) {
      const frame: Frame = { name, emitted: false, dropsContent: false };
      stack.push(frame);
      if (droppedDepth > 0) return;
      const tag = emittedDepth < MAX_NESTING_DEPTH ? openingTag(name, attribs, baseUrl) : null;
      if (tag !== null) {
        write(tag);
        frame.emitted = true;
        emittedDepth++;
      }
      // iframe is listed too: an allowed one is written empty, its children being mere fallback.
      frame.dropsContent = DROPPED_ELEMENTS.has(name);
      if (frame.dropsContent) droppedDepth++;
    },
    onclosetag(name) {
      // htmlparser2 pairs every close with an open, so a mismatch can only be a stray event.
      if (stack.at(-1)?.name !== name) return;
      close(stack.pop() as Frame);
    },
  });
  // Elements left open by a parser restart (see parseBounded).
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) close(frame);
  write("");
  return out;
}

/** Plain text of some HTML for text-only fallbacks: tags stripped, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  let text = "";
  let droppedDepth = 0;
  const visit = (name: string) => {
    if (BLOCK_ELEMENTS.has(name)) text += " ";
  };
  parseBounded(html, {
    ontext(data) {
      if (droppedDepth === 0) text += data;
    },
    onopentag(name) {
      if (DROPPED_ELEMENTS.has(name)) droppedDepth++;
      visit(name);
    },
    onclosetag(name) {
      if (DROPPED_ELEMENTS.has(name)) droppedDepth--;
      visit(name);
    },
  });
  return cleanText(text).replace(/\s+/g, " ").trim();
}

/** The sanitised start tag for an element, or null when the element is to be unwrapped or dropped. */
function openingTag(name: string, attribs: Record<string, string>, baseUrl: string | null): string | null {
  if (name === "iframe") {
    const src = embedSrc(cleanText(attribs.src ?? ""), baseUrl);
    if (src === null) return null;
    const allow = embedAllow(cleanText(attribs.allow ?? ""));
    const kept = safeAttributes(name, attribs, IFRAME_ATTRIBUTES, baseUrl);
    const allowAttribute = allow === null ? "" : ` allow="${allow}"`;
    return `<iframe src="${escapeAttribute(src)}"${kept}${allowAttribute}${IFRAME_FORCED_ATTRIBUTES}>`;
  }
  const allowed = ALLOWED_ATTRIBUTES.get(name);
  if (allowed === undefined) return null;
  return `<${name}${safeAttributes(name, attribs, allowed, baseUrl)}>`;
}

function safeAttributes(
  element: string,
  attribs: Record<string, string>,
  allowed: ReadonlySet<string>,
  baseUrl: string | null,
): string {
  let out = "";
  for (const [name, raw] of Object.entries(attribs)) {
    if (!allowed.has(name)) continue;
    const value = cleanText(raw).replace(CARRIAGE_RETURNS, "\n");
    if (BOOLEAN_ATTRIBUTES.has(name)) {
      out += ` ${name}`;
      continue;
    }
    const safe = URL_ATTRIBUTES.has(name)
      ? safeUrl(value, baseUrl, element === "a" ? LINK_SCHEMES : WEB_SCHEMES)
      : name === "srcset"
        ? safeSrcset(value, baseUrl)
        : value;
    if (safe !== null) out += ` ${name}="${escapeAttribute(safe)}"`;
  }
  return out;
}
