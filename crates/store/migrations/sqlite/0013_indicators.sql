-- The indicator catalogue (issue 21): kept by a province for its communes (unit_id), or by the
-- installation for every province (unit_id NULL). A commune's target linked to an indicator
-- takes its measure and direction, and counts in the province's roll-up of that indicator;
-- a target not linked stays the commune's own.
CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT REFERENCES units(id),
    -- Capitals, digits, "-" and "_": the key a spreadsheet names it by.
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    measure TEXT NOT NULL,
    -- higher, lower, yes_no, rank
    direction TEXT NOT NULL,
    -- sum, mean_by_population, mean_by_households, count_met
    combine TEXT NOT NULL
);
CREATE UNIQUE INDEX indicators_code ON indicators (COALESCE(unit_id, 0), code);

ALTER TABLE targets ADD COLUMN indicator_id BIGINT REFERENCES indicators(id);
CREATE INDEX targets_indicator ON targets (indicator_id);

-- What a unit's figure weighs in a mean across units, for a year: entered or imported by the
-- province. Decimal text, as every quantity.
CREATE TABLE unit_weights (
    unit_id BIGINT NOT NULL REFERENCES units(id),
    year BIGINT NOT NULL,
    population TEXT,
    households TEXT,
    PRIMARY KEY (unit_id, year)
);
