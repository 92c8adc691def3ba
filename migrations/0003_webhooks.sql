-- Subscriber webhooks: endpoints, the event outbox, one delivery per (event, endpoint), and every attempt.

CREATE TABLE webhook_endpoints (
  id                          INTEGER PRIMARY KEY,
  public_id                   TEXT    NOT NULL UNIQUE,      -- ep_…
  feed_id                     INTEGER NOT NULL REFERENCES feeds (id),
  url                         TEXT    NOT NULL,
  description                 TEXT,
  event_types_json            TEXT,                         -- JSON array of event types; NULL = every type
  secret                      TEXT    NOT NULL,             -- whsec_…: needed in clear to sign
  previous_secret             TEXT,                         -- still signs beside the new one until it expires
  previous_secret_expires_at  INTEGER,
  paused                      INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  disabled_at                 INTEGER,                      -- set by Ferry: 410 Gone, or failing for 5 days
  disabled_reason             TEXT,
  first_failure_at            INTEGER,                      -- start of the current run of failures
  created_at                  INTEGER NOT NULL,
  updated_at                  INTEGER NOT NULL,
  deleted_at                  INTEGER
);

CREATE INDEX webhook_endpoints_feed_id_idx ON webhook_endpoints (feed_id) WHERE deleted_at IS NULL;

-- The transactional outbox: written in the same D1 batch as the change it announces.
CREATE TABLE events (
  id                  INTEGER PRIMARY KEY,
  public_id           TEXT    NOT NULL UNIQUE,              -- msg_…: the webhook-id, the same on every retry
  feed_id             INTEGER NOT NULL REFERENCES feeds (id),
  type                TEXT    NOT NULL CHECK (type IN ('article.published', 'article.updated', 'article.deleted', 'webhook.test', 'websub.publish')),
  article_public_id   TEXT,
  term_keys_json      TEXT,                                 -- {"tags": [...], "authors": [...]}: which tag/author feeds changed
  topic_url           TEXT,                                 -- only for websub.publish: the one topic to push
  target_endpoint_id  INTEGER REFERENCES webhook_endpoints (id), -- only for webhook.test: one endpoint
  payload             TEXT    NOT NULL,                     -- the exact body every subscriber receives
  created_at          INTEGER NOT NULL,
  fanned_out_at       INTEGER                               -- NULL until deliveries exist for it
);

-- An article is announced as published at most once, whether at once or when its date comes.
CREATE UNIQUE INDEX events_published_article_idx ON events (article_public_id) WHERE type = 'article.published';
CREATE INDEX events_fanout_pending_idx ON events (created_at) WHERE fanned_out_at IS NULL;
CREATE INDEX events_feed_created_idx ON events (feed_id, created_at);

-- One delivery of one event to one target: a webhook endpoint or a WebSub subscription (0004).
CREATE TABLE deliveries (
  id               INTEGER PRIMARY KEY,
  public_id        TEXT    NOT NULL UNIQUE,                 -- dlv_…
  event_id         INTEGER NOT NULL REFERENCES events (id),
  endpoint_id      INTEGER REFERENCES webhook_endpoints (id),
  subscription_id  INTEGER,                                 -- websub_subscriptions (id)
  status           TEXT    NOT NULL CHECK (status IN ('pending', 'succeeded', 'dead', 'cancelled')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  lease_until      INTEGER,                                 -- an attempt in flight holds the delivery until then
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  CHECK ((endpoint_id IS NULL) <> (subscription_id IS NULL)),
  UNIQUE (event_id, endpoint_id),
  UNIQUE (event_id, subscription_id)
);

CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_endpoint_idx ON deliveries (endpoint_id, id DESC);
CREATE INDEX deliveries_subscription_idx ON deliveries (subscription_id, id DESC);

CREATE TABLE delivery_attempts (
  id                INTEGER PRIMARY KEY,
  delivery_id       INTEGER NOT NULL REFERENCES deliveries (id),
  attempt           INTEGER NOT NULL,
  started_at        INTEGER NOT NULL,
  duration_ms       INTEGER NOT NULL,
  response_status   INTEGER,
  response_excerpt  TEXT,                                   -- first bytes of the body, for debugging
  error             TEXT,
  created_at        INTEGER NOT NULL
);

CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, attempt);
CREATE INDEX delivery_attempts_created_at_idx ON delivery_attempts (created_at);

-- Future-dated articles are announced by the cron when their time comes.
ALTER TABLE articles ADD COLUMN announced_at INTEGER;
UPDATE articles SET announced_at = created_at WHERE date_published <= created_at;
CREATE INDEX articles_unannounced_idx ON articles (date_published) WHERE announced_at IS NULL AND deleted_at IS NULL;
