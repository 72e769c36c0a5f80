/* Survey results, exports and service-point satisfaction over HTTP: a
 * survey with 20 known answers is stored directly (and counted with
 * survey_counts_rebuild(), as loaders that bypass the answer form do), then staff read its
 * results page, break it down, download CSV, XLSX and JSON, moderate free
 * text and publish; satisfaction surveys are created through the form, the
 * short link redirects, the QR code is served, trends count by week and month.
 * Runs on SQLite and on PostgreSQL (KOHTAAMO_TEST_BACKEND). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <jansson.h>
#include "testsrv.h"
#include "xlsxread.h"

int survey_counts_rebuild(db *d, int64_t survey_id);   /* surveys/surveys.h (its form type clashes here) */

static testsrv srv;
#define STAFF "koordinaattori@kohtaamo.example"
#define RESIDENT "asukas@kohtaamo.example"
#define PASSWORD "kohtaamo-demo-2026"
#define Q1_TEXT "Miten \"Kohtaamo\" toimi, yleisesti?"

static int64_t survey_id, q_single, q_scale, q_nps, q_text, q_matrix, q_rank;
static int64_t opt[3], mrow[2], mcol[2], rank_opt[3];
static char results_path[96];

static int64_t insert_id(db *d, arena *a, const char *sql, int n, const db_param *p)
{
    db_result res;
    if (db_query(d, a, &res, sql, n, p) != 0 || res.nrows != 1) fail_msg("%s: %s", sql, db_error(d));
    return db_cell_int(&res, 0, 0);
}

static int64_t add_question(db *d, arena *a, int64_t page, int pos, const char *kind, const char *text)
{
    db_param p[] = {DB_INT(survey_id), DB_INT(page), DB_INT(pos), DB_TEXT(kind), DB_TEXT(text)};
    return insert_id(d, a, "INSERT INTO survey_questions(survey_id, page_id, position, kind, text_fi, text_sv, scale_min, "
                           "scale_max) VALUES ($1, $2, $3, $4, $5, $5, CASE WHEN $4 = 'nps' THEN 0 ELSE 1 END, "
                           "CASE WHEN $4 = 'nps' THEN 10 ELSE 5 END) RETURNING id", 5, p);
}

static int64_t add_option(db *d, arena *a, int64_t q, int pos, int is_row, const char *text)
{
    db_param p[] = {DB_INT(q), DB_INT(pos), DB_INT(is_row), DB_TEXT(text)};
    return insert_id(d, a, "INSERT INTO survey_options(question_id, position, is_row, text_fi, text_sv) "
                           "VALUES ($1, $2, $3, $4, $4) RETURNING id", 4, p);
}

