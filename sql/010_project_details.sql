-- Projects in the open: milestones, contact persons, related links, dated
-- updates and the revision history of everything staff change.
-- Texts per language as in 004: an empty translation falls back to Finnish.

CREATE TABLE project_milestones (
    id @ID@,
    project_id @BIGINT@ NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    due_date TEXT NOT NULL,                 -- ISO 8601 date, YYYY-MM-DD
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'ongoing', 'done', 'cancelled'))
);
CREATE INDEX project_milestones_project ON project_milestones(project_id, due_date);

-- Work contact details of staff, shown publicly on the project page.
CREATE TABLE project_contacts (
    id @ID@,
    project_id @BIGINT@ NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    title_fi TEXT NOT NULL DEFAULT '',
    title_sv TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    organisation TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_contacts_project ON project_contacts(project_id);

CREATE TABLE project_links (
    id @ID@,
    project_id @BIGINT@ NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    url TEXT NOT NULL,                      -- http:// or https:// only
    label_fi TEXT NOT NULL,
    label_sv TEXT NOT NULL DEFAULT '',
    label_en TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_links_project ON project_links(project_id);

-- Dated posts on a project (Markdown). published_at is set when first published.
CREATE TABLE project_updates (
    id @ID@,
    project_id @BIGINT@ NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    body_fi TEXT NOT NULL,
    body_sv TEXT NOT NULL DEFAULT '',
    body_en TEXT NOT NULL DEFAULT '',
    published INTEGER NOT NULL DEFAULT 0,
    published_at @BIGINT@,
    author_user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    created_at @BIGINT@ NOT NULL,
    updated_at @BIGINT@ NOT NULL
);
CREATE INDEX project_updates_feed ON project_updates(published, published_at DESC, id DESC);
CREATE INDEX project_updates_project ON project_updates(project_id, published_at DESC);

-- Every change staff make, as a JSON snapshot of the whole entity after the
-- change. entity 'project' snapshots the project with its themes,
-- municipalities, milestones, contacts and links; 'update' one update.
CREATE TABLE project_revisions (
    id @ID@,
    project_id @BIGINT@ NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    entity TEXT NOT NULL CHECK (entity IN ('project', 'update')),
    entity_id @BIGINT@ NOT NULL,
    action TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    author_user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL,
    created_at @BIGINT@ NOT NULL
);
CREATE INDEX project_revisions_project ON project_revisions(project_id, id DESC);
CREATE INDEX projects_published_updated ON projects(published, parent_id, updated_at DESC);
