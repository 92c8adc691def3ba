-- Ferry's own WebSub hub (W3C WebSub): subscriptions to any of its feed URLs, verified by intent.

CREATE TABLE websub_subscriptions (
  id             INTEGER PRIMARY KEY,
  public_id      TEXT    NOT NULL UNIQUE,                   -- sub_…
  feed_id        INTEGER NOT NULL REFERENCES feeds (id),
  topic_url      TEXT    NOT NULL,                          -- canonical absolute URL of the feed document
  topic_format   TEXT    NOT NULL CHECK (topic_format IN ('rss', 'atom', 'json')),
  filter_kind    TEXT    CHECK (filter_kind IN ('tag', 'author')),
  filter_key     TEXT,                                      -- term key of a tag or author feed
  callback_url   TEXT    NOT NULL,
  secret         TEXT,                                      -- hub.secret: signs X-Hub-Signature when given
  lease_seconds  INTEGER NOT NULL,
  expires_at     INTEGER NOT NULL,
  state          TEXT    NOT NULL CHECK (state IN ('active', 'unsubscribed', 'gone', 'expired')),
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  UNIQUE (topic_url, callback_url)
);

CREATE INDEX websub_subscriptions_feed_idx ON websub_subscriptions (feed_id, state, expires_at);
CREATE INDEX websub_subscriptions_expiry_idx ON websub_subscriptions (expires_at) WHERE state = 'active';

-- A subscribe or unsubscribe request waiting for the subscriber to confirm its intent.
CREATE TABLE websub_intents (
  id             INTEGER PRIMARY KEY,
  mode           TEXT    NOT NULL CHECK (mode IN ('subscribe', 'unsubscribe')),
  feed_id        INTEGER NOT NULL REFERENCES feeds (id),
  topic_url      TEXT    NOT NULL,
  topic_format   TEXT    NOT NULL CHECK (topic_format IN ('rss', 'atom', 'json')),
  filter_kind    TEXT    CHECK (filter_kind IN ('tag', 'author')),
  filter_key     TEXT,
  callback_url   TEXT    NOT NULL,
  secret         TEXT,
  lease_seconds  INTEGER NOT NULL,
  status         TEXT    NOT NULL CHECK (status IN ('pending', 'verified', 'failed', 'denied')),
  attempts       INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);

CREATE INDEX websub_intents_pending_idx ON websub_intents (created_at) WHERE status = 'pending';
