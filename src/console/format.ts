/** A time as editors read it in the console: to the minute, in UTC, said so. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A time to the second, in UTC, for logs where seconds matter. */
export function formatUtcSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
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

/** A duration as people read it: "85 ms", "1.2 s", "15 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
}
