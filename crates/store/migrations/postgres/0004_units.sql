-- Units as tenants: each unit has a slug (its address prefix) and may have a host name; units
-- succeed one another through merges and splits (several predecessors, several successors);
-- settings belong to a unit; news categories and article slugs are unique per unit; people
-- belong to a unit; accounts may be the installation's operator; every change-log entry may
-- name its unit.

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
    SELECT id, successor_id, COALESCE((valid_to::date + 1)::text, valid_from)
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
    SELECT CAST(d.value AS BIGINT), s.key, s.value
    FROM settings s JOIN settings d ON d.key = 'default_unit_id'
    WHERE s.key <> 'default_unit_id';
DELETE FROM settings WHERE key <> 'default_unit_id';

ALTER TABLE categories ADD COLUMN unit_id BIGINT REFERENCES units(id);
UPDATE categories SET unit_id = (SELECT CAST(value AS BIGINT) FROM settings WHERE key = 'default_unit_id');
ALTER TABLE categories ALTER COLUMN unit_id SET NOT NULL;
ALTER TABLE categories DROP CONSTRAINT categories_slug_key;
ALTER TABLE categories ADD CONSTRAINT categories_unit_slug UNIQUE (unit_id, slug);

ALTER TABLE articles DROP CONSTRAINT articles_slug_key;
ALTER TABLE articles ADD CONSTRAINT articles_unit_slug UNIQUE (unit_id, slug);
DROP INDEX articles_published;
CREATE INDEX articles_published ON articles(unit_id, published_at);

ALTER TABLE people ADD COLUMN unit_id BIGINT REFERENCES units(id);
UPDATE people SET unit_id = COALESCE(
    (SELECT b.unit_id FROM memberships m JOIN posts p ON p.id = m.post_id JOIN bodies b ON b.id = p.body_id
     WHERE m.person_id = people.id ORDER BY m.starts_on DESC LIMIT 1),
    (SELECT CAST(value AS BIGINT) FROM settings WHERE key = 'default_unit_id'));
CREATE INDEX people_unit ON people(unit_id);

ALTER TABLE users ADD COLUMN operator BIGINT NOT NULL DEFAULT 0;

ALTER TABLE change_log ADD COLUMN unit_id BIGINT;
CREATE INDEX change_log_unit ON change_log(unit_id, seq);
