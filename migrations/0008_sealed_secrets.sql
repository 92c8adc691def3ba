-- Secrets at rest: webhook signing secrets, WebSub hub.secret values and the Idempotency-Key records of
-- answers that carry a secret are stored sealed, `enc:v1:<key id>:<iv>:<ciphertext>` (src/domain/secret-box.ts).
-- The cron re-encrypts every value still in clear or under SECRETS_KEY_PREVIOUS, and /healthz counts them.
-- These indexes cover each value's first 16 characters, `enc:v1:<key id>:`, so both read only the rows still
-- to do rather than scanning the tables every minute. The expression must stay exactly as the queries write it.

CREATE INDEX webhook_endpoints_secret_header_idx ON webhook_endpoints (substr(secret, 1, 16));
CREATE INDEX webhook_endpoints_previous_secret_header_idx ON webhook_endpoints (substr(previous_secret, 1, 16));
CREATE INDEX websub_subscriptions_secret_header_idx ON websub_subscriptions (substr(secret, 1, 16));
CREATE INDEX websub_intents_secret_header_idx ON websub_intents (substr(secret, 1, 16));
CREATE INDEX idempotency_keys_response_body_header_idx ON idempotency_keys (substr(response_body, 1, 16));

-- Replays of webhook creations recorded before this migration kept the whsec_ secret in clear: they go on
-- replaying the endpoint, without its secret (as token creations do).
UPDATE idempotency_keys SET response_body = json_remove(response_body, '$.secret')
  WHERE CASE WHEN json_valid(response_body) THEN json_extract(response_body, '$.secret') END GLOB 'whsec_*';

-- A settled intent no longer needs the secret its subscription was given.
UPDATE websub_intents SET secret = NULL WHERE status != 'pending';
