-- Outgoing mail waits here until sendmail accepts it; nothing is lost on failure.
CREATE TABLE outbox (
    id @ID@,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at @BIGINT@ NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at @BIGINT@ NOT NULL,
    sent_at @BIGINT@,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox(sent_at, next_attempt_at);

-- Every staff read of a resident's personal data, and every staff change to an account.
CREATE TABLE audit_log (
    id @ID@,
    at @BIGINT@ NOT NULL,
    actor_user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    subject_user_id @BIGINT@,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
