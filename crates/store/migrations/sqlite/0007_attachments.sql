-- Documents attached to articles, meetings and oversight activities (PDF, DOCX, XLSX). Like the
-- pictures they live in the database, so that every node serves them and every backup holds them;
-- each is read by whoever may read the record it is attached to.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    -- The record it belongs to, named as the change log names it: article, meeting, oversight.
    owner TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    hash TEXT NOT NULL,
    size BIGINT NOT NULL,
    bytes BLOB NOT NULL
);
CREATE INDEX attachments_owner ON attachments (owner, owner_id);
