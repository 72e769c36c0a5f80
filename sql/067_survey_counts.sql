-- Precomputed survey results (engineer H). The results page, the CSV, XLSX
-- and JSON exports read these counts instead of grouping the answers table
-- (1.5 million rows for 100,000 responses) on every request.
--
-- Only completed responses are counted (responses.completed = 1; every row
-- is complete today, drafts live in survey_drafts). A response counts once
-- under each dimension: dim '' (all answers, dim_key ''), 'm' (municipality
-- id as text), 'sp' (service point id as text), 'lang' (fi/sv/en) and 'grp'
-- (respondent group); dim_key '' means "not told". These are the breakdowns
-- of the results page.
--
-- NULLs are distinct in UNIQUE on both databases, so NULL option_id,
-- row_option_id, value_int and rank of an answer are stored as -1 (ids and
-- ranks are positive, values 0..10). option_id -2 marks a row that counts
-- the respondents (distinct responses) of the question instead of answers.
--
-- Kept in step with answers in the same transaction: src/surveys/counts.c
-- (submitting an answer adds, survey_counts_rebuild() recounts a survey).
-- Deleting a survey or a question deletes its counts (ON DELETE CASCADE).
CREATE TABLE survey_counts (
    survey_id @BIGINT@ NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    question_id @BIGINT@ NOT NULL REFERENCES survey_questions(id) ON DELETE CASCADE,
    dim TEXT NOT NULL,
    dim_key TEXT NOT NULL,
    option_id @BIGINT@ NOT NULL,
    row_option_id @BIGINT@ NOT NULL,
    value_int @BIGINT@ NOT NULL,
    rank INTEGER NOT NULL,
    n @BIGINT@ NOT NULL,
    UNIQUE (survey_id, dim, question_id, option_id, row_option_id, value_int, rank, dim_key)
);

-- Completed responses of a survey per dimension and key (dim '': all).
CREATE TABLE survey_respondents (
    survey_id @BIGINT@ NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    dim TEXT NOT NULL,
    dim_key TEXT NOT NULL,
    n @BIGINT@ NOT NULL,
    UNIQUE (survey_id, dim, dim_key)
);

-- Backfill: the same statements as survey_counts_rebuild() in counts.c,
-- over every survey.
INSERT INTO survey_counts(survey_id, question_id, dim, dim_key, option_id, row_option_id, value_int, rank, n)
SELECT a.survey_id, a.question_id, d.dim,
       CASE d.dim WHEN 'm' THEN COALESCE(CAST(r.municipality_id AS TEXT), '')
                  WHEN 'sp' THEN COALESCE(CAST(r.service_point_id AS TEXT), '')
                  WHEN 'lang' THEN r.lang WHEN 'grp' THEN r.respondent_group ELSE '' END,
       COALESCE(a.option_id, -1), COALESCE(a.row_option_id, -1), COALESCE(a.value_int, -1), COALESCE(a.rank, -1), COUNT(*)
FROM answers a JOIN responses r ON r.id = a.response_id
CROSS JOIN (SELECT '' AS dim UNION ALL SELECT 'm' UNION ALL SELECT 'sp' UNION ALL SELECT 'lang' UNION ALL SELECT 'grp') d
WHERE r.completed = 1
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
UNION ALL
SELECT a.survey_id, a.question_id, d.dim,
       CASE d.dim WHEN 'm' THEN COALESCE(CAST(r.municipality_id AS TEXT), '')
                  WHEN 'sp' THEN COALESCE(CAST(r.service_point_id AS TEXT), '')
                  WHEN 'lang' THEN r.lang WHEN 'grp' THEN r.respondent_group ELSE '' END,
       -2, -1, -1, -1, COUNT(DISTINCT a.response_id)
FROM answers a JOIN responses r ON r.id = a.response_id
CROSS JOIN (SELECT '' AS dim UNION ALL SELECT 'm' UNION ALL SELECT 'sp' UNION ALL SELECT 'lang' UNION ALL SELECT 'grp') d
WHERE r.completed = 1
GROUP BY 1, 2, 3, 4;

INSERT INTO survey_respondents(survey_id, dim, dim_key, n)
SELECT r.survey_id, d.dim,
       CASE d.dim WHEN 'm' THEN COALESCE(CAST(r.municipality_id AS TEXT), '')
                  WHEN 'sp' THEN COALESCE(CAST(r.service_point_id AS TEXT), '')
                  WHEN 'lang' THEN r.lang WHEN 'grp' THEN r.respondent_group ELSE '' END,
       COUNT(*)
FROM responses r
CROSS JOIN (SELECT '' AS dim UNION ALL SELECT 'm' UNION ALL SELECT 'sp' UNION ALL SELECT 'lang' UNION ALL SELECT 'grp') d
WHERE r.completed = 1
GROUP BY 1, 2, 3;
