-- Results count every answer of a survey grouped by question, option, matrix
-- row, value and rank: one index holding all of those (and the response, for
-- breakdowns and COUNT(DISTINCT)) lets both databases answer from the index
-- alone, in its order, without touching the table. Replaces 065's narrower one.
DROP INDEX answers_survey_question;
CREATE INDEX answers_results ON answers(survey_id, question_id, option_id, row_option_id, value_int, rank, response_id);
