import { decodeCursor, encodeCursor } from "./cursor";

/** Position in a feed's timeline: articles strictly older than this come next. */
export interface TimelinePosition {
  datePublished: number;
  rowId: number;
}

/** The opaque `?before=` value for the page that starts after this article. */
export function encodeTimelineCursor(position: TimelinePosition): string {
  return encodeCursor([position.datePublished, position.rowId]);
}

/** The position a `?before=` value names, or null when Ferry did not write it. */
export function decodeTimelineCursor(cursor: string): TimelinePosition | null {
  const parts = decodeCursor(cursor, 2);
  if (!parts) return null;
  const [datePublished, rowId] = parts as [number, number];
  return { datePublished, rowId };
}
