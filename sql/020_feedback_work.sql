-- Staff work on feedback: internal notes (never shown to the sender) and
-- replies sent to the sender by e-mail through the outbox.
CREATE TABLE feedback_notes (
    id @ID@,
    feedback_id @BIGINT@ NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    author_user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    created_at @BIGINT@ NOT NULL
);
CREATE INDEX feedback_notes_feedback ON feedback_notes(feedback_id, created_at);

CREATE TABLE feedback_replies (
    id @ID@,
    feedback_id @BIGINT@ NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
    author_user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    body TEXT NOT NULL,
    emailed INTEGER NOT NULL DEFAULT 0,   -- 1 when queued to the sender's e-mail
    created_at @BIGINT@ NOT NULL
);
CREATE INDEX feedback_replies_feedback ON feedback_replies(feedback_id, created_at);
CREATE INDEX feedback_created ON feedback(created_at);
