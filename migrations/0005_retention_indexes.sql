-- The cron's retention purge walks the oldest purgeable rows in order; these keep each run to an index range
-- instead of a scan of the largest tables. Published events are never purged (one per article, and their
-- unique index is what announces an article only once), so they stay out of the events index.

CREATE INDEX deliveries_updated_at_idx ON deliveries (updated_at) WHERE status != 'pending';
CREATE INDEX events_created_at_idx ON events (created_at) WHERE type != 'article.published';
