-- Units as tenants: each unit has a slug (its address prefix) and may have a host name; units
-- succeed one another through merges and splits (several predecessors, several successors);
-- settings belong to a unit; news categories and article slugs are unique per unit; people
-- belong to a unit; accounts may be the installation's operator; every change-log entry may
-- name its unit.
--
-- Articles and categories are rebuilt to drop a UNIQUE constraint SQLite cannot drop in place,
-- with the table that links them: the new tables are filled first and the old ones dropped child
-- first, so no foreign key is ever broken, and renaming a new table carries the references to it.

ALTER TABLE units ADD COLUMN slug TEXT;
ALTER TABLE units ADD COLUMN host TEXT;
CREATE UNIQUE INDEX units_slug ON units(slug);
CREATE UNIQUE INDEX units_host ON units(host);

CREATE TABLE unit_successions (
    predecessor_id BIGINT NOT NULL REFERENCES units(id),
    successor_id BIGINT NOT NULL REFERENCES units(id),
    effective_on TEXT NOT NULL,
    PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX unit_successions_successor ON unit_successions(successor_id);
INSERT INTO unit_successions (predecessor_id, successor_id, effective_on)
    SELECT id, successor_id, COALESCE(date(valid_to, '+1 day'), valid_from)
    FROM units WHERE successor_id IS NOT NULL;

CREATE TABLE unit_settings (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (unit_id, key)
);
-- What was set for the one unit an installation served is that unit's.
UPDATE settings SET key = 'default_unit_id' WHERE key = 'portal_unit_id';
INSERT INTO unit_settings (unit_id, key, value)
    SELECT CAST(d.value AS INTEGER), s.key, s.value
    FROM settings s JOIN settings d ON d.key = 'default_unit_id'
    WHERE s.key <> 'default_unit_id';
DELETE FROM settings WHERE key <> 'default_unit_id';

CREATE TABLE categories_by_unit (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0,
    UNIQUE (unit_id, slug)
);
INSERT INTO categories_by_unit (id, unit_id, slug, name, position)
    SELECT c.id, CAST(d.value AS INTEGER), c.slug, c.name, c.position
    FROM categories c JOIN settings d ON d.key = 'default_unit_id';

CREATE TABLE articles_by_unit (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body_html TEXT NOT NULL,
    byline TEXT NOT NULL,
    published_at BIGINT,
    illustrative BIGINT NOT NULL DEFAULT 0,
    UNIQUE (unit_id, slug)
);
INSERT INTO articles_by_unit (id, unit_id, slug, title, summary, body_html, byline, published_at, illustrative)
    SELECT id, unit_id, slug, title, summary, body_html, byline, published_at, illustrative FROM articles;

CREATE TABLE article_categories_by_unit (
    article_id BIGINT NOT NULL REFERENCES articles_by_unit(id),
    category_id BIGINT NOT NULL REFERENCES categories_by_unit(id),
    PRIMARY KEY (article_id, category_id)
);
INSERT INTO article_categories_by_unit (article_id, category_id)
    SELECT article_id, category_id FROM article_categories;

DROP TABLE article_categories;
DROP TABLE articles;
DROP TABLE categories;
ALTER TABLE categories_by_unit RENAME TO categories;
ALTER TABLE articles_by_unit RENAME TO articles;
ALTER TABLE article_categories_by_unit RENAME TO article_categories;
CREATE INDEX articles_published ON articles(unit_id, published_at);
CREATE INDEX article_categories_category ON article_categories(category_id);

ALTER TABLE people ADD COLUMN unit_id BIGINT REFERENCES units(id);
UPDATE people SET unit_id = COALESCE(
    (SELECT b.unit_id FROM memberships m JOIN posts p ON p.id = m.post_id JOIN bodies b ON b.id = p.body_id
     WHERE m.person_id = people.id ORDER BY m.starts_on DESC LIMIT 1),
    (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'default_unit_id'));
CREATE INDEX people_unit ON people(unit_id);

ALTER TABLE users ADD COLUMN operator BIGINT NOT NULL DEFAULT 0;

ALTER TABLE change_log ADD COLUMN unit_id BIGINT;
CREATE INDEX change_log_unit ON change_log(unit_id, seq);

