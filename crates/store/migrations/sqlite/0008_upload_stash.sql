-- Uploaded files waiting for the person who sent them to confirm what the preview showed (target,
-- programme-content and unit imports). They were kept in each node's temporary folder, so a
-- confirmation that reached another node behind the load balancer found nothing; in the database
-- every node finds them, and taking one back is a single DELETE, so it is confirmed only once.
CREATE TABLE upload_stash (
    -- SHA-256 of the token the page holds, as for sessions: the table alone confirms nothing.
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    -- What the file may be confirmed for: "programme/kind/reporting body" or "units".
    purpose TEXT NOT NULL,
    file_name TEXT NOT NULL,
    -- Unix seconds; a file not confirmed within the hour is removed by the next upload.
    created_at BIGINT NOT NULL,
    bytes BLOB NOT NULL
);
CREATE INDEX upload_stash_created ON upload_stash (created_at);
