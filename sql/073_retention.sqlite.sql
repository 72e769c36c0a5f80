-- Personal data in sent mail has an end (src/mail/outbox.c, outbox_purge_sent):
-- some days after a message is sent, or after its delivery was given up, its
-- address, subject, body, unsubscribe link and attachment are erased; the row
-- (times, attempts) stays for statistics. The .postgres.sql twin holds the same.
ALTER TABLE outbox ADD COLUMN given_up_at @BIGINT@;
ALTER TABLE outbox ADD COLUMN erased_at @BIGINT@;
CREATE INDEX outbox_unerased ON outbox(sent_at, given_up_at) WHERE erased_at IS NULL;

-- One-answer keys of anonymous surveys without a rowid: SQLite keeps them in
-- key order (a keyed hash), not in the order they were written, which was
-- the order of the responses they must not lead to.
CREATE TABLE survey_answer_keys_unordered (
    survey_id @BIGINT@ NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
    key_hash TEXT NOT NULL,
    PRIMARY KEY (survey_id, key_hash)
) WITHOUT ROWID;
INSERT INTO survey_answer_keys_unordered(survey_id, key_hash)
    SELECT survey_id, key_hash FROM survey_answer_keys ORDER BY survey_id, key_hash;
DROP TABLE survey_answer_keys;
ALTER TABLE survey_answer_keys_unordered RENAME TO survey_answer_keys;
