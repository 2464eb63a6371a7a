-- A programme counts toward an indicator of its province's catalogue through one target: the use
-- cases check it, and this index holds it when two saves check at once. Targets not linked (NULL)
-- are not compared.
CREATE UNIQUE INDEX targets_one_per_indicator ON targets (programme_id, indicator_id);
