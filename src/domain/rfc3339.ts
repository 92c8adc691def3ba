import * as v from "valibot";

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Parses an RFC 3339 date-time to epoch milliseconds; null for anything out of range (Feb 30, 25:61, +99:00). */
export function parseRfc3339(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // Leap seconds (:60) are allowed by RFC 3339; JavaScript has none, so they fold into the next second.
  if (hour > 23 || minute > 59 || second > 60) return null;
  let offsetMinutes = 0;
  if (m[9]) {
    const offHours = Number(m[10]);
    const offMinutes = Number(m[11]);
    if (offHours > 23 || offMinutes > 59) return null;
    offsetMinutes = (m[9] === "-" ? -1 : 1) * (offHours * 60 + offMinutes);
  }
  const utc = utcMs(year, month - 1, day, hour, minute, second, fraction) - offsetMinutes * 60_000;
  // An offset can push 9999-12-31 or 0000-01-01 outside the years RFC 3339 can write back.
  return utc >= EARLIEST_MS && utc <= LATEST_MS ? utc : null;
}

/** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the instants a four-digit year can name. */
const EARLIEST_MS = utcMs(0, 0, 1, 0, 0, 0, 0);
const LATEST_MS = utcMs(10_000, 0, 1, 0, 0, 0, 0) - 1;

/** Date.UTC, but without its habit of reading years 0-99 as 1900-1999; overflow (a :60 second) carries. */
function utcMs(
  year: number,
  monthIndex: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime();
}

function daysInMonth(year: number, month: number): number {
  const firstOfNext = new Date(utcMs(year, month, 1, 0, 0, 0, 0));
  return new Date(firstOfNext.getTime() - 86_400_000).getUTCDate();
}

/** Formats epoch milliseconds as RFC 3339 UTC, without fractional seconds when there are none. */
export function formatRfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

const RFC3339_MESSAGE = "Must be an RFC 3339 date-time such as 2015-01-12T15:30:00Z.";

/**
 * An RFC 3339 date-time with an offset, e.g. 2015-01-12T15:30:00Z, read into epoch milliseconds: one parse
 * both checks and converts it. The reading carries its message, as valibot's checks do, so that validation
 * sentences and the API docs can say what the value must be.
 */
export const Rfc3339 = v.pipe(
  v.string(),
  {
    ...v.rawTransform<string, number>(({ dataset, addIssue, NEVER }) => {
      const ms = parseRfc3339(dataset.value);
      if (ms === null) {
        addIssue({ message: RFC3339_MESSAGE });
        return NEVER;
      }
      return ms;
    }),
    message: RFC3339_MESSAGE,
  },
  v.description("RFC 3339 date-time, e.g. 2015-01-12T15:30:00Z."),
);
