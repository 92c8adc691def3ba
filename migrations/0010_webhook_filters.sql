-- Webhook filters by tag and author (issue #12), and filters that change only for events created afterwards.
--
-- The endpoint row keeps its current settings, as the API shows them and PATCH merges into:
ALTER TABLE webhook_endpoints ADD COLUMN filter_tags_json TEXT;     -- JSON array of tag keys; NULL = any tag
ALTER TABLE webhook_endpoints ADD COLUMN filter_authors_json TEXT;  -- JSON array of author keys; NULL = any author

-- Every filter an endpoint has had, each in force from valid_from until the next one's valid_from: fan-out
-- and replay address an event with the version in force when the event was created, however late they run.
-- The first version has valid_from 0: which events come after the endpoint is webhook_endpoints.created_at's
-- to say, and this table only orders the changes.
CREATE TABLE webhook_endpoint_filters (
  id                INTEGER PRIMARY KEY,
  endpoint_id       INTEGER NOT NULL REFERENCES webhook_endpoints (id),
  valid_from        INTEGER NOT NULL,
  event_types_json  TEXT,                                   -- as webhook_endpoints.event_types_json
  tags_json         TEXT,                                   -- as webhook_endpoints.filter_tags_json
  authors_json      TEXT                                    -- as webhook_endpoints.filter_authors_json
);

CREATE INDEX webhook_endpoint_filters_endpoint_id_valid_from_idx ON webhook_endpoint_filters (endpoint_id, valid_from);

INSERT INTO webhook_endpoint_filters (endpoint_id, valid_from, event_types_json)
  SELECT id, 0, event_types_json FROM webhook_endpoints;
