-- Withdrawing (gỡ bỏ) an article, a person, a response to a recommendation or a progress note
-- (and, next, an attached document): the row stays, marked, so that the unit's administrator can restore it; every
-- read leaves marked rows out. The list of what was withdrawn names each record as its staff knew
-- it, and says whether the public could read it (then its public history says it was withdrawn,
-- and nothing of what it said).
ALTER TABLE articles ADD COLUMN withdrawn_at BIGINT;
ALTER TABLE people ADD COLUMN withdrawn_at BIGINT;
ALTER TABLE attachments ADD COLUMN withdrawn_at BIGINT;
ALTER TABLE recommendation_responses ADD COLUMN withdrawn_at BIGINT;
ALTER TABLE progress_notes ADD COLUMN withdrawn_at BIGINT;

CREATE TABLE withdrawals (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    -- article, person, response, progress_note
    kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    -- The record whose page it was on and whose history records it (the recommendation of a
    -- response, the item of a note); the record itself otherwise.
    parent_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    was_public BIGINT NOT NULL,
    withdrawn_at BIGINT NOT NULL,
    withdrawn_by TEXT NOT NULL,
    UNIQUE (kind, record_id)
);
CREATE INDEX withdrawals_unit ON withdrawals (unit_id, withdrawn_at);
