-- Accounts, sessions, municipalities: the ground every feature stands on.
-- Times are Unix seconds set by the application, so tests can move the clock.

CREATE TABLE municipalities (
    id @ID@,
    code TEXT NOT NULL UNIQUE,          -- Statistics Finland municipality code, e.g. '710'
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    bilingual INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE users (
    id @ID@,
    email TEXT NOT NULL UNIQUE,         -- stored lower-cased
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,        -- argon2id string from libsodium
    role TEXT NOT NULL CHECK (role IN ('resident', 'staff', 'moderator', 'admin')),
    lang TEXT NOT NULL DEFAULT 'fi',
    created_at @BIGINT@ NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
);

-- Staff may be limited to some municipalities; no rows means county-wide.
CREATE TABLE user_municipalities (
    user_id @BIGINT@ NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    municipality_id @BIGINT@ NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, municipality_id)
);

-- Only a hash of the session id is stored: a leaked table grants no logins.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id @BIGINT@ NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at @BIGINT@ NOT NULL,
    expires_at @BIGINT@ NOT NULL
);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id @BIGINT@ NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at @BIGINT@ NOT NULL,
    used_at @BIGINT@
);

-- Shared by every app node: the CSRF key and other installation secrets.
CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
