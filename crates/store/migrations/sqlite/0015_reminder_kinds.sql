-- Reminders of more than one kind: the daily digest of recommendations due, and the province's
-- request to a commune to report its figures. Still one of each kind per body and day, whichever
-- node records it first. SQLite cannot change a table's constraint: the table is made again.
CREATE TABLE reminder_digests_by_kind (
    id INTEGER PRIMARY KEY,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    day TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'recommendations',
    recipient TEXT,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    delivered BIGINT NOT NULL DEFAULT 0,
    UNIQUE (body_id, day, kind)
);
INSERT INTO reminder_digests_by_kind (id, body_id, day, kind, recipient, subject, text, delivered)
    SELECT id, body_id, day, 'recommendations', recipient, subject, text, delivered
    FROM reminder_digests;
DROP TABLE reminder_digests;
ALTER TABLE reminder_digests_by_kind RENAME TO reminder_digests;
