/* Precomputed survey results (sql/067_survey_counts.sql): answers counted
 * by question, option, matrix row, value and rank, per breakdown dimension,
 * plus respondents per question and per survey. results.c reads these
 * instead of grouping the answers table on every request.
 *
 * The statements below are the only writers; the migration's backfill is
 * the same SQL over all surveys. Rows are inserted in key order (ORDER BY)
 * so that concurrent submissions lock the count rows in the same order on
 * PostgreSQL and cannot deadlock. */
#include "surveys.h"
#include <stdio.h>

#define DIMS "CROSS JOIN (SELECT '' AS dim UNION ALL SELECT 'm' UNION ALL SELECT 'sp' UNION ALL SELECT 'lang' " \
             "UNION ALL SELECT 'grp') d "
#define DIM_KEY "CASE d.dim WHEN 'm' THEN COALESCE(CAST(r.municipality_id AS TEXT), '') " \
                "WHEN 'sp' THEN COALESCE(CAST(r.service_point_id AS TEXT), '') " \
                "WHEN 'lang' THEN r.lang WHEN 'grp' THEN r.respondent_group ELSE '' END"

/* where: a condition on answers a / responses r with one parameter $1 */
#define COUNTS_SQL(where)                                                                                       \
    "INSERT INTO survey_counts(survey_id, question_id, dim, dim_key, option_id, row_option_id, value_int, rank, n) " \
    "SELECT x.survey_id, x.question_id, x.dim, x.dim_key, x.option_id, x.row_option_id, x.value_int, x.rank, x.n " \
    "FROM (SELECT a.survey_id, a.question_id, d.dim, " DIM_KEY " AS dim_key, COALESCE(a.option_id, -1) AS option_id, " \
    "COALESCE(a.row_option_id, -1) AS row_option_id, COALESCE(a.value_int, -1) AS value_int, "                \
    "COALESCE(a.rank, -1) AS rank, COUNT(*) AS n FROM answers a JOIN responses r ON r.id = a.response_id " DIMS \
    "WHERE " where " AND r.completed = 1 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 "                                      \
    "UNION ALL SELECT a.survey_id, a.question_id, d.dim, " DIM_KEY ", -2, -1, -1, -1, COUNT(DISTINCT a.response_id) " \
    "FROM answers a JOIN responses r ON r.id = a.response_id " DIMS "WHERE " where " AND r.completed = 1 "      \
    "GROUP BY 1, 2, 3, 4) x WHERE 1 = 1 "                                                                        \
    "ORDER BY x.survey_id, x.dim, x.question_id, x.option_id, x.row_option_id, x.value_int, x.rank, x.dim_key " \
    "ON CONFLICT (survey_id, dim, question_id, option_id, row_option_id, value_int, rank, dim_key) "           \
    "DO UPDATE SET n = survey_counts.n + excluded.n"

#define RESPONDENTS_SQL(where)                                                                                  \
    "INSERT INTO survey_respondents(survey_id, dim, dim_key, n) SELECT x.survey_id, x.dim, x.dim_key, x.n "     \
    "FROM (SELECT r.survey_id, d.dim, " DIM_KEY " AS dim_key, COUNT(*) AS n FROM responses r " DIMS             \
    "WHERE " where " AND r.completed = 1 GROUP BY 1, 2, 3) x WHERE 1 = 1 ORDER BY x.survey_id, x.dim, x.dim_key " \
    "ON CONFLICT (survey_id, dim, dim_key) DO UPDATE SET n = survey_respondents.n + excluded.n"

int survey_counts_add_response(db *d, int64_t response_id)
{
    db_param p[] = {DB_INT(response_id)};
    if (db_exec(d, COUNTS_SQL("a.response_id = $1"), 1, p) != 0) return -1;
    return db_exec(d, RESPONDENTS_SQL("r.id = $1"), 1, p) != 0 ? -1 : 0;
}

int survey_counts_rebuild(db *d, int64_t survey_id)
{
    db_param p[] = {DB_INT(survey_id)};
    if (db_exec(d, "DELETE FROM survey_counts WHERE survey_id = $1", 1, p) != 0 ||
        db_exec(d, "DELETE FROM survey_respondents WHERE survey_id = $1", 1, p) != 0 ||
        db_exec(d, COUNTS_SQL("a.survey_id = $1"), 1, p) != 0)
        return -1;
    return db_exec(d, RESPONDENTS_SQL("r.survey_id = $1"), 1, p) != 0 ? -1 : 0;
}
