/** URL rules of the HTML sanitiser: which schemes survive, how relative URLs become absolute, srcset. */

export const LINK_SCHEMES: ReadonlySet<string> = new Set(["http:", "https:", "mailto:"]);
export const WEB_SCHEMES: ReadonlySet<string> = new Set(["http:", "https:"]);
/** Belt and braces: even inside an otherwise harmless URL, a script scheme is a sign of an attack. */
const SCRIPT_SCHEME = /(?:java|vb)script:/i;
/** Sticky steps of the HTML srcset algorithm; neither can fail, so neither can backtrack. */
const SRCSET_URL = /[\s,]*(\S*)/y;
const SRCSET_DESCRIPTOR_LIST = /([^,]*),?/y;
const SRCSET_DESCRIPTOR = /^(?:\d+w|\d+(?:\.\d+)?x)?$/;

/**
 * A URL whose scheme is in `schemes`, made absolute against `baseUrl`, or a bare fragment; otherwise null.
 * The scheme is judged by the WHATWG URL parser, as a browser would, so tabs, newlines, leading spaces
 * and odd case cannot disguise `javascript:`.
 */
export function safeUrl(value: string, baseUrl: string | null, schemes: ReadonlySet<string>): string | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  // Bare fragments stay relative so that in-article links (footnotes) keep working in readers.
  const url = trimmed.startsWith("#")
    ? trimmed.replace(/[\t\n\r]/g, "")
    : absoluteUrl(trimmed, baseUrl, schemes);
  return url === null || SCRIPT_SCHEME.test(url) ? null : url;
}

function absoluteUrl(value: string, baseUrl: string | null, schemes: ReadonlySet<string>): string | null {
  try {
    const url = baseUrl === null ? new URL(value) : new URL(value, baseUrl);
    return schemes.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** A srcset keeping only candidates with a safe URL and a well-formed descriptor; null if none is left. */
export function safeSrcset(value: string, baseUrl: string | null): string | null {
  const candidates: string[] = [];
  for (const [rawUrl, descriptor] of parseSrcset(value)) {
    const url = safeUrl(rawUrl, baseUrl, WEB_SCHEMES);
    if (url === null || !SRCSET_DESCRIPTOR.test(descriptor)) continue;
    candidates.push(descriptor === "" ? url : `${url} ${descriptor}`);
  }
  return candidates.length > 0 ? candidates.join(", ") : null;
}

/** [url, descriptor] pairs as the HTML standard splits a srcset: URLs may contain commas (Cloudinary's do). */
function parseSrcset(value: string): Array<[string, string]> {
  const candidates: Array<[string, string]> = [];
  let index = 0;
  while (index < value.length) {
    SRCSET_URL.lastIndex = index;
    let url = SRCSET_URL.exec(value)?.[1] ?? "";
    index = SRCSET_URL.lastIndex;
    if (url === "") break;
    let descriptor = "";
    if (url.endsWith(",")) {
      let end = url.length;
      while (url[end - 1] === ",") end--;
      url = url.slice(0, end);
    } else {
      SRCSET_DESCRIPTOR_LIST.lastIndex = index;
      descriptor = SRCSET_DESCRIPTOR_LIST.exec(value)?.[1]?.trim() ?? "";
      index = SRCSET_DESCRIPTOR_LIST.lastIndex;
    }
    candidates.push([url, descriptor]);
  }
  return candidates;
}
