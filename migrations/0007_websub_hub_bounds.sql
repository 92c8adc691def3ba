-- Bounds on the public WebSub hub: what one anonymous request can make Ferry write and send.

-- When each topic's document was last pushed to its subscribers (by an article event's fan-out or by a
-- publish ping). A ping for a topic whose feed has not changed since then pushes nothing.
CREATE TABLE websub_topic_pushes (
  topic_url  TEXT    PRIMARY KEY,
  feed_id    INTEGER NOT NULL REFERENCES feeds (id),
  pushed_at  INTEGER NOT NULL
);

-- Who asked for an intent, so pending verifications can be capped per callback host and per client address.
ALTER TABLE websub_intents ADD COLUMN callback_host TEXT;
ALTER TABLE websub_intents ADD COLUMN client_address TEXT;

-- At most one pending verification per (topic, callback, mode): a repeated request queues nothing more.
-- Duplicates made before this migration keep only their newest; the older ones are settled as failed.
UPDATE websub_intents SET status = 'failed', last_error = 'superseded by a newer request'
  WHERE status = 'pending' AND id NOT IN (
    SELECT max(id) FROM websub_intents WHERE status = 'pending' GROUP BY topic_url, callback_url, mode);
CREATE UNIQUE INDEX websub_intents_pending_key_idx ON websub_intents (topic_url, callback_url, mode)
  WHERE status = 'pending';
CREATE INDEX websub_intents_pending_host_idx ON websub_intents (callback_host) WHERE status = 'pending';
CREATE INDEX websub_intents_pending_client_idx ON websub_intents (client_address) WHERE status = 'pending';
