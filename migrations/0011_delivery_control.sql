-- Delivery control per webhook endpoint (issue #12): rate-limit slots, strict FIFO order, circuit breaker.
-- Claims are made on these rows in D1, beside the delivery log and its leases, rather than in a Durable Object.

-- GCRA: the earliest time (ms) the endpoint's next attempt may start; each claim of k slots moves it forward.
ALTER TABLE webhook_endpoints ADD COLUMN rate_next_slot_at INTEGER;

-- Circuit breaker: consecutive failed attempts, and while open, when it opened and when a probe may go.
ALTER TABLE webhook_endpoints ADD COLUMN circuit_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE webhook_endpoints ADD COLUMN circuit_opened_at INTEGER;        -- NULL = closed
ALTER TABLE webhook_endpoints ADD COLUMN circuit_retry_at INTEGER;         -- end of the cool-down
ALTER TABLE webhook_endpoints ADD COLUMN circuit_cooldown_ms INTEGER;      -- doubled by each failed probe
ALTER TABLE webhook_endpoints ADD COLUMN circuit_probe_until INTEGER;      -- the one probe in flight holds it until then

-- A FIFO endpoint's head: its oldest pending delivery in event order.
CREATE INDEX deliveries_endpoint_pending_idx ON deliveries (endpoint_id, event_id) WHERE status = 'pending';
-- Attempts in flight (or crashed with their lease not yet lapsed): a FIFO claim waits while one exists.
CREATE INDEX deliveries_endpoint_leased_idx ON deliveries (endpoint_id, lease_until)
  WHERE status = 'pending' AND lease_until IS NOT NULL;
-- Events of a feed still waiting for their fan-out: a FIFO head waits behind an older one.
CREATE INDEX events_feed_unfanned_idx ON events (feed_id, id) WHERE fanned_out_at IS NULL;
