/** A time as editors read it in the console: to the minute, in UTC, said so. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The RFC 3339 form of a time, for `<time datetime>`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** A count the database stopped at `cap`: "10 000+" rather than a number that looks exact. */
export function formatCount(count: number, cap: number): string {
  const text = count.toLocaleString("en-US").replace(/,/g, " ");
  return count >= cap ? `${text}+` : text;
}
