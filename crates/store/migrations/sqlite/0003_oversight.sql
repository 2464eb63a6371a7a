-- Oversight activities and the follow-up of their recommendations; meeting agendas, minutes and
-- documents; the e-mail addresses of bodies and the reminder digests sent to them.
CREATE TABLE oversights (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    conducted_by BIGINT NOT NULL REFERENCES bodies(id),
    other_subjects TEXT,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    findings TEXT,
    public BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE oversight_subjects (
    oversight_id BIGINT NOT NULL REFERENCES oversights(id),
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    PRIMARY KEY (oversight_id, body_id)
);

CREATE TABLE oversight_team (
    oversight_id BIGINT NOT NULL REFERENCES oversights(id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (oversight_id, position)
);

CREATE TABLE oversight_documents (
    oversight_id BIGINT NOT NULL REFERENCES oversights(id),
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    PRIMARY KEY (oversight_id, position)
);

CREATE TABLE oversight_items (
    oversight_id BIGINT NOT NULL REFERENCES oversights(id),
    item_id BIGINT NOT NULL REFERENCES programme_items(id),
    PRIMARY KEY (oversight_id, item_id)
);

CREATE TABLE recommendations (
    id INTEGER PRIMARY KEY,
    oversight_id BIGINT NOT NULL REFERENCES oversights(id),
    content TEXT NOT NULL,
    responsible_body_id BIGINT NOT NULL REFERENCES bodies(id),
    deadline TEXT,
    status TEXT NOT NULL,
    public BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX recommendations_body ON recommendations(responsible_body_id, status);

CREATE TABLE recommendation_responses (
    id INTEGER PRIMARY KEY,
    recommendation_id BIGINT NOT NULL REFERENCES recommendations(id),
    responded_on TEXT NOT NULL,
    from_body_id BIGINT REFERENCES bodies(id),
    text TEXT NOT NULL,
    closes BIGINT NOT NULL DEFAULT 0
);

ALTER TABLE meetings ADD COLUMN minutes TEXT;
ALTER TABLE meetings ADD COLUMN minutes_published BIGINT NOT NULL DEFAULT 0;
ALTER TABLE meetings ADD COLUMN public BIGINT NOT NULL DEFAULT 1;

CREATE TABLE meeting_agenda (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    position BIGINT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
);

CREATE TABLE meeting_documents (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    position BIGINT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    PRIMARY KEY (meeting_id, position)
);

ALTER TABLE bodies ADD COLUMN email TEXT;

-- One digest per body per day, whichever node sends it first.
CREATE TABLE reminder_digests (
    id INTEGER PRIMARY KEY,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    day TEXT NOT NULL,
    recipient TEXT,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    delivered BIGINT NOT NULL DEFAULT 0,
    UNIQUE (body_id, day)
);
