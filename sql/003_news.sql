-- County news ("Ajankohtaista"): short dated notices in three languages.
CREATE TABLE news (
    id @ID@,
    published_at @BIGINT@ NOT NULL,
    title_fi TEXT NOT NULL,
    title_sv TEXT NOT NULL DEFAULT '',
    title_en TEXT NOT NULL DEFAULT '',
    body_fi TEXT NOT NULL,
    body_sv TEXT NOT NULL DEFAULT '',
    body_en TEXT NOT NULL DEFAULT '',
    municipality_id @BIGINT@ REFERENCES municipalities(id) ON DELETE SET NULL,
    author_user_id @BIGINT@ REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX news_published ON news(published_at DESC, id DESC);