static void answer(db *d, int64_t rid, int64_t q, int64_t option, int64_t row, int has_int, int64_t v, const char *text,
                   int rank)
{
    db_param p[] = {DB_INT(rid), DB_INT(survey_id), DB_INT(q), option ? DB_INT(option) : DB_NULL,
                    row ? DB_INT(row) : DB_NULL, has_int ? DB_INT(v) : DB_NULL, DB_TEXT(text),
                    rank ? DB_INT(rank) : DB_NULL};
    testdb_exec(d, "INSERT INTO answers(response_id, survey_id, question_id, option_id, row_option_id, value_int, value_text, rank) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8, p);
}

/* 20 responses: Lohja 10, Raasepori 7, Inkoo 3; 15 in Finnish, 5 in Swedish.
 * Q1: Hyvä 9, Kohtalainen 7, Huono 4. Scale: 5 / 3 / 1 alike (mean 3.50).
 * NPS: 10 / 8 / 3 alike (25). Matrix: row 1 yes 15 of 20, row 2 yes 10 of 20.
 * Ranking: X first 16 times and second 4 times (mean 1.20). */
static void build_survey(void)
{
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_param sp[] = {DB_TEXT("tulokset-testi")};
    survey_id = insert_id(d, &a, "INSERT INTO surveys(slug, title_fi, title_sv, status, anonymity, created_at, updated_at) "
                                 "VALUES ($1, 'Asiointikysely (testi)', 'Enkät om besöket (test)', 'published', 'anonymous', 0, 0) "
                                 "RETURNING id", 1, sp);
    db_param pp[] = {DB_INT(survey_id)};
    int64_t page = insert_id(d, &a, "INSERT INTO survey_pages(survey_id, position) VALUES ($1, 1) RETURNING id", 1, pp);
    q_single = add_question(d, &a, page, 1, "single", Q1_TEXT);
    q_scale = add_question(d, &a, page, 2, "scale", "Arvio odotusajasta");
    q_nps = add_question(d, &a, page, 3, "nps", "Suosittelisitko palvelua?");
    q_text = add_question(d, &a, page, 4, "longtext", "Terveiset");
    q_matrix = add_question(d, &a, page, 5, "matrix", "Palvelun osat");
    q_rank = add_question(d, &a, page, 6, "ranking", "Mikä on tärkeintä?");
    const char *names[3] = {"Hyvä", "Kohtalainen", "Huono"};
    for (int i = 0; i < 3; i++) opt[i] = add_option(d, &a, q_single, i + 1, 0, names[i]);
    mrow[0] = add_option(d, &a, q_matrix, 1, 1, "Ajanvaraus");
    mrow[1] = add_option(d, &a, q_matrix, 2, 1, "Odotustila");
    mcol[0] = add_option(d, &a, q_matrix, 1, 0, "Kunnossa");
    mcol[1] = add_option(d, &a, q_matrix, 2, 0, "Parannettavaa");
    const char *rn[3] = {"Nopeus", "Ystävällisyys", "Sijainti"};
    for (int i = 0; i < 3; i++) rank_opt[i] = add_option(d, &a, q_rank, i + 1, 0, rn[i]);
    for (int i = 0; i < 20; i++) {
        const char *muni = i < 10 ? "444" : i < 17 ? "710" : "149";
        db_param rp[] = {DB_INT(survey_id), DB_TEXT(i % 4 == 3 ? "sv" : "fi"), DB_TEXT(muni)};
        int64_t rid = insert_id(d, &a, "INSERT INTO responses(survey_id, submitted_at, lang, municipality_id) "
                                       "SELECT $1, 1780000000, $2, id FROM municipalities WHERE code = $3 RETURNING id", 3, rp);
        int grade = i % 20 < 9 ? 0 : i % 20 < 16 ? 1 : 2;
        /* spread the grades over the municipalities: indices 0..8 good, 9..15 fair, 16..19 poor */
        answer(d, rid, q_single, opt[grade], 0, 0, 0, NULL, 0);
        answer(d, rid, q_scale, 0, 0, 1, grade == 0 ? 5 : grade == 1 ? 3 : 1, NULL, 0);
        answer(d, rid, q_nps, 0, 0, 1, grade == 0 ? 10 : grade == 1 ? 8 : 3, NULL, 0);
        answer(d, rid, q_matrix, mcol[i < 15 ? 0 : 1], mrow[0], 0, 0, NULL, 0);
        answer(d, rid, q_matrix, mcol[i % 2], mrow[1], 0, 0, NULL, 0);
        bool swap = i >= 16;
        answer(d, rid, q_rank, rank_opt[0], 0, 0, 0, NULL, swap ? 2 : 1);
        answer(d, rid, q_rank, rank_opt[1], 0, 0, 0, NULL, swap ? 1 : 2);
        answer(d, rid, q_rank, rank_opt[2], 0, 0, 0, NULL, 3);
        if (i == 0) answer(d, rid, q_text, 0, 0, 0, 0, "Kiitos **ystävällisestä** palvelusta!", 0);
        if (i == 1) answer(d, rid, q_text, 0, 0, 0, 0, "Hoitaja Maija Meikäläinen oli myöhässä.", 0);
    }
    if (survey_counts_rebuild(d, survey_id) != 0) fail_msg("counts: %s", db_error(d));
    arena_free_all(&a);
    db_close(d);
    snprintf(results_path, sizeof results_path, "/fi/staff/surveys/%lld/results", (long long)survey_id);
}

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    build_survey();
    srv.extra_env[0] = "KOHTAAMO_POST_LIMIT=100000";
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

static const char *path(const char *suffix)
{
    static char b[160];
    snprintf(b, sizeof b, "%s%s", results_path, suffix);
    return b;
}

static void staff_see_counts_shares_means_nps_matrix_and_ranking(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, results_path, NULL, &r);
    assert_int_not_equal(r.status, 200);   /* signed out: to the login */
    tresp_free(&r);
    login_as(&c, "fi", RESIDENT, PASSWORD);
    http_get(&c, results_path, NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&c);

    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    http_get(&c, results_path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Tulokset: Asiointikysely (testi)</h1>"));
    assert_true(body_has(&r, "<strong id=\"respondents\">20</strong>"));
    assert_true(body_has(&r, "<th scope=\"row\">Hyvä</th><td class=\"count\">9</td><td class=\"pct\">45,0 %</td>"));
    assert_true(body_has(&r, "<th scope=\"row\">Kohtalainen</th><td class=\"count\">7</td><td class=\"pct\">35,0 %</td>"));
    assert_true(body_has(&r, "<th scope=\"row\">Huono</th><td class=\"count\">4</td><td class=\"pct\">20,0 %</td>"));
    assert_true(body_has(&r, "Useimmin vastattiin ”Hyvä” (45,0 %)."));
    assert_true(body_has(&r, "Keskiarvo: <strong>3,50</strong>"));
    assert_true(body_has(&r, "<strong class=\"nps-score\">25</strong> (n = 20;"));
    /* matrix: row 1 "Kunnossa" 15 of 20 */
    assert_true(body_has(&r, "<th scope=\"row\">Ajanvaraus</th><td class=\"count\">20</td><td>75,0 % (15)</td><td>25,0 % (5)</td>"));
    assert_true(body_has(&r, "<th scope=\"row\">Odotustila</th><td class=\"count\">20</td><td>50,0 % (10)</td>"));
    /* ranking: mean ranks */
    assert_true(body_has(&r, "<th scope=\"row\">Nopeus</th><td>1,20</td><td class=\"count\">20</td>"));
    assert_true(body_has(&r, "<th scope=\"row\">Ystävällisyys</th><td>1,80</td>"));
    assert_true(body_has(&r, "<th scope=\"row\">Sijainti</th><td>3,00</td>"));
    /* charts with their title and text alternative */
    assert_true(body_has(&r, "role=\"img\" aria-labelledby=\"chart-q"));
    assert_true(body_has(&r, "Miten &quot;Kohtaamo&quot; toimi, yleisesti?</title>"));
    /* free text: staff see all, as Markdown without raw HTML */
    assert_true(body_has(&r, "Kiitos <strong>ystävällisestä</strong> palvelusta!"));
    assert_true(body_has(&r, "Hoitaja Maija Meikäläinen oli myöhässä."));
    assert_true(body_has(&r, "Odottaa tarkastusta"));
    tresp_free(&r);
    http_get(&c, "/fi/staff/surveys/999999/results", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    tclient_free(&c);
}

static void small_groups_are_suppressed_with_the_next_smallest(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    tresp r;
    http_get(&c, path("?by=municipality"), NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<option value=\"municipality\" selected>"));
    /* Lohja (10) shown: 9 good of 10 */
    assert_true(body_has(&r, "<tr><th scope=\"row\">Lohja</th><td class=\"count\">10</td><td>90,0 % (9)</td>"));
    /* Inkoo has 3 answers: hidden; Raasepori (7) is hidden too, or Inkoo = 20 - 10 - 7 */
    assert_true(body_has(&r, "<tr class=\"suppressed\"><th scope=\"row\">Inkoo</th><td colspan=\"4\">alle 5 vastausta</td></tr>"));
    assert_true(body_has(&r, "<tr class=\"suppressed\"><th scope=\"row\">Raasepori</th><td colspan=\"4\">alle 5 vastausta</td></tr>"));
    assert_true(body_has(&r, "Ryhmiä 3, joista 2 jätetty näyttämättä"));
    assert_true(body_has(&r, "id=\"small-groups\""));
    tresp_free(&r);
    /* by language: 15 and 5, nothing hidden */
    http_get(&c, path("?by=lang"), NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<tr><th scope=\"row\">suomi</th><td class=\"count\">15</td>"));
    assert_true(body_has(&r, "<tr><th scope=\"row\">ruotsi</th><td class=\"count\">5</td>"));
    assert_false(body_has(&r, "class=\"suppressed\""));
    tresp_free(&r);
    tclient_free(&c);
}

