/**
 * How one page of a feed's event stream is cut. A request examines at most EVENT_SCAN_ROWS rows of the
 * outbox (its window) whatever the filters, so a filter that matches little costs no more than one that
 * matches everything: the page holds the matches found, and its cursor moves past the last row examined.
 */

/** Most outbox rows one request examines. */
export const EVENT_SCAN_ROWS = 1_000;
/** Most bytes of event bodies one page carries; a page always carries at least one event. */
export const MAX_PAGE_PAYLOAD_BYTES = 4 * 1024 * 1024;

/** Which way a page walks the outbox: oldest first from `after`, or newest first from `before`. */
export type ScanDirection = "forward" | "backward";

/** One matching event as the window query finds it, its body not yet read. */
export interface EventMatch {
  rowId: number;
  publicId: string;
  type: string;
  createdAt: number;
  payloadBytes: number;
}

/** A page's event with its body: `payload` is the exact JSON text webhook deliveries of it carry. */
export interface StreamEvent {
  publicId: string;
  type: string;
  createdAt: number;
  payload: string;
}

/** What the window query saw, in scan order. */
export interface EventWindow {
  /** Up to `limit + 1` matches. */
  matches: EventMatch[];
  /** Row id of the window's last row when the window is full, else null (every remaining row was examined). */
  windowEdge: number | null;
  /** Row id of the feed's farthest event in the scan direction (newest forward, oldest backward), if any. */
  farthest: number | null;
}

/** One page: its events, where the next page starts, and whether any row lies beyond that. */
export interface EventPage {
  items: EventMatch[];
  /** Exclusive position to continue from: the next `after` (forward) or `before` (backward). */
  next: number;
  more: boolean;
}

/** Cuts a page out of a window read from `from` (exclusive) asking for `limit` events. */
export function cutEventPage(
  direction: ScanDirection,
  from: number,
  limit: number,
  window: EventWindow,
): EventPage {
  const page = pageOfWindow(direction, from, limit, window);
  return withinPayloadBudget(page);
}

function pageOfWindow(direction: ScanDirection, from: number, limit: number, window: EventWindow): EventPage {
  const { matches, windowEdge, farthest } = window;
  if (matches.length > limit) {
    const items = matches.slice(0, limit);
    return { items, next: (items.at(-1) as EventMatch).rowId, more: true };
  }
  if (windowEdge !== null) return { items: matches, next: windowEdge, more: windowEdge !== farthest };
  // Every remaining row was examined: continue from the farthest one, never back behind `from`.
  const next =
    farthest === null ? from : direction === "forward" ? Math.max(from, farthest) : Math.min(from, farthest);
  return { items: matches, next, more: false };
}

/** The longest prefix of the page whose bodies fit MAX_PAGE_PAYLOAD_BYTES (at least one event). */
function withinPayloadBudget(page: EventPage): EventPage {
  let bytes = 0;
  for (const [index, item] of page.items.entries()) {
    bytes += item.payloadBytes;
    if (bytes > MAX_PAGE_PAYLOAD_BYTES && index > 0) {
      const items = page.items.slice(0, index);
      return { items, next: (items.at(-1) as EventMatch).rowId, more: true };
    }
  }
  return page;
}
