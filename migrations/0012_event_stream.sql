-- Polling a feed's events (GET /v1/feeds/:feed/events and events.atom) walks one feed's outbox in row-id order,
-- from a cursor, a bounded number of rows at a time: an index range in either direction, never a scan or a sort.

CREATE INDEX events_feed_row_idx ON events (feed_id, id);
