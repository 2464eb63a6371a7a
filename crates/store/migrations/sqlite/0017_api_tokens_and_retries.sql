-- What a personal API token may do and until when: `grant_code` is `read` or `write:` and the kinds
-- it writes (NULL for the tokens issued before, which write every kind as their holder's roles
-- allow); `expires_at` in Unix seconds, NULL for a token that lasts until it is revoked.
ALTER TABLE api_tokens ADD COLUMN grant_code TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;

-- The creating writes made with an `Idempotency-Key`: a retry of the same request finds the record
-- it made instead of making a second; the key is written in the transaction that creates the
-- record, so two retries racing each other make one. Kept a day.
CREATE TABLE idempotency_keys (
    unit_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    entity TEXT,
    entity_id BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (unit_id, user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
