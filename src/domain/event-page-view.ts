import * as v from "valibot";
import { ArticleDeletedEvent, ArticlePublishedEvent, ArticleUpdatedEvent } from "./event-catalogue";
import { encodeEventCursor } from "./event-selection";
import type { EventPage, StreamEvent } from "./event-window";
import { ARTICLE_EVENT_TYPES } from "./events";
import { formatRfc3339 } from "./rfc3339";

/** One event of a feed's event stream, as `GET /v1/feeds/{feed}/events` answers it. */
export const StreamEventOutput = v.object({
  id: v.pipe(v.string(), v.description("msg_…: the `webhook-id` of every delivery of this event.")),
  type: v.picklist(ARTICLE_EVENT_TYPES),
  created_at: v.pipe(
    v.string(),
    v.isoTimestamp(),
    v.description("When the event was recorded (RFC 3339, UTC)."),
  ),
  payload: v.pipe(
    v.union([ArticlePublishedEvent, ArticleUpdatedEvent, ArticleDeletedEvent]),
    v.description("Exactly the body webhook endpoints receive for this event."),
  ),
});

/** One page of a feed's event stream. */
export const EventStreamPage = v.object({
  items: v.pipe(v.array(StreamEventOutput), v.description("Oldest first; each event appears once.")),
  next_cursor: v.pipe(
    v.string(),
    v.description(
      "Store it and pass it as `after` next time: that call answers every later event, each once. Always present.",
    ),
  ),
  done: v.pipe(
    v.boolean(),
    v.description(
      "True when no further event exists right now; false means call again at once with `next_cursor`.",
    ),
  ),
});

/**
 * The JSON body of a page. Each stored payload is spliced in as it is, not parsed and re-serialised, so a
 * poller reads the very bytes a webhook delivery carries (and a page of large articles costs no re-encoding).
 */
export function renderEventStreamPage(events: readonly StreamEvent[], page: EventPage): string {
  const items = events.map(
    (event) =>
      `{"id":${JSON.stringify(event.publicId)},"type":${JSON.stringify(event.type)},` +
      `"created_at":${JSON.stringify(formatRfc3339(event.createdAt))},"payload":${event.payload}}`,
  );
  const cursor = JSON.stringify(encodeEventCursor(page.next));
  return `{"items":[${items.join(",")}],"next_cursor":${cursor},"done":${!page.more}}`;
}
