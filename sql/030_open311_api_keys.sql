-- Open311 GeoReport v2: API keys that admins issue to client systems.
-- Only a SHA-256 hash of each key is stored; the key itself is shown once,
-- when it is created. A revoked key stays listed for the record.
CREATE TABLE api_keys (
    id @ID@,
    key_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,                 -- who uses it and for what
    created_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    created_at @BIGINT@ NOT NULL,
    revoked_at @BIGINT@
);
