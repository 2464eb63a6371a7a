-- Photographs uploaded for the news. They live in the database, not on one node's disk, so that
-- every node serves them and every backup holds them; the change log names each by its hash.
CREATE TABLE images (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    hash TEXT NOT NULL,
    name TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    UNIQUE (unit_id, hash)
);
-- The sizes the portal serves, re-encoded without metadata.
CREATE TABLE image_renditions (
    image_id BIGINT NOT NULL REFERENCES images(id),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (image_id, width)
);
