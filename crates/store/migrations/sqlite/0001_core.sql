-- The core schema: units, bodies, people, programmes, targets, meetings, news, and the change log.
CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_id BIGINT REFERENCES units(id),
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    successor_id BIGINT REFERENCES units(id)
);

CREATE TABLE bodies (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    parent_body_id BIGINT REFERENCES bodies(id),
    position BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX bodies_unit ON bodies(unit_id, position);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    full_name TEXT NOT NULL
);

CREATE TABLE terms (
    id INTEGER PRIMARY KEY,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    name TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT
);

CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    title TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    post_id BIGINT NOT NULL REFERENCES posts(id),
    term_id BIGINT REFERENCES terms(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT
);

CREATE TABLE programmes (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    signed_on TEXT,
    reviewed_on TEXT,
    review_summary TEXT,
    UNIQUE (unit_id, year)
);

CREATE TABLE programme_parties (
    programme_id BIGINT NOT NULL REFERENCES programmes(id),
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    position BIGINT NOT NULL,
    PRIMARY KEY (programme_id, body_id)
);

CREATE TABLE programme_items (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes(id),
    position BIGINT NOT NULL,
    content TEXT NOT NULL,
    lead_body_id BIGINT NOT NULL REFERENCES bodies(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX programme_items_programme ON programme_items(programme_id, position);

CREATE TABLE item_partners (
    item_id BIGINT NOT NULL REFERENCES programme_items(id),
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    PRIMARY KEY (item_id, body_id)
);

CREATE TABLE progress_notes (
    id INTEGER PRIMARY KEY,
    item_id BIGINT NOT NULL REFERENCES programme_items(id),
    noted_on TEXT NOT NULL,
    text TEXT NOT NULL
);

CREATE TABLE targets (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes(id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    measure TEXT NOT NULL,
    direction TEXT NOT NULL,
    plan TEXT NOT NULL,
    actual TEXT,
    reporting_body_id BIGINT REFERENCES bodies(id),
    illustrative BIGINT NOT NULL DEFAULT 0,
    note TEXT
);
CREATE INDEX targets_programme ON targets(programme_id, position);

CREATE TABLE budget_lines (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes(id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    estimate TEXT NOT NULL,
    actual TEXT,
    illustrative BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT,
    venue TEXT NOT NULL,
    programme_id BIGINT REFERENCES programmes(id)
);

CREATE TABLE meeting_attendees (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    position BIGINT NOT NULL,
    person_id BIGINT REFERENCES people(id),
    name TEXT NOT NULL,
    capacity TEXT,
    PRIMARY KEY (meeting_id, position)
);

CREATE TABLE categories (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body_html TEXT NOT NULL,
    byline TEXT NOT NULL,
    published_at BIGINT,
    illustrative BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX articles_published ON articles(published_at);

CREATE TABLE article_categories (
    article_id BIGINT NOT NULL REFERENCES articles(id),
    category_id BIGINT NOT NULL REFERENCES categories(id),
    PRIMARY KEY (article_id, category_id)
);
CREATE INDEX article_categories_category ON article_categories(category_id);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The spine: one row per change of any record, hash-chained, never updated or deleted.
CREATE TABLE change_log (
    seq BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX change_log_entity ON change_log(entity, entity_id);

-- The head of the chain; every write transaction updates it first, which serialises writers.
CREATE TABLE chain_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
