-- Podcasts and excerpt feeds (issue #15). A feed's `content_mode` says whether items carry their body or only an
-- excerpt; `podcast_json` holds its podcast channel settings (NULL: not a podcast feed). An article's
-- `podcast_json` holds its episode details (episode, season, type, explicit, transcripts, chapters) or NULL.

ALTER TABLE feeds ADD COLUMN content_mode TEXT NOT NULL DEFAULT 'full' CHECK (content_mode IN ('full', 'excerpt'));
ALTER TABLE feeds ADD COLUMN podcast_json TEXT;
ALTER TABLE articles ADD COLUMN podcast_json TEXT;
