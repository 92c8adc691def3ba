/**
 * Characters that XML 1.0 forbids or that feed readers mishandle: C0 controls other than TAB, LF and
 * CR; DEL and the C1 controls (`\p{Cc}` is exactly U+0000–U+001F and U+007F–U+009F); Unicode
 * noncharacters (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF in every plane); lone surrogates. The `u` flag
 * makes a valid surrogate pair one code point, so only unpaired halves match `\p{Cs}`.
 */
const ILLEGAL_CHARACTERS = /(?![\t\n\r])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/gu;

/** A whitespace run; the ones holding a line break or tab become one space (U+2028/U+2029 break lines too). */
const WHITESPACE_RUN = /[ \t\n\r\u2028\u2029]+/g;

/**
 * Removes characters that are illegal in XML 1.0 or dangerous in feeds. Everything else survives:
 * emoji and other astral characters, bidi marks and overrides, zero-width characters, U+2028/U+2029.
 */
export function cleanText(s: string): string {
  return s.replace(ILLEGAL_CHARACTERS, "");
}

/** {@link cleanText}, then every run of line breaks and tabs becomes one space; trimmed. For titles, names, tags. */
export function cleanSingleLine(s: string): string {
  // A callback rather than a cleverer pattern: runs of spaces must not make the regex backtrack.
  return cleanText(s)
    .replace(WHITESPACE_RUN, (run) => (/[^ ]/.test(run) ? " " : run))
    .trim();
}
