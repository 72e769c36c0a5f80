-- Failed logins per account, shared by every app node on the database, so
-- a lock cannot be pushed out of one node's memory by attempts for other
-- addresses. key_hash is a keyed hash of the lower-cased address (the key,
-- login_key, is in settings): no address is stored in clear. A row is
-- deleted by login_failures_purge_expired a day after its last failure.
CREATE TABLE login_failures (
    key_hash TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failed_at @BIGINT@ NOT NULL,
    locked_until @BIGINT@ NOT NULL DEFAULT 0
);
CREATE INDEX login_failures_last ON login_failures(last_failed_at);
