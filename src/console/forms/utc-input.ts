/** What a `datetime-local` control sends: a date and a time to the minute or second, no zone. */
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(?:\.\d{1,3})?)?$/;

/** A time for a `datetime-local` control, in UTC, to the second. */
export function toUtcInput(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * The RFC 3339 time a `datetime-local` value stands for: the console labels the control UTC. Anything else is passed
 * on as typed, for validation to explain.
 */
export function fromUtcInput(value: string): string {
  const match = value.length <= 32 ? LOCAL_DATE_TIME.exec(value) : null;
  if (!match) return value;
  return `${match[1]}T${match[2]}${match[3] ?? ":00"}Z`;
}
