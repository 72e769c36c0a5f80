-- Survey results and service-point satisfaction (engineer G, 065-069).
--
-- answers.text_approved (060) is used with three values for free text:
-- 0 waiting for moderation, 1 approved for public results, -1 rejected.
--
-- Short links for the posters of satisfaction surveys: /p/{code} redirects
-- to the survey's answer page in the visitor's language. code is 6
-- characters from an alphabet without look-alikes (no 0/o, 1/l/i), drawn at
-- random: 31^6 ~ 887 million codes, so a code is not guessed by trying.
CREATE TABLE survey_short_links (
    code TEXT PRIMARY KEY,
    survey_id @BIGINT@ NOT NULL UNIQUE REFERENCES surveys(id) ON DELETE CASCADE,
    created_at @BIGINT@ NOT NULL
);

-- Trends group satisfaction answers by survey and time.
CREATE INDEX answers_survey_question ON answers(survey_id, question_id, value_int);