/* Splits one CSV record (RFC 4180) starting at *p into fields; advances *p past its CRLF. */
static int csv_record(const char **p, char fields[12][256])
{
    int n = 0;
    const char *s = *p;
    for (;;) {
        char *o = fields[n];
        size_t k = 0;
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '"' && s[1] == '"') o[k++] = '"', s += 2;
                else if (*s == '"') {
                    s++;
                    break;
                } else o[k++] = *s++;
            }
        } else {
            while (*s && *s != ',' && *s != '\r') o[k++] = *s++;
        }
        o[k] = '\0';
        n++;
        if (*s == ',') {
            s++;
            continue;
        }
        assert_memory_equal(s, "\r\n", 2);   /* records end with CRLF */
        *p = s + 2;
        return n;
    }
}

static void csv_holds_the_numbers_of_the_page(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    tresp page, r;
    http_get(&c, results_path, NULL, &page);
    http_get(&c, path(".csv"), NULL, &r);
    assert_int_equal(r.status, 200);
    char *ct = tresp_header(&r, "Content-Type");
    assert_non_null(strstr(ct, "text/csv"));
    free(ct);
    assert_memory_equal(r.body.data, "\xEF\xBB\xBF", 3);
    const char *p = r.body.data + 3;
    char f[12][256];
    assert_int_equal(csv_record(&p, f), 9);
    assert_string_equal(f[0], "Kysymyksen numero");
    assert_string_equal(f[5], "Osuus (%)");
    /* the question with a comma and quotes comes quoted, quotes doubled */
    assert_non_null(strstr(r.body.data, "\"Miten \"\"Kohtaamo\"\" toimi, yleisesti?\""));
    int checked = 0;
    bool mean_seen = false, nps_seen = false;
    while (*p) {
        assert_int_equal(csv_record(&p, f), 9);
        if (strcmp(f[0], "1") == 0 && strcmp(f[2], "Kaikki") == 0) {
            assert_string_equal(f[1], Q1_TEXT);
            assert_string_equal(f[6], "20");
            /* the page shows the same count and share (decimal comma) */
            char want[1024], pct[256];
            snprintf(pct, sizeof pct, "%s", f[5]);
            char *dot = strchr(pct, '.');
            assert_non_null(dot);
            *dot = ',';
            snprintf(want, sizeof want, "<th scope=\"row\">%s</th><td class=\"count\">%s</td><td class=\"pct\">%s %%</td>",
                     f[3], f[4], pct);
            assert_true(body_has(&page, want));
            checked++;
        }
        if (strcmp(f[0], "2") == 0 && strcmp(f[3], "Keskiarvo") == 0) {
            assert_string_equal(f[7], "3.50");
            mean_seen = true;
        }
        if (strcmp(f[0], "3") == 0 && strcmp(f[3], "Suositteluindeksi (NPS)") == 0) {
            assert_string_equal(f[7], "25");
            assert_string_equal(f[6], "20");
            nps_seen = true;
        }
    }
    assert_int_equal(checked, 3);
    assert_true(mean_seen && nps_seen);
    tresp_free(&r);
    tresp_free(&page);

    /* with a breakdown: the hidden groups carry no numbers */
    http_get(&c, path(".csv?by=municipality"), NULL, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body.data, ",Inkoo,,,,,,alle 5 vastausta\r\n"));
    assert_non_null(strstr(r.body.data, ",Raasepori,,,,,,alle 5 vastausta\r\n"));
    assert_non_null(strstr(r.body.data, ",Lohja,Hyvä,9,90.0,10,,\r\n"));
    tresp_free(&r);
    /* raw answers of an anonymous survey: refused */
    http_get(&c, path("/raw.csv"), NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&c);
}

