-- Per-endpoint delivery options a subscriber chooses (issue: webhooks subscribers can shape).
--   ordering: 'unordered' (default: deliveries go out concurrently) or 'fifo' (one at a time, in event order).
--   rate_limit_per_second: NULL = as fast as Ferry sends; otherwise attempts to the endpoint never exceed it.
ALTER TABLE webhook_endpoints ADD COLUMN ordering TEXT NOT NULL DEFAULT 'unordered'
  CHECK (ordering IN ('unordered', 'fifo'));
ALTER TABLE webhook_endpoints ADD COLUMN rate_limit_per_second INTEGER
  CHECK (rate_limit_per_second IS NULL OR rate_limit_per_second BETWEEN 1 AND 1000);
