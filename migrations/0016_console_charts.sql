-- The console's webhook charts and WebSub screen (issue #13).

-- An endpoint's deliveries changed since a time, newest change first. Recording an attempt changes its delivery
-- at or after the attempt started, so these hold every delivery with an attempt in a chart's window.
CREATE INDEX deliveries_endpoint_id_updated_at_idx ON deliveries (endpoint_id, updated_at);

-- A feed's WebSub subscribers a page at a time, newest first.
CREATE INDEX websub_subscriptions_feed_id_id_idx ON websub_subscriptions (feed_id, id);
