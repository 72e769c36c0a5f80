-- Self-assessment reports (issue 11): the weekly counts group assessments by
-- questionnaire, week, municipality and urgency and sum handed_over; with
-- handed_over in the index the report reads the index only, never the
-- table, which keeps it fast over millions of assessments.
DROP INDEX assessments_report;
CREATE INDEX assessments_report ON assessments(questionnaire_id, week_start, municipality_id, urgency, handed_over);
-- time from a callback request to its first call, for the requests of a period
CREATE INDEX callback_requests_created ON callback_requests(created_at);
