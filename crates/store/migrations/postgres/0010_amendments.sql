-- A signed programme stays in force while an amendment (sửa đổi, bổ sung) is drafted: the
-- version in force is kept beside the version being worked on, and becomes the new one only once
-- every party has signed it.
ALTER TABLE programmes ADD COLUMN signed_version BIGINT;
-- Signed by every party: its current version is in force.
UPDATE programmes SET signed_version = version WHERE status <> 'draft';
-- Before, a change to a signed programme made it a draft again; the version before it was the
-- one signed, and is in force while the change waits for its signatures.
UPDATE programmes SET signed_version = version - 1, status = 'signed' WHERE status = 'draft' AND version > 1;
