/* Benchmark data for survey results: one published survey with ten
 * questions (single, multi, scale, nps, yes/no, matrix, ranking, text and
 * two more choices) and RESPONSES responses (default 100,000) spread over
 * the ten municipalities, two languages, four respondent groups and six
 * months. Rows are made by INSERT ... SELECT over a recursive counter, so the
 * same SQL fills SQLite and PostgreSQL in seconds; the answers follow fixed
 * arithmetic on the response id (every run gives the same numbers). The
 * answers bypass the answer form, so the precomputed counts the results read
 * (sql/067_survey_counts.sql) are made at the end in one grouped pass,
 * survey_counts_rebuild().
 *
 *   fill_survey DATABASE_URL [RESPONSES]      prints the survey's id
 *
 * The database must already be migrated (kohtaamo migrate). Build it like
 * fill_news (see scripts/bench.sh). */
#include "bench_common.h"
#include "db/db.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* surveys/surveys.h (its type survey clashes with the names here) */
int survey_counts_rebuild(db *d, int64_t survey_id);


static db *D;
static arena A;

static void run(const char *sql, int n, const db_param *p)
{
    if (db_exec(D, sql, n, p) < 0) {
        fprintf(stderr, "fill_survey: %s\n  %s\n", db_error(D), sql);
        exit(1);
    }
}

static int64_t one(const char *sql, int n, const db_param *p)
{
    db_result res;
    if (db_query(D, &A, &res, sql, n, p) < 0 || res.nrows != 1) {
        fprintf(stderr, "fill_survey: %s\n  %s\n", db_error(D), sql);
        exit(1);
    }
    return db_cell_int(&res, 0, 0);
}

static int64_t survey, page;

static int64_t question(int pos, const char *kind, const char *fi, const char *sv, int lo, int hi)
{
    db_param p[] = {DB_INT(survey), DB_INT(page), DB_INT(pos), DB_TEXT(kind), DB_TEXT(fi), DB_TEXT(sv), DB_INT(lo), DB_INT(hi)};
    return one("INSERT INTO survey_questions(survey_id, page_id, position, kind, text_fi, text_sv, scale_min, scale_max) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id", 8, p);
}

static void options(int64_t q, int is_row, const char *const *fi, const char *const *sv, int n)
{
    for (int i = 0; i < n; i++) {
        db_param p[] = {DB_INT(q), DB_INT(i + 1), DB_INT(is_row), DB_TEXT(fi[i]), DB_TEXT(sv[i])};
        run("INSERT INTO survey_options(question_id, position, is_row, text_fi, text_sv) VALUES ($1, $2, $3, $4, $5)", 5, p);
    }
}

/* One answer per response: option at position POS_EXPR (of r.id) of question q. */
static void choose(int64_t q, const char *pos_expr, const char *row_pos)
{
    char sql[1024];
    db_param p[] = {DB_INT(survey), DB_INT(q)};
    if (row_pos)
        snprintf(sql, sizeof sql,
                 "INSERT INTO answers(response_id, survey_id, question_id, option_id, row_option_id) "
                 "SELECT r.id, r.survey_id, o.question_id, o.id, ro.id FROM responses r "
                 "JOIN survey_options o ON o.question_id = CAST($2 AS BIGINT) AND o.is_row = 0 AND o.position = %s "
                 "JOIN survey_options ro ON ro.question_id = o.question_id AND ro.is_row = 1 AND ro.position = %s "
                 "WHERE r.survey_id = CAST($1 AS BIGINT)", pos_expr, row_pos);
    else
        snprintf(sql, sizeof sql,
                 "INSERT INTO answers(response_id, survey_id, question_id, option_id) "
                 "SELECT r.id, r.survey_id, o.question_id, o.id FROM responses r "
                 "JOIN survey_options o ON o.question_id = CAST($2 AS BIGINT) AND o.is_row = 0 AND o.position = %s "
                 "WHERE r.survey_id = CAST($1 AS BIGINT)", pos_expr);
    run(sql, 2, p);
}

