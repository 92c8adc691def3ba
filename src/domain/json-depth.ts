/** Deepest nesting of arrays and objects Ferry accepts in a JSON body; real articles need a handful. */
export const MAX_JSON_DEPTH = 32;

/**
 * The nesting depth of a JSON text, in one pass without recursion, so that hostile input (10 000 nested
 * arrays) is refused before any recursive code (parsing into merge patches, validation) meets it.
 * Brackets inside strings do not count.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return deepest;
}
