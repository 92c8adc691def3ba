-- Every feed an ActivityPub actor (issue #14): its key pair, the remote inboxes its activities go to, its
-- followers, and deliveries to those inboxes through the same outbox, queue, retries and delivery log as webhooks.

-- A feed's actor key pair, made the first time the actor is needed (INSERT OR IGNORE, then read back, so racing
-- requests agree on one pair). The private key is sealed like webhook secrets (enc:v1:…, purpose activitypub-key).
CREATE TABLE activitypub_keys (
  feed_id      INTEGER PRIMARY KEY REFERENCES feeds (id),
  public_key   TEXT    NOT NULL,                            -- SPKI PEM, published as the actor's publicKeyPem
  private_key  TEXT    NOT NULL,                            -- PKCS #8 PEM, sealed
  created_at   INTEGER NOT NULL
);

-- The cron's re-encryption after a key rotation reads only the rows still to do (see 0008).
CREATE INDEX activitypub_keys_private_key_header_idx ON activitypub_keys (substr(private_key, 1, 16));

-- The distinct inboxes a feed's activities are delivered to: a follower's shared inbox, else its own. One delivery
-- per inbox and event, however many followers share it. AUTOINCREMENT: an inbox whose last follower left is
-- deleted, and its id must never be handed to another inbox while old deliveries still name it.
CREATE TABLE activitypub_inboxes (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  feed_id     INTEGER NOT NULL REFERENCES feeds (id),
  url         TEXT    NOT NULL,
  origin      TEXT    NOT NULL,                             -- Ferry's origin as the followers addressed it
  created_at  INTEGER NOT NULL,
  UNIQUE (feed_id, url)
);

-- Who follows a feed. The actor's key is kept so that its Undo and Delete verify without a fetch (a deleted actor's
-- document is gone). The Accept is sent from the queue and retried like a delivery: accept_* is its state.
CREATE TABLE activitypub_followers (
  id                  INTEGER PRIMARY KEY,
  feed_id             INTEGER NOT NULL REFERENCES feeds (id),
  actor_id            TEXT    NOT NULL,
  host                TEXT    NOT NULL,                     -- the actor id's host: what the per-host cap counts
  inbox_url           TEXT    NOT NULL,
  shared_inbox_url    TEXT,
  -- Deferred: removing followers deletes the inboxes they leave empty in the same batch, inboxes first.
  delivery_inbox_id   INTEGER NOT NULL REFERENCES activitypub_inboxes (id) DEFERRABLE INITIALLY DEFERRED,
  key_id              TEXT    NOT NULL,
  public_key          TEXT    NOT NULL,                     -- SPKI PEM
  follow_activity_id  TEXT    NOT NULL,                     -- the Follow the Accept answers
  accept_status       TEXT    NOT NULL CHECK (accept_status IN ('pending', 'sent', 'dead')),
  accept_attempts     INTEGER NOT NULL DEFAULT 0,
  accept_next_at      INTEGER NOT NULL,
  accept_lease_until  INTEGER,
  accept_error        TEXT,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL,
  UNIQUE (feed_id, actor_id)
);

CREATE INDEX activitypub_followers_feed_id_host_idx ON activitypub_followers (feed_id, host);
CREATE INDEX activitypub_followers_delivery_inbox_id_idx ON activitypub_followers (delivery_inbox_id);
CREATE INDEX activitypub_followers_key_id_idx ON activitypub_followers (key_id);
CREATE INDEX activitypub_followers_actor_id_idx ON activitypub_followers (actor_id);
CREATE INDEX activitypub_followers_accept_next_at_idx ON activitypub_followers (accept_next_at)
  WHERE accept_status = 'pending';

-- Deliveries gain a third target, an inbox. SQLite cannot alter a CHECK, so the table is rebuilt inside the one
-- transaction D1 runs a migration in, where PRAGMA foreign_keys cannot be switched off. Foreign keys are checked at
-- commit (defer_foreign_keys), but SQLite counts a violation when it happens: dropping `deliveries` while attempts
-- still point at it would count one per attempt, and nothing afterwards uncounts them. So the attempts are set
-- aside first, both tables dropped (attempts, then deliveries), the new `deliveries` renamed into place, and the
-- attempts put back into a table made exactly as 0003 made it, ids kept. `inbox_id` has no foreign key, like
-- subscription_id: an inbox row goes when its last follower does, and its pending deliveries are cancelled.
PRAGMA defer_foreign_keys = true;

CREATE TABLE deliveries_rebuilt (
  id               INTEGER PRIMARY KEY,
  public_id        TEXT    NOT NULL UNIQUE,                 -- dlv_…
  event_id         INTEGER NOT NULL REFERENCES events (id),
  endpoint_id      INTEGER REFERENCES webhook_endpoints (id),
  subscription_id  INTEGER,                                 -- websub_subscriptions (id)
  inbox_id         INTEGER,                                 -- activitypub_inboxes (id)
  status           TEXT    NOT NULL CHECK (status IN ('pending', 'succeeded', 'dead', 'cancelled')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  lease_until      INTEGER,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  CHECK ((endpoint_id IS NOT NULL) + (subscription_id IS NOT NULL) + (inbox_id IS NOT NULL) = 1),
  UNIQUE (event_id, endpoint_id),
  UNIQUE (event_id, subscription_id),
  UNIQUE (event_id, inbox_id)
);

INSERT INTO deliveries_rebuilt (id, public_id, event_id, endpoint_id, subscription_id, status, attempts,
    next_attempt_at, lease_until, last_error, created_at, updated_at)
  SELECT id, public_id, event_id, endpoint_id, subscription_id, status, attempts, next_attempt_at, lease_until,
    last_error, created_at, updated_at
  FROM deliveries;

CREATE TABLE delivery_attempts_aside AS SELECT * FROM delivery_attempts;
DROP TABLE delivery_attempts;
DROP TABLE deliveries;
ALTER TABLE deliveries_rebuilt RENAME TO deliveries;

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

INSERT INTO delivery_attempts (id, delivery_id, attempt, started_at, duration_ms, response_status, response_excerpt,
    error, created_at)
  SELECT id, delivery_id, attempt, started_at, duration_ms, response_status, response_excerpt, error, created_at
  FROM delivery_attempts_aside;
DROP TABLE delivery_attempts_aside;

-- Every index the two tables had (0003, 0005, 0011), and one for an inbox's deliveries.
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_endpoint_idx ON deliveries (endpoint_id, id DESC);
CREATE INDEX deliveries_subscription_idx ON deliveries (subscription_id, id DESC);
CREATE INDEX deliveries_updated_at_idx ON deliveries (updated_at) WHERE status != 'pending';
CREATE INDEX deliveries_endpoint_pending_idx ON deliveries (endpoint_id, event_id) WHERE status = 'pending';
CREATE INDEX deliveries_endpoint_leased_idx ON deliveries (endpoint_id, lease_until)
  WHERE status = 'pending' AND lease_until IS NOT NULL;
CREATE INDEX deliveries_inbox_id_idx ON deliveries (inbox_id, id DESC);
CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, attempt);
CREATE INDEX delivery_attempts_created_at_idx ON delivery_attempts (created_at);