static void value(int64_t q, const char *expr, const char *where)
{
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO answers(response_id, survey_id, question_id, value_int) "
             "SELECT r.id, r.survey_id, CAST($2 AS BIGINT), %s FROM responses r WHERE r.survey_id = CAST($1 AS BIGINT)%s",
             expr, where ? where : "");
    db_param p[] = {DB_INT(survey), DB_INT(q)};
    run(sql, 2, p);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fill_survey DATABASE_URL [RESPONSES]\n");
        return 2;
    }
    long n = argc > 2 ? atol(argv[2]) : 100000;
    char err[256];
    D = db_open(argv[1], err, sizeof err);
    if (!D) {
        fprintf(stderr, "fill_survey: %s\n", err);
        return 1;
    }
    arena_init(&A);
    int64_t now = (int64_t)time(NULL);
    if (db_begin(D) < 0) return 1;
    if (bench_add_municipalities(D) < 0) {
        fprintf(stderr, "fill_survey: %s\n", db_error(D));
        exit(1);
    }
    db_param sp[] = {DB_TEXT("bench-survey"), DB_INT(now)};
    survey = one("INSERT INTO surveys(slug, title_fi, title_sv, status, anonymity, created_at, updated_at) "
                 "VALUES ($1, 'Asiakaskysely 2026 (bench)', 'Kundenkät 2026 (bench)', 'published', 'anonymous', $2, $2) "
                 "RETURNING id", 2, sp);
    db_param pp[] = {DB_INT(survey)};
    page = one("INSERT INTO survey_pages(survey_id, position) VALUES ($1, 1) RETURNING id", 1, pp);
    /* the responses: municipality k = i mod 10 (by id order), language, group, a day in six months */
    db_param rp[] = {DB_INT(survey), DB_INT(now), DB_INT(n)};
    run("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < CAST($3 AS BIGINT)) "
        "INSERT INTO responses(survey_id, submitted_at, lang, municipality_id, respondent_group) "
        "SELECT CAST($1 AS BIGINT), CAST($2 AS BIGINT) - (c.i % 180) * 86400 - (CAST($2 AS BIGINT) % 86400), "
        "CASE WHEN c.i % 4 = 0 THEN 'sv' WHEN c.i % 97 = 0 THEN 'en' ELSE 'fi' END, m.id, "
        "CASE c.i % 5 WHEN 0 THEN 'client' WHEN 1 THEN 'family' WHEN 2 THEN 'staff' WHEN 3 THEN '' ELSE 'resident' END "
        "FROM c JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, COUNT(*) OVER () AS total FROM municipalities) m "
        "ON m.k = c.i % m.total", 3, rp);

    static const char *const grade_fi[] = {"Erinomainen", "Hyvä", "Tyydyttävä", "Huono"};
    static const char *const grade_sv[] = {"Utmärkt", "Bra", "Nöjaktig", "Dålig"};
    int64_t q1 = question(1, "single", "Millaiseksi arvioit palvelun kokonaisuutena?", "Hur bedömer du servicen som helhet?", 1, 5);
    options(q1, 0, grade_fi, grade_sv, 4);
    choose(q1, "1 + (r.id * r.id + 3 * r.id) % 4", NULL);

    static const char *const ch_fi[] = {"Käynti", "Puhelin", "Chat", "Videovastaanotto", "Kotikäynti"};
    static const char *const ch_sv[] = {"Besök", "Telefon", "Chatt", "Videomottagning", "Hembesök"};
    int64_t q2 = question(2, "multi", "Miten asioit kanssamme?", "Hur hade du kontakt med oss?", 1, 5);
    options(q2, 0, ch_fi, ch_sv, 5);
    choose(q2, "1 + r.id % 5", NULL);
    choose(q2, "1 + (r.id + 2) % 5", NULL);

    int64_t q3 = question(3, "scale", "Kuinka helppoa oli saada apua?", "Hur lätt var det att få hjälp?", 1, 5);
    value(q3, "1 + (r.id * 13 + r.id / 7) % 5", NULL);
    int64_t q4 = question(4, "nps", "Kuinka todennäköisesti suosittelisit palvelua?", "Hur sannolikt skulle du rekommendera tjänsten?", 0, 10);
    value(q4, "(r.id * 17 + r.id / 11) % 11", NULL);
    int64_t q5 = question(5, "yesno", "Saitko asiasi hoidettua yhdellä yhteydenotolla?", "Fick du ärendet skött med en kontakt?", 0, 1);
    value(q5, "CASE WHEN r.id % 3 = 0 THEN 0 ELSE 1 END", NULL);

    static const char *const rows_fi[] = {"Ajanvaraus", "Odotusaika", "Kohtelu"};
    static const char *const rows_sv[] = {"Tidsbokning", "Väntetid", "Bemötande"};
    static const char *const cols_fi[] = {"Hyvä", "Kohtalainen", "Huono"};
    static const char *const cols_sv[] = {"Bra", "Medel", "Dålig"};
    int64_t q6 = question(6, "matrix", "Arvioi palvelun osat", "Bedöm tjänstens delar", 1, 5);
    options(q6, 1, rows_fi, rows_sv, 3);
    options(q6, 0, cols_fi, cols_sv, 3);
    choose(q6, "1 + (r.id + 0) % 3", "1");
    choose(q6, "1 + (r.id / 3) % 3", "2");
    choose(q6, "1 + (r.id / 5 + 1) % 3", "3");

    static const char *const rank_fi[] = {"Nopeus", "Ystävällisyys", "Asiantuntemus", "Sijainti"};
    static const char *const rank_sv[] = {"Snabbhet", "Vänlighet", "Sakkunskap", "Läge"};
    int64_t q7 = question(7, "ranking", "Järjestä tärkeysjärjestykseen", "Rangordna efter vikt", 1, 5);
    options(q7, 0, rank_fi, rank_sv, 4);
    {
        char sql[512];
        db_param p[] = {DB_INT(survey), DB_INT(q7)};
        snprintf(sql, sizeof sql,
                 "INSERT INTO answers(response_id, survey_id, question_id, option_id, rank) "
                 "SELECT r.id, r.survey_id, o.question_id, o.id, 1 + (o.position + r.id) %% 4 FROM responses r "
                 "JOIN survey_options o ON o.question_id = CAST($2 AS BIGINT) WHERE r.survey_id = CAST($1 AS BIGINT)");
        run(sql, 2, p);
    }
    int64_t q8 = question(8, "longtext", "Mitä voisimme parantaa?", "Vad kunde vi förbättra?", 1, 5);
    {
        db_param p[] = {DB_INT(survey), DB_INT(q8)};
        run("INSERT INTO answers(response_id, survey_id, question_id, value_text, text_approved) "
            "SELECT r.id, r.survey_id, CAST($2 AS BIGINT), 'Palaute numero ' || CAST(r.id AS TEXT), r.id % 2 "
            "FROM responses r WHERE r.survey_id = CAST($1 AS BIGINT) AND r.id % 50 = 0", 2, p);
    }
    static const char *const age_fi[] = {"alle 18", "18–29", "30–64", "65–79", "80 tai yli"};
    static const char *const age_sv[] = {"under 18", "18–29", "30–64", "65–79", "80 eller över"};
    int64_t q9 = question(9, "single", "Ikäsi", "Din ålder", 1, 5);
    options(q9, 0, age_fi, age_sv, 5);
    choose(q9, "1 + (r.id * 7) % 5", NULL);
    int64_t q10 = question(10, "scale", "Kuinka hyvin sait palvelua omalla kielelläsi?", "Hur väl fick du service på ditt eget språk?", 1, 5);
    value(q10, "CASE WHEN r.lang = 'sv' THEN 1 + (r.id / 3) % 5 ELSE 4 + r.id % 2 END", NULL);

    if (survey_counts_rebuild(D, survey) != 0) {
        fprintf(stderr, "fill_survey: counting: %s\n", db_error(D));
        return 1;
    }
    if (db_commit(D) < 0) {
        fprintf(stderr, "fill_survey: %s\n", db_error(D));
        return 1;
    }
    printf("%lld\n", (long long)survey);
    arena_free_all(&A);
    db_close(D);
    return 0;
}
