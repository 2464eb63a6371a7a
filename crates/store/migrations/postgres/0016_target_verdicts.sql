-- Each target's verdict (exceeded, met, missed, pending), written with its plan and actual, so that
-- a roll-up counts a year's targets in the database instead of reading 100,000 of them one by one.
-- Targets written before this are judged once by the store as it migrates: SQL cannot compare the
-- decimals kept as text exactly.
ALTER TABLE targets ADD COLUMN verdict TEXT;
