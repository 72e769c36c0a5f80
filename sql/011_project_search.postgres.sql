-- Full-text search over published project texts and updates (PostgreSQL
-- only; 011_project_search.sqlite.sql is the SQLite twin, see migrate.c).
-- Stemmed matching with the finnish and swedish configurations, plus a
-- substring match (ILIKE, backed by a pg_trgm index) that finds parts of
-- compound words: "terveys" finds "terveysasema".
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE project_search (
    id BIGSERIAL PRIMARY KEY,
    root_id BIGINT NOT NULL,
    project_id BIGINT NOT NULL,
    update_id BIGINT,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    doc TEXT GENERATED ALWAYS AS (title || ' ' || body) STORED,
    tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('finnish', title || ' ' || body) || to_tsvector('swedish', title || ' ' || body)) STORED
);
CREATE INDEX project_search_tsv ON project_search USING gin(tsv);
CREATE INDEX project_search_trgm ON project_search USING gin(doc gin_trgm_ops);
CREATE INDEX project_search_root ON project_search(root_id);
