-- Ferry's core tables. Timestamps are integer epoch milliseconds throughout.

CREATE TABLE feeds (
  id                  INTEGER PRIMARY KEY,
  public_id           TEXT    NOT NULL UNIQUE,          -- UUID; the feed's stable Atom id (urn:uuid:…)
  slug                TEXT    NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 64 AND slug NOT GLOB '*[^a-z0-9-]*'),
  title               TEXT    NOT NULL,
  description         TEXT,
  home_page_url       TEXT,
  language            TEXT,
  default_author_json TEXT,                             -- JSON Feed author object or NULL
  icon_url            TEXT,
  item_limit          INTEGER NOT NULL DEFAULT 20 CHECK (item_limit BETWEEN 1 AND 100),
  content_changed_at  INTEGER NOT NULL,                 -- bumped by every article write: the feed's "updated"
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);

CREATE TABLE articles (
  id                INTEGER PRIMARY KEY,
  public_id         TEXT    NOT NULL UNIQUE,            -- UUID; the GUID in every feed, never changes
  feed_id           INTEGER NOT NULL REFERENCES feeds (id),
  title             TEXT    NOT NULL,
  summary           TEXT,
  content_html      TEXT,
  content_text      TEXT,
  url               TEXT,
  external_url      TEXT,
  image             TEXT,
  banner_image      TEXT,
  authors_json      TEXT    NOT NULL DEFAULT '[]',
  tags_json         TEXT    NOT NULL DEFAULT '[]',
  attachments_json  TEXT    NOT NULL DEFAULT '[]',
  language          TEXT,
  date_published    INTEGER NOT NULL,
  date_modified     INTEGER,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  deleted_at        INTEGER                              -- tombstone: NULL while the article is live
);

-- Public feeds: newest live articles of one feed, paged by (date_published, id).
CREATE INDEX articles_feed_published_idx ON articles (feed_id, date_published DESC, id DESC) WHERE deleted_at IS NULL;
-- Publisher API listing: newest created first, paged by id.
CREATE INDEX articles_feed_id_idx ON articles (feed_id, id DESC) WHERE deleted_at IS NULL;

CREATE TABLE api_tokens (
  id            INTEGER PRIMARY KEY,
  public_id     TEXT    NOT NULL UNIQUE,
  token_hash    TEXT    NOT NULL UNIQUE,                 -- hex SHA-256 of the token; the token itself is never stored
  label         TEXT    NOT NULL,
  role          TEXT    NOT NULL CHECK (role IN ('read', 'write', 'admin')),
  all_feeds     INTEGER NOT NULL DEFAULT 0 CHECK (all_feeds IN (0, 1)),
  created_at    INTEGER NOT NULL,
  last_used_at  INTEGER,
  expires_at    INTEGER,
  revoked_at    INTEGER
);

CREATE TABLE api_token_feeds (
  token_id  INTEGER NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
  feed_id   INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
  PRIMARY KEY (token_id, feed_id)
) WITHOUT ROWID;

CREATE TABLE idempotency_keys (
  token_id         INTEGER NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
  idempotency_key  TEXT    NOT NULL,
  request_hash     TEXT    NOT NULL,                     -- SHA-256 of method, path and body
  response_status  INTEGER NOT NULL,
  response_headers TEXT    NOT NULL,                     -- JSON object
  response_body    TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  PRIMARY KEY (token_id, idempotency_key)
) WITHOUT ROWID;

CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
