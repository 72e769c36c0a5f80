-- Full-text search over published project texts and updates (SQLite only;
-- 011_project_search.postgres.sql is the PostgreSQL twin, see migrate.c).
-- One row per document and language. root_id is the top-level project the
-- document belongs to. The trigram tokenizer matches any substring of three
-- or more characters, so "terveys" finds "terveysasema" and "hälso" finds
-- "hälsostation": parts of Finnish and Swedish compound words.
CREATE VIRTUAL TABLE project_search USING fts5(
    title, body,
    root_id UNINDEXED, project_id UNINDEXED, update_id UNINDEXED, lang UNINDEXED,
    tokenize = 'trigram'
);
