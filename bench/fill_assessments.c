/* Benchmark data for first contact: the four demo questionnaires (from
 * demo/questionnaires/, published and tied to their services when the
 * services exist) and ASSESSMENTS anonymous assessments (default 2,000,000)
 * spread over the questionnaires, the ten municipalities, two years of weeks
 * and the five urgencies, about 8 % of them handed over to a callback
 * request whose first call came after a known delay. Rows are made by
 * INSERT ... SELECT over a recursive counter (as fill_survey does), so the
 * same SQL fills SQLite and PostgreSQL in seconds; the values follow fixed
 * arithmetic on the counter, so every run gives the same numbers.
 *
 *   fill_assessments DATABASE_URL [ASSESSMENTS]
 *
 * Prints the mental health questionnaire's published version id. Run from
 * the repository root on a migrated database (kohtaamo migrate). */
#include "bench_common.h"
#include "db/db.h"
#include "selfassess/selfassess.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static db *D;
static arena A;

static void run(const char *sql, int n, const db_param *p)
{
    if (db_exec(D, sql, n, p) < 0) {
        fprintf(stderr, "fill_assessments: %s\n  %s\n", db_error(D), sql);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fill_assessments DATABASE_URL [ASSESSMENTS]\n");
        return 2;
    }
    long n = argc > 2 ? strtol(argv[2], NULL, 10) : 2000000;
    char err[512];
    D = db_open(argv[1], err, sizeof err);
    if (!D) {
        fprintf(stderr, "fill_assessments: %s\n", err);
        return 1;
    }
    arena_init(&A);
    if (bench_add_municipalities(D) < 0) {
        fprintf(stderr, "fill_assessments: %s\n", db_error(D));
        return 1;
    }
    if (sa_demo_load(D, err, sizeof err) < 0) {
        fprintf(stderr, "fill_assessments: %s\n", err);
        return 1;
    }
    int64_t now = (int64_t)time(NULL);
    /* Two years back from this week's Monday, in whole weeks. */
    int64_t this_week = sa_week_start(now);
    /* chunks of 100,000 keep each statement's work (and PostgreSQL's memory) bounded */
    const long chunk = 100000;
    for (long from = 0; from < n; from += chunk) {
        long to = from + chunk < n ? from + chunk : n;
        db_param p[] = {DB_INT(from), DB_INT(to), DB_INT(this_week)};
        run("WITH RECURSIVE c(i) AS (SELECT CAST($1 AS BIGINT) UNION ALL SELECT i + 1 FROM c WHERE i + 1 < $2) "
            "INSERT INTO assessments(questionnaire_id, version_id, municipality_id, lang, channel, answers, score, urgency, "
            "rule_index, handed_over, week_start, created_at) "
            "SELECT q.id, q.published_version_id, m.id, CASE WHEN c.i % 5 = 0 THEN 'sv' ELSE 'fi' END, "
            "CASE WHEN c.i % 7 = 0 THEN 'fhir' ELSE 'form' END, '{}', (c.i % 23), "
            /* Raseborg (the 8th) sends more people on 'days' than the others: the report's flag shows it */
            "CASE WHEN m.code = '710' AND c.i % 3 = 0 THEN 'days' "
            "ELSE CASE c.i % 20 WHEN 0 THEN 'emergency' WHEN 1 THEN 'urgent' WHEN 2 THEN 'urgent' "
            "WHEN 3 THEN 'days' WHEN 4 THEN 'days' WHEN 5 THEN 'days' WHEN 6 THEN 'routine' WHEN 7 THEN 'routine' "
            "WHEN 8 THEN 'routine' WHEN 9 THEN 'routine' WHEN 10 THEN 'routine' ELSE 'selfcare' END END, "
            "0, CASE WHEN c.i % 13 = 0 THEN 1 ELSE 0 END, "
            "$3 - 604800 * (c.i % 104), $3 - 604800 * (c.i % 104) + (c.i % 604800) "
            "FROM c JOIN (SELECT id, published_version_id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM questionnaires "
            "WHERE published_version_id IS NOT NULL) q ON q.k = c.i % 4 "
            "JOIN (SELECT id, code, ROW_NUMBER() OVER (ORDER BY code) - 1 AS k FROM municipalities) m ON m.k = (c.i / 4) % 10",
            3, p);
    }
    /* the callback requests of the handed-over ones: first call after (id % 48) hours */
    run("INSERT INTO callback_requests(reference, assessment_id, service_id, municipality_id, urgency, phone, "
        "preferred_lang, status, result, first_call_at, due_at, closed_at, erased_at, created_at, updated_at) "
        "SELECT 'CB-BENCH-' || CAST(a.id AS TEXT), a.id, NULL, a.municipality_id, "
        "CASE WHEN a.urgency = 'emergency' THEN 'urgent' ELSE a.urgency END, NULL, a.lang, 'closed', 'reached', "
        "a.created_at + 3600 * (a.id % 48), a.created_at + 86400, a.created_at + 3600 * (a.id % 48), a.created_at, "
        "a.created_at, a.created_at FROM assessments a WHERE a.handed_over = 1",
        0, NULL);
    db_result res;
    if (db_query(D, &A, &res, "SELECT published_version_id FROM questionnaires WHERE slug = 'mental-health'", 0, NULL) < 0 ||
        res.nrows != 1) {
        fprintf(stderr, "fill_assessments: no mental-health questionnaire: %s\n", db_error(D));
        return 1;
    }
    printf("%s\n", db_cell(&res, 0, 0));
    db_close(D);
    arena_free_all(&A);
    return 0;
}
