import { parseRfc3339 } from "../domain/rfc3339";

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const FULL_MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/**
 * Zone names seen in real feeds, as minutes east of UTC: RFC 822's own (UT, GMT, EST …) and the common
 * unambiguous ones. IST (India, Ireland or Israel) and other ambiguous names are deliberately missing.
 */
const ZONE_OFFSET_MINUTES: Readonly<Record<string, number>> = {
  Z: 0,
  UT: 0,
  UTC: 0,
  GMT: 0,
  WET: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  BST: 60,
  CET: 60,
  WEST: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  SGT: 480,
  HKT: 480,
  AWST: 480,
  JST: 540,
  KST: 540,
  ACST: 570,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
};

/** Longer than any date a feed writes, comment included; anything longer is refused before it is read. */
export const MAX_DATE_LENGTH = 200;

// [weekday,] day month year [hour:minute[:second]] [zone], tolerating single digits, full names and
// missing parts: "Mon, 5 Jan 2015 9:30 EST", "05 January 2015 09:30:00 +0000", "Tue, 06 Jan 15".
const RFC_822 =
  /^(?:[a-z]{2,9}\.?,?\s*)?(\d{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?)?\s*([a-z]{1,5}|[+-]\d{2}(?::?\d{2})?)?$/i;

// ISO 8601 as feeds actually write it: missing seconds or zone, a space for T, offsets without a colon.
const LOOSE_ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t\s]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads a feed's date: RFC 3339 (Atom, JSON Feed), RFC 822 (RSS) and their common messy variants. A date
 * without a zone is taken as UTC. Returns epoch milliseconds, or null for anything it cannot read with
 * certainty (an unknown zone name, February 30) — a guessed date would misplace the article silently.
 */
export function parseFeedDate(raw: string): number | null {
  if (raw.length > MAX_DATE_LENGTH) return null;
  const text = withoutTrailingComment(raw).replace(/\s+/g, " ").trim();
  return parseRfc3339(text) ?? parseLooseIso(text) ?? parseRfc822(text);
}

/**
 * Some feeds add the zone's name as a comment: "+0000 (UTC)". Found by searching back from the end, not
 * by a pattern tried at every position, which is quadratic on a run of spaces or "(".
 */
function withoutTrailingComment(text: string): string {
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith(")")) return text;
  const open = trimmed.indexOf("(", trimmed.lastIndexOf(")", trimmed.length - 2) + 1);
  return open < 0 ? text : trimmed.slice(0, open);
}

function parseLooseIso(text: string): number | null {
  const m = LOOSE_ISO.exec(text);
  if (!m) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  const millis = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  return toEpoch(
    [
      Number(year),
      Number(month),
      Number(day),
      Number(hour ?? 0),
      Number(minute ?? 0),
      Number(second ?? 0),
      millis,
    ],
    zone,
  );
}

function parseRfc822(text: string): number | null {
  const m = RFC_822.exec(text);
  if (!m) return null;
  const [, day, monthName, yearText, hour, minute, second, zone] = m;
  const month = monthNumber(monthName as string);
  if (month === null) return null;
  let year = Number(yearText);
  // RFC 2822 §4.3: two-digit years below 50 are 20xx, the others 19xx.
  if ((yearText as string).length === 2) year += year < 50 ? 2000 : 1900;
  const seconds = Number(second ?? 0);
  const whole = Math.floor(seconds);
  return toEpoch(
    [
      year,
      month,
      Number(day),
      Number(hour ?? 0),
      Number(minute ?? 0),
      whole,
      Math.round((seconds - whole) * 1000),
    ],
    zone,
  );
}

function monthNumber(name: string): number | null {
  const lower = name.toLowerCase();
  if (lower === "sept") return 9;
  // The three-letter abbreviation or the full name; "Janu" or "Marchy" are not months.
  const index = MONTHS.findIndex((abbreviation, i) => lower === abbreviation || lower === FULL_MONTHS[i]);
  return index < 0 ? null : index + 1;
}

type DateParts = [
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
];

function toEpoch(
  [year, month, day, hour, minute, second, ms]: DateParts,
  zone: string | undefined,
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  const offset = zoneOffsetMinutes(zone);
  if (offset === null) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000;
  return Number.isFinite(utc) ? utc : null;
}

function zoneOffsetMinutes(zone: string | undefined): number | null {
  if (zone === undefined) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const hours = Number(numeric[2]);
    const minutes = Number(numeric[3] ?? 0);
    if (hours > 23 || minutes > 59) return null;
    return (numeric[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
  }
  return ZONE_OFFSET_MINUTES[zone.toUpperCase()] ?? null;
}
