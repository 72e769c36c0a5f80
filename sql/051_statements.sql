-- Statements of councils and working groups (src/participation/statements.c).
-- A statement is published in the language it was written in (lang): councils
-- write each language version as a statement of its own when they want both.
-- statement_date is the day the group adopted it (YYYY-MM-DD); space_id the
-- participation space it concerns, if any.
CREATE TABLE statements (
    id @ID@,
    group_id @BIGINT@ NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    space_id @BIGINT@ REFERENCES spaces(id) ON DELETE SET NULL,
    lang TEXT NOT NULL DEFAULT 'fi' CHECK (lang IN ('fi', 'sv', 'en')),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    signatories TEXT NOT NULL DEFAULT '',
    statement_date TEXT NOT NULL,
    created_by @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    created_at @BIGINT@ NOT NULL
);
CREATE INDEX statements_group ON statements(group_id, statement_date, id);
CREATE INDEX statements_space ON statements(space_id, statement_date, id);