static void xlsx_opens_and_holds_the_same_numbers(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    tresp r;
    http_get(&c, path(".xlsx"), NULL, &r);
    assert_int_equal(r.status, 200);
    assert_memory_equal(r.body.data, "PK", 2);
    json_t *book = xlsx_read(r.body.data, r.body.len);
    tresp_free(&r);
    /* the header, then row 2: question 1, Hyvä, count 9, share 45 %, 20 answers, all as a person sees them */
    assert_string_equal(json_string_value(xlsx_cell(book, 0, 0, 0)), "Kysymyksen numero");
    assert_string_equal(json_string_value(xlsx_cell(book, 0, 0, 5)), "Osuus (%)");
    assert_int_equal(json_integer_value(xlsx_cell(book, 0, 1, 0)), 1);
    assert_string_equal(json_string_value(xlsx_cell(book, 0, 1, 1)), Q1_TEXT);
    assert_string_equal(json_string_value(xlsx_cell(book, 0, 1, 3)), "Hyvä");
    assert_true(json_is_integer(xlsx_cell(book, 0, 1, 4)));
    assert_int_equal(json_integer_value(xlsx_cell(book, 0, 1, 4)), 9);
    assert_int_equal(json_integer_value(xlsx_cell(book, 0, 1, 5)), 45);
    assert_int_equal(json_integer_value(xlsx_cell(book, 0, 1, 6)), 20);
    /* the mean of the scale question is the number 3.5 */
    json_t *rows = json_object_get(json_array_get(json_object_get(book, "sheets"), 0), "rows");
    bool mean_seen = false;
    for (size_t y = 1; y < json_array_size(rows); y++) {
        json_t *answer = xlsx_cell(book, 0, y, 3);
        if (json_integer_value(xlsx_cell(book, 0, y, 0)) == 2 && json_is_string(answer) &&
            strcmp(json_string_value(answer), "Keskiarvo") == 0) {
            assert_true(json_is_real(xlsx_cell(book, 0, y, 7)));
            assert_true(json_real_value(xlsx_cell(book, 0, y, 7)) == 3.5);
            mean_seen = true;
        }
    }
    assert_true(mean_seen);
    assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(book, "sheets"), 0), "formulas")), 0);
    json_decref(book);
    tclient_free(&c);
}

