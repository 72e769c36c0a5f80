-- The news list reads only these columns: an index that holds them answers
-- a page without visiting the table rows (bodies stay out of the way).
CREATE INDEX news_list ON news(published_at DESC, id DESC, title_fi, title_sv, title_en, municipality_id);
DROP INDEX news_published;
