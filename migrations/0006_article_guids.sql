-- The GUID an imported article had where it came from (RSS guid, Atom id, JSON Feed id), kept verbatim so feed
-- readers that already saw it never see it twice. Articles created through the API keep NULL: their UUID is
-- their GUID. The unique index makes re-importing the same item a no-op, even from two imports at once.
ALTER TABLE articles ADD COLUMN guid TEXT;
CREATE UNIQUE INDEX articles_feed_guid_idx ON articles (feed_id, guid) WHERE guid IS NOT NULL;
