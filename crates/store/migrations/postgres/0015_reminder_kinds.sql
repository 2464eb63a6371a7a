-- Reminders of more than one kind: the daily digest of recommendations due, and the province's
-- request to a commune to report its figures. Still one of each kind per body and day, whichever
-- node records it first.
ALTER TABLE reminder_digests ADD COLUMN kind TEXT NOT NULL DEFAULT 'recommendations';
ALTER TABLE reminder_digests DROP CONSTRAINT reminder_digests_body_id_day_key;
ALTER TABLE reminder_digests ADD CONSTRAINT reminder_digests_one_a_kind UNIQUE (body_id, day, kind);
