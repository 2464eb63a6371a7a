-- Accounts, roles scoped to bodies, sessions, sign-in attempts, API tokens, signing keys, and the
-- versions and signatures of programmes.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE user_roles (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    body_id BIGINT REFERENCES bodies(id)
);
CREATE INDEX user_roles_user ON user_roles(user_id);

-- Sessions are kept by the hash of their cookie, so a leaked table does not leak sessions.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures(key, at);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE signing_keys (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    public_key TEXT NOT NULL,
    secret_key TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

ALTER TABLE programmes ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- What each party signed: the canonical JSON of one version of a programme.
CREATE TABLE programme_versions (
    programme_id BIGINT NOT NULL REFERENCES programmes(id),
    version BIGINT NOT NULL,
    canonical_json TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (programme_id, version)
);

CREATE TABLE programme_signatures (
    id INTEGER PRIMARY KEY,
    programme_id BIGINT NOT NULL REFERENCES programmes(id),
    version BIGINT NOT NULL,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    key_id BIGINT NOT NULL REFERENCES signing_keys(id),
    signed_at BIGINT NOT NULL,
    signature TEXT NOT NULL,
    UNIQUE (programme_id, version, body_id)
);
