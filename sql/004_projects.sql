-- Development projects, their work packages and pilots (children one level deep).
-- Texts per language; an empty translation falls back to Finnish, visibly.
CREATE TABLE projects (
    id @ID@,
    parent_id @BIGINT@ REFERENCES projects(id) ON DELETE CASCADE,
    kind TEXT NOT NULL DEFAULT 'project' CHECK (kind IN ('project', 'work_package', 'pilot')),
    slug TEXT NOT NULL UNIQUE,
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    summary_fi TEXT NOT NULL DEFAULT '',
    summary_sv TEXT NOT NULL DEFAULT '',
    summary_en TEXT NOT NULL DEFAULT '',
    body_fi TEXT NOT NULL DEFAULT '',
    body_sv TEXT NOT NULL DEFAULT '',
    body_en TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'ongoing', 'piloting', 'completed', 'paused')),
    start_date TEXT,                    -- ISO 8601 date, YYYY-MM-DD
    end_date TEXT,
    published INTEGER NOT NULL DEFAULT 0,   -- 0 draft or unpublished, 1 public
    created_at @BIGINT@ NOT NULL,
    updated_at @BIGINT@ NOT NULL
);
CREATE INDEX projects_parent ON projects(parent_id);
CREATE INDEX projects_status ON projects(status, published);

CREATE TABLE themes (
    id @ID@,
    code TEXT NOT NULL UNIQUE,
    name_fi TEXT NOT NULL,
    name_sv TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE project_themes (
    project_id @BIGINT@ NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    theme_id @BIGINT@ NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, theme_id)
);

CREATE TABLE project_municipalities (
    project_id @BIGINT@ NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    municipality_id @BIGINT@ NOT NULL REFERENCES municipalities(id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, municipality_id)
);
