-- Tags and authors of live articles, denormalised with the publication date so that per-tag and
-- per-author feeds are served from one index range scan, newest first.
CREATE TABLE article_terms (
  feed_id         INTEGER NOT NULL REFERENCES feeds (id),
  kind            TEXT    NOT NULL CHECK (kind IN ('tag', 'author')),
  term_key        TEXT    NOT NULL,                     -- lower-cased tag, or author name/email/url
  date_published  INTEGER NOT NULL,
  article_id      INTEGER NOT NULL REFERENCES articles (id),
  PRIMARY KEY (feed_id, kind, term_key, date_published, article_id)
) WITHOUT ROWID;

CREATE INDEX article_terms_article_id_idx ON article_terms (article_id);
