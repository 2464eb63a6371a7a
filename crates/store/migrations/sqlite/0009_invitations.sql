-- Joining a unit is consented to: an administrator invites an account by its name, and its holder
-- accepts (or declines) at their next sign-in; until then the invitation grants nothing. It names
-- the account by its name, not its id, so that inviting never tells whether a name exists.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    username TEXT NOT NULL,
    -- The role it offers, as user_roles keeps one.
    role TEXT NOT NULL,
    body_id BIGINT REFERENCES bodies(id),
    invited_by TEXT NOT NULL,
    -- Unix seconds.
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- pending, accepted, declined or cancelled.
    status TEXT NOT NULL DEFAULT 'pending',
    decided_at BIGINT
);
CREATE INDEX invitations_username ON invitations (username, status);
CREATE INDEX invitations_unit ON invitations (unit_id, status);

-- An account made for someone else (by a unit's administrator, or the operator for a unit's first
-- administrator), or given a new password by someone else, changes it at its next sign-in.
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
