/* Retention of what answering leaves behind: unfinished answers
 * (survey_drafts) and the one-answer keys of anonymous surveys
 * (survey_answer_keys). Both run from the retention registry
 * (src/app/retention.c). */
#include "surveys.h"
#include <string.h>

int survey_drafts_purge_expired(db *d, int64_t now)
{
    db_param p[] = {DB_INT(now), DB_INT(now - (int64_t)SURVEY_DRAFT_RETENTION_DAYS * 86400)};
    arena a;
    arena_init(&a);
    db_result res;
    int rc = db_query(d, &a, &res,
                      "DELETE FROM survey_drafts WHERE updated_at <= $2 OR survey_id IN "
                      "(SELECT id FROM surveys WHERE status = 'closed' OR closes_at <= $1)", 2, p);
    long long n = rc < 0 ? -1 : res.changes;
    arena_free_all(&a);
    return (int)n;
}

/* A key is written in the transaction that stores its response. On SQLite
 * the table has no rowid (sql/073), so nothing is left of that order. On
 * PostgreSQL the new row carries the transaction's id (xmin) and sits after
 * the keys written before it (ctid), both shared with or following the
 * response; rewriting the keys of surveys answered since yesterday in one
 * transaction, in key order, gives them all one xmin and an order that is
 * the keyed hash's. EXCLUSIVE mode lets the answer form read the keys but
 * holds new ones back until the rewrite is done, so none is lost. */
int survey_answer_keys_unlink(db *d, int64_t now)
{
    if (db_kind_of(d) != DB_POSTGRES) return 0;
    int64_t since = now - now % 86400 - 86400;   /* responses keep the day only */
    db_param p[] = {DB_INT(since)};
    arena a;
    arena_init(&a);
    db_result res;
    int n = -1;
    if (db_begin(d) != 0) goto out;
    if (db_exec_script(d, "LOCK TABLE survey_answer_keys IN EXCLUSIVE MODE; "
                          "CREATE TEMP TABLE survey_keys_moving (survey_id BIGINT NOT NULL, key_hash TEXT NOT NULL) "
                          "ON COMMIT DROP") < 0 ||
        db_exec(d, "INSERT INTO survey_keys_moving(survey_id, key_hash) SELECT k.survey_id, k.key_hash "
                   "FROM survey_answer_keys k WHERE k.survey_id IN (SELECT r.survey_id FROM responses r "
                   "JOIN surveys s ON s.id = r.survey_id WHERE s.anonymity = 'anonymous' AND r.submitted_at >= $1)",
                1, p) < 0 ||
        db_exec(d, "DELETE FROM survey_answer_keys WHERE survey_id IN (SELECT survey_id FROM survey_keys_moving)", 0, NULL) < 0 ||
        db_query(d, &a, &res, "INSERT INTO survey_answer_keys(survey_id, key_hash) SELECT survey_id, key_hash "
                              "FROM survey_keys_moving ORDER BY key_hash, survey_id", 0, NULL) < 0 ||
        db_commit(d) < 0) {
        db_rollback(d);
        goto out;
    }
    n = (int)res.changes;
out:
    arena_free_all(&a);
    return n;
}
