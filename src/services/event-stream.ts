import { readEventPayloads, readEventWindow } from "../db/event-stream";
import type { EventSelection } from "../domain/event-selection";
import { cutEventPage, type EventPage, type ScanDirection, type StreamEvent } from "../domain/event-window";

/** One page of a feed's event stream, its bodies not yet read (enough to name it, e.g. by an ETag). */
export async function findEventPage(
  db: D1Database,
  feedRowId: number,
  direction: ScanDirection,
  from: number,
  selection: EventSelection,
): Promise<EventPage> {
  const window = await readEventWindow(db, feedRowId, direction, from, selection);
  return cutEventPage(direction, from, selection.limit, window);
}

/**
 * The page's events with their bodies, in page order. An event the retention purge removed since the page
 * was found is left out: it was past its retention anyway, and the cursor has already moved past it.
 */
export async function readPageEvents(db: D1Database, page: EventPage): Promise<StreamEvent[]> {
  const payloads = await readEventPayloads(
    db,
    page.items.map((item) => item.rowId),
  );
  return page.items.flatMap((item) => {
    const payload = payloads.get(item.rowId);
    return payload === undefined
      ? []
      : [{ publicId: item.publicId, type: item.type, createdAt: item.createdAt, payload }];
  });
}
