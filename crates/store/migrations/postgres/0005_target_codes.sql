-- Each target gets a code, unique within its programme, by which an imported row finds the target
-- it updates (never by its row position). Existing targets get CT01, CT02… after their position;
-- a position held twice in a programme keeps the code for its first target and adds the id to the
-- others, so that no code is given twice.
ALTER TABLE targets ADD COLUMN code TEXT;
UPDATE targets SET code = 'CT' || CASE WHEN position BETWEEN 0 AND 9 THEN '0' ELSE '' END || position::text;
UPDATE targets SET code = code || '-' || id
 WHERE EXISTS (SELECT 1 FROM targets o
                WHERE o.programme_id = targets.programme_id AND o.code = targets.code AND o.id < targets.id);
CREATE UNIQUE INDEX targets_code ON targets(programme_id, code);