static void json_export_carries_the_model(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    tresp r;
    http_get(&c, path(".json?by=municipality"), NULL, &r);
    assert_int_equal(r.status, 200);
    json_error_t err;
    json_t *j = json_loadb(r.body.data, r.body.len, 0, &err);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "respondents")), 20);
    assert_string_equal(json_string_value(json_object_get(j, "breakdown")), "municipality");
    json_t *q1 = json_array_get(json_object_get(j, "questions"), 0);
    json_t *good = json_array_get(json_object_get(q1, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(good, "label")), "Hyvä");
    assert_int_equal(json_integer_value(json_object_get(good, "count")), 9);
    assert_int_equal(json_integer_value(json_object_get(good, "pct_tenths")), 450);
    json_t *groups = json_object_get(q1, "by_group");
    int hidden = 0;
    for (size_t i = 0; i < json_array_size(groups); i++) {
        json_t *g = json_array_get(groups, i);
        if (json_is_true(json_object_get(g, "suppressed"))) {
            hidden++;
            assert_null(json_object_get(g, "items"));   /* no numbers for a hidden group */
        }
    }
    assert_int_equal(hidden, 2);
    json_t *q3 = json_array_get(json_object_get(j, "questions"), 2);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(q3, "nps"), "score")), 25);
    json_decref(j);
    tresp_free(&r);
    tclient_free(&c);
}

