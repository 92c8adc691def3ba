-- The console (issue #13). A session is a random id in the browser's cookie; Ferry stores only its SHA-256 with
-- the token it was signed in with. `token_hash` is the token's hash at sign-in: every request joins the session to
-- its token and requires that hash, so rotating the token (a new hash) or revoking it ends its sessions at once.
CREATE TABLE console_sessions (
  id            INTEGER PRIMARY KEY,
  session_hash  TEXT    NOT NULL UNIQUE,                    -- hex SHA-256 of the session id; the id is never stored
  token_id      INTEGER NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
  token_hash    TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,                           -- idle expiry (12 h) counts from here
  expires_at    INTEGER NOT NULL                            -- created_at + 7 days, never extended
);

-- Signing in trims a token's oldest sessions; the cron purges idle and expired ones, each through its own index.
CREATE INDEX console_sessions_token_id_idx ON console_sessions (token_id, id);
CREATE INDEX console_sessions_last_seen_at_idx ON console_sessions (last_seen_at);
CREATE INDEX console_sessions_expires_at_idx ON console_sessions (expires_at);

-- The console lists a feed's articles newest first with the deleted ones marked; the API's index holds live ones only.
CREATE INDEX articles_feed_id_all_idx ON articles (feed_id, id DESC);
