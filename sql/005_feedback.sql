-- Feedback from anyone. Anonymous unless the sender asks to be contacted:
-- then, and only then, contact details are stored, and they are erased a
-- configured number of days after the feedback is closed.
CREATE TABLE feedback_topics (
    id @ID@,
    code TEXT NOT NULL UNIQUE,          -- also the Open311 service_code
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_fi TEXT NOT NULL DEFAULT '',
    description_sv TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE feedback (
    id @ID@,
    ref_code TEXT NOT NULL UNIQUE,      -- shown to the sender on the receipt
    topic_id @BIGINT@ REFERENCES feedback_topics(id) ON DELETE SET NULL,
    project_id @BIGINT@ REFERENCES projects(id) ON DELETE SET NULL,
    municipality_id @BIGINT@ REFERENCES municipalities(id) ON DELETE SET NULL,
    message TEXT NOT NULL,
    lang TEXT NOT NULL DEFAULT 'fi',    -- language the feedback was written in
    channel TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'open311')),
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'answered', 'closed')),
    -- personal data: only when contact was requested, erased by retention
    contact_requested INTEGER NOT NULL DEFAULT 0,
    contact_name TEXT,
    contact_email TEXT,
    contact_phone TEXT,
    contact_lang TEXT,
    user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,   -- only if the resident chose to attach it
    contact_erased_at @BIGINT@,
    assigned_user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    created_at @BIGINT@ NOT NULL,
    first_response_at @BIGINT@,
    closed_at @BIGINT@,
    -- publication of the question and answer on the project page, after moderation
    public_answer TEXT,
    published INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feedback_status ON feedback(status, created_at);
CREATE INDEX feedback_project ON feedback(project_id);
CREATE INDEX feedback_closed ON feedback(closed_at);
