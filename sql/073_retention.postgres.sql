-- Personal data in sent mail has an end (src/mail/outbox.c, outbox_purge_sent):
-- some days after a message is sent, or after its delivery was given up, its
-- address, subject, body, unsubscribe link and attachment are erased; the row
-- (times, attempts) stays for statistics. The .sqlite.sql twin holds the same.
ALTER TABLE outbox ADD COLUMN given_up_at @BIGINT@;
ALTER TABLE outbox ADD COLUMN erased_at @BIGINT@;
CREATE INDEX outbox_unerased ON outbox(sent_at, given_up_at) WHERE erased_at IS NULL;

-- survey_answer_keys keeps its shape here: PostgreSQL has no rowid, and the
-- physical order and transaction ids of its rows are rewritten by
-- survey_answer_keys_unlink (src/surveys/keys.c) from the maintenance thread.