static void public_results_only_when_published_with_approved_text(void **state)
{
    (void)state;
    tclient anon, c;
    tclient_init(&anon, &srv);
    tclient_init(&c, &srv);
    tresp r;
    http_get(&anon, "/fi/surveys/tulokset-testi/results", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    login_as(&c, "fi", STAFF, PASSWORD);
    char *tok = fetch_csrf(&c, results_path);
    /* without the token nothing changes */
    const char *forged[] = {"public", "1", NULL};
    http_post_form(&c, path("/publish"), forged, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    const char *bad[] = {"csrf", tok, "public", "maybe", NULL};
    http_post_form(&c, path("/publish"), bad, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    /* approve the thank-you, reject the one naming a nurse */
    int64_t thanks = testsrv_scalar(&srv, "SELECT id FROM answers WHERE value_text LIKE 'Kiitos%'", NULL, 0);
    int64_t naming = testsrv_scalar(&srv, "SELECT id FROM answers WHERE value_text LIKE 'Hoitaja%'", NULL, 0);
    char mp[160];
    snprintf(mp, sizeof mp, "%s/texts/%lld", results_path, (long long)thanks);
    const char *approve[] = {"csrf", tok, "decision", "approve", NULL};
    http_post_form(&c, mp, approve, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    snprintf(mp, sizeof mp, "%s/texts/%lld", results_path, (long long)naming);
    const char *reject[] = {"csrf", tok, "decision", "reject", NULL};
    http_post_form(&c, mp, reject, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    const char *publish[] = {"csrf", tok, "public", "1", NULL};
    http_post_form(&c, path("/publish"), publish, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);

    http_get(&anon, "/fi/surveys/tulokset-testi/results", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<th scope=\"row\">Hyvä</th><td class=\"count\">9</td><td class=\"pct\">45,0 %</td>"));
    assert_true(body_has(&r, "Kiitos <strong>ystävällisestä</strong> palvelusta!"));
    assert_false(body_has(&r, "Maija Meikäläinen"));
    assert_false(body_has(&r, "Hyväksy"));   /* no moderation for the public */
    assert_false(body_has(&r, "results.csv"));
    tresp_free(&r);
    /* the staff page marks the states */
    http_get(&c, results_path, NULL, &r);
    assert_true(body_has(&r, "Hyväksytty julkisiin tuloksiin"));
    assert_true(body_has(&r, "Hylätty: ei näytetä julkisesti"));
    assert_true(body_has(&r, "Lopeta tulosten julkinen näyttäminen"));
    tresp_free(&r);

    const char *unpublish[] = {"csrf", tok, "public", "0", NULL};
    http_post_form(&c, path("/publish"), unpublish, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_get(&anon, "/sv/surveys/tulokset-testi/results", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    free(tok);
    tclient_free(&anon);
    tclient_free(&c);
}

/* Creates the satisfaction survey of point+channel through the form; returns its poster's HTML. */
static void create_satisfaction(tclient *c, const char *point_code, const char *channel, tresp *poster)
{
    char pid[32];
    snprintf(pid, sizeof pid, "%lld",
             (long long)testsrv_scalar(&srv, "SELECT id FROM service_points WHERE code = $1", point_code, 0));
    char *tok = fetch_csrf(c, "/fi/staff/satisfaction");
    tresp r;
    const char *form[] = {"csrf", tok, "point", pid, "channel", channel, NULL};
    http_post_form(c, "/fi/staff/satisfaction", form, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    char want[160];
    snprintf(want, sizeof want, "/fi/staff/satisfaction/%s/poster?channel=%s", point_code, channel);
    assert_string_equal(loc, want);
    tresp_free(&r);
    http_get(c, loc, NULL, poster);
    assert_int_equal(poster->status, 200);
    free(loc);
    free(tok);
}

static void satisfaction_poster_short_link_and_qr(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    tresp r;
    /* bad input: 400 with the error beside the field */
    char *tok = fetch_csrf(&c, "/fi/staff/satisfaction");
    const char *bad[] = {"csrf", tok, "point", "", "channel", "visit", NULL};
    http_post_form(&c, "/fi/staff/satisfaction", bad, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"point-error\""));
    assert_true(body_has(&r, "Valitse palvelupiste."));
    tresp_free(&r);
    free(tok);

    create_satisfaction(&c, "raasepori-karis", "chat", &r);
    assert_true(body_has(&r, "<h1>Miten onnistuimme?</h1>"));
    assert_true(body_has(&r, "Karjaan terveysasema"));
    assert_true(body_has(&r, "shape-rendering=\"crispEdges\""));
    const char *u = strstr(r.body.data, "<strong class=\"short-url\">");
    assert_non_null(u);
    u = strstr(u, "/p/");
    assert_non_null(u);
    char code[8];
    memcpy(code, u + 3, 6);
    code[6] = '\0';
    assert_int_equal(u[9], '<');   /* exactly six characters */
    for (int i = 0; i < 6; i++) assert_non_null(strchr("23456789abcdefghjkmnpqrstuvwxyz", code[i]));
    tresp_free(&r);
    /* creating it again gives the same survey and code */
    create_satisfaction(&c, "raasepori-karis", "chat", &r);
    assert_true(body_has(&r, code));
    tresp_free(&r);
    assert_int_equal(testsrv_scalar(&srv, "SELECT COUNT(*) FROM surveys WHERE slug = $1", "satisfaction-raasepori-karis-chat", 0), 1);

    tclient anon;
    tclient_init(&anon, &srv);
    char p[32];
    snprintf(p, sizeof p, "/p/%s", code);
    const char *sv[] = {"Accept-Language: sv-FI,sv;q=0.9", NULL};
    http_get(&anon, p, sv, &r);
    assert_int_equal(r.status, 302);
    char *loc = tresp_header(&r, "Location");
    assert_string_equal(loc, "/sv/surveys/satisfaction-raasepori-karis-chat");
    free(loc);
    tresp_free(&r);
    const char *fi[] = {"Accept-Language: fi", NULL};
    http_get(&anon, p, fi, &r);
    loc = tresp_header(&r, "Location");
    assert_string_equal(loc, "/fi/surveys/satisfaction-raasepori-karis-chat");
    free(loc);
    tresp_free(&r);
    http_get(&anon, "/p/zzzzzz", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    /* the QR code is for staff */
    http_get(&anon, "/fi/staff/satisfaction/raasepori-karis/qr.svg?channel=chat", NULL, &r);
    assert_int_not_equal(r.status, 200);
    tresp_free(&r);
    tclient_free(&anon);

    http_get(&c, "/fi/staff/satisfaction/raasepori-karis/qr.svg?channel=chat", NULL, &r);
    assert_int_equal(r.status, 200);
    char *ct = tresp_header(&r, "Content-Type");
    assert_string_equal(ct, "image/svg+xml");
    free(ct);
    assert_true(strncmp(r.body.data, "<?xml", 5) == 0);
    assert_true(body_has(&r, "viewBox=\"0 0 "));
    assert_true(body_has(&r, p));   /* the short URL is the title */
    tresp_free(&r);
    http_get(&c, "/fi/staff/satisfaction/raasepori-karis/qr.svg?channel=video", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    tclient_free(&c);
}

static void add_nps_answers(int64_t sid, int64_t q, int64_t at, int count, int value)
{
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    for (int i = 0; i < count; i++) {
        db_param rp[] = {DB_INT(sid), DB_INT(at)};
        int64_t rid = insert_id(d, &a, "INSERT INTO responses(survey_id, submitted_at) VALUES ($1, $2) RETURNING id", 2, rp);
        db_param ap[] = {DB_INT(rid), DB_INT(sid), DB_INT(q), DB_INT(value)};
        testdb_exec(d, "INSERT INTO answers(response_id, survey_id, question_id, value_int) VALUES ($1, $2, $3, $4)", 4, ap);
    }
    if (survey_counts_rebuild(d, sid) != 0) fail_msg("counts: %s", db_error(d));
    arena_free_all(&a);
    db_close(d);
}

static void trends_count_by_week_and_month_and_hide_small_periods(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    tresp r;
    create_satisfaction(&c, "lohja-family", "video", &r);
    tresp_free(&r);
    int64_t sid = testsrv_scalar(&srv, "SELECT id FROM surveys WHERE slug = $1", "satisfaction-lohja-family-video", 0);
    char sids[32];
    snprintf(sids, sizeof sids, "%lld", (long long)sid);
    int64_t q = testsrv_scalar(&srv, "SELECT id FROM survey_questions WHERE survey_id = CAST($1 AS INTEGER) AND kind = 'nps'",
                               sids, 0);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    struct tm first = {0};
    first.tm_year = tm.tm_year, first.tm_mon = tm.tm_mon, first.tm_mday = 1;
    int64_t month_start = (int64_t)timegm(&first);
    /* this month (and week): 6 answers of 10; last month 3, the month before 2 (both hidden); 3 months ago 8 of 6 */
    add_nps_answers(sid, q, (int64_t)now - 60, 6, 10);
    add_nps_answers(sid, q, month_start - 10 * 86400, 3, 9);
    add_nps_answers(sid, q, month_start - 40 * 86400, 2, 9);
    add_nps_answers(sid, q, month_start - 70 * 86400, 8, 6);
    char label[16], row[200];
    strftime(label, sizeof label, "%Y-%m", &tm);
    http_get(&c, "/fi/staff/satisfaction/lohja-family?period=month", NULL, &r);
    assert_int_equal(r.status, 200);
    snprintf(row, sizeof row, "<th scope=\"row\">%s</th><td class=\"count\">6</td><td class=\"nps\">100</td><td>10,00</td>", label);
    assert_true(body_has(&r, row));
    int64_t m = (int64_t)(tm.tm_year + 1900) * 12 + tm.tm_mon;
    for (int back = 1; back <= 3; back++) {
        int64_t k = m - back;
        snprintf(label, sizeof label, "%04lld-%02lld", (long long)(k / 12), (long long)(k % 12 + 1));
        if (back < 3)
            snprintf(row, sizeof row, "<th scope=\"row\">%s</th><td colspan=\"3\">alle 5 vastausta</td>", label);
        else
            snprintf(row, sizeof row, "<th scope=\"row\">%s</th><td class=\"count\">8</td><td class=\"nps\">-100</td><td>6,00</td>", label);
        assert_true(body_has(&r, row));
    }
    assert_true(body_has(&r, "class=\"path\"") || body_has(&r, "class=\"line\""));
    assert_true(body_has(&r, "class=\"gap\""));
    tresp_free(&r);

    http_get(&c, "/fi/staff/satisfaction/lohja-family?period=week", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<option value=\"week\" selected>"));
    strftime(label, sizeof label, "%G-W%V", &tm);
    snprintf(row, sizeof row, "<th scope=\"row\">%s</th><td class=\"count\">6</td><td class=\"nps\">100</td>", label);
    assert_true(body_has(&r, row));
    tresp_free(&r);

    /* the overview compares municipalities and draws the county trend */
    http_get(&c, "/fi/staff/satisfaction", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Asiakastyytyväisyys</h1>"));
    assert_true(body_has(&r, "id=\"comparison\""));
    assert_true(body_has(&r, "<th scope=\"row\">Kirkkonummi</th>"));
    assert_true(body_has(&r, "aria-labelledby=\"cmp-nps-t cmp-nps-d\""));
    assert_true(body_has(&r, "aria-labelledby=\"trend-t trend-d\""));
    tresp_free(&r);
    http_get(&c, "/fi/staff/satisfaction/no-such-point", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(staff_see_counts_shares_means_nps_matrix_and_ranking),
        cmocka_unit_test(small_groups_are_suppressed_with_the_next_smallest),
        cmocka_unit_test(csv_holds_the_numbers_of_the_page),
        cmocka_unit_test(xlsx_opens_and_holds_the_same_numbers),
        cmocka_unit_test(json_export_carries_the_model),
        cmocka_unit_test(public_results_only_when_published_with_approved_text),
        cmocka_unit_test(satisfaction_poster_short_link_and_qr),
        cmocka_unit_test(trends_count_by_week_and_month_and_hide_small_periods),
    };
    return cmocka_run_group_tests_name("survey_results", tests, setup, teardown);
}
