/* Staff side of first contact over HTTP: staff import FHIR Questionnaires
 * (a new canonical url is version 1, the same url again version 2, a
 * refused one lists its issues by linkId and keeps the pasted text), preview
 * a version through the residents' pages without storing anything, publish
 * (residents then get that version), tie it to a directory service, export
 * it as FHIR JSON; residents are kept out. The management reports show the
 * exact counts, shares, median and 90th percentile of fixture data built in
 * the database, on the page, in the CSV and in the XLSX, and flag the one
 * municipality whose outcomes differ from the county's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include "testsrv.h"
#include "csvread.h"
#include "xlsxread.h"
#include "selfassess/selfassess.h"

#define PW "kohtaamo-demo-2026"
#define NBSP "\xC2\xA0"

static testsrv srv;

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, 0); }

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    setenv("KOHTAAMO_PASSWORD", PW, 1);
    const char *const add1[] = {"user", "add", "--email", "sa-staff@kohtaamo.example", "--role", "staff", "--name",
                                "Sanna Staff", NULL};
    const char *const add2[] = {"user", "add", "--email", "sa-resident@kohtaamo.example", "--role", "resident", "--name",
                                "Risto Resident", NULL};
    assert_int_equal(run_cli(&srv, NULL, add1), 0);
    assert_int_equal(run_cli(&srv, NULL, add2), 0);
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

static void expect(const tresp *r, long status, const char *needle)
{
    if (r->status != status || (needle && !body_has(r, needle)))
        fprintf(stderr, "expected %ld with [%s], got %ld:\n%.*s\n", status, needle ? needle : "", r->status,
                (int)(r->body.len > 6000 ? 6000 : r->body.len), r->body.data ? r->body.data : "");
    assert_int_equal(r->status, status);
    if (needle) assert_true(body_has(r, needle));
}

/* ---- a questionnaire to import ---- */

/* A two-page questionnaire: breathing (a red flag) on page 1, cough on page 2. */
#define Q_DOC                                                                                                          \
    "{\"resourceType\":\"Questionnaire\",\"id\":\"breath-test\",\"url\":\"https://kohtaamo.example/fhir/Questionnaire/breath\"," \
    "\"name\":\"BreathTest\",\"title\":\"%s\",\"status\":\"active\",\"extension\":["                              \
    "{\"url\":\"https://kohtaamo.fi/fhir/StructureDefinition/outcome-rule\",\"extension\":["                          \
    "  {\"url\":\"urgency\",\"valueCode\":\"emergency\"},{\"url\":\"answeredItem\",\"valueString\":\"breath\"},"      \
    "  {\"url\":\"answeredCode\",\"valueCode\":\"hard\"},{\"url\":\"advice\",\"valueString\":\"Hengitys on vaikeaa: soita heti.\"}]}," \
    "{\"url\":\"https://kohtaamo.fi/fhir/StructureDefinition/outcome-rule\",\"extension\":["                          \
    "  {\"url\":\"urgency\",\"valueCode\":\"selfcare\"},{\"url\":\"advice\",\"valueString\":\"Lepaa ja juo.\"}]}],"   \
    "\"item\":[{\"linkId\":\"p1\",\"type\":\"group\",\"text\":\"Hengitys\",\"item\":["                                \
    "  {\"linkId\":\"breath\",\"type\":\"choice\",\"required\":true,\"text\":\"Miten hengitat?\",\"answerOption\":["   \
    "    {\"valueCoding\":{\"code\":\"easy\",\"display\":\"Helposti\"}},{\"valueCoding\":{\"code\":\"hard\",\"display\":\"Vaikeasti\"}}]}]}," \
    " {\"linkId\":\"p2\",\"type\":\"group\",\"text\":\"Yska\",\"item\":["                                             \
    "  {\"linkId\":\"cough\",\"type\":\"boolean\",\"text\":\"Onko sinulla yskaa?\"}]}]}"

static const char REFUSED[] =
    "{\"resourceType\":\"Questionnaire\",\"url\":\"https://kohtaamo.example/fhir/Questionnaire/photo\",\"status\":\"draft\","
    "\"title\":\"Kuvakysely\",\"item\":[{\"linkId\":\"photo-of-rash\",\"type\":\"attachment\",\"text\":\"Kuva ihottumasta\"}]}";

static void post_multipart(tclient *c, const char *path, const char *tok, const char *field, const char *filename,
                           const char *content, tresp *r)
{
    const char *bd = "----kohtaamoStaffBoundary3";
    buf b = BUF_INIT;
    buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n", bd, tok);
    if (filename)
        buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                       "Content-Type: application/fhir+json\r\n\r\n", bd, field, filename);
    else
        buf_printf(&b, "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n", bd, field);
    buf_puts(&b, content);
    buf_printf(&b, "\r\n--%s--\r\n", bd);
    char ct[128];
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", bd);
    http_request(c, "POST", path, ct, b.data, b.len, NULL, r);
    buf_free(&b);
}

/* Submits page as a browser would, going on to the next page. */
static void submit(tclient *c, const char *path, const tresp *page, const char *const *extra, tresp *out)
{
    http_submit_page(c, path, page, "next", extra, out);
}

/* ---- questionnaires ---- */

static void import_preview_publish_export(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", "sa-staff@kohtaamo.example", PW);
    tresp r;
    http_get(&c, "/fi/staff/self-assessment", NULL, &r);
    expect(&r, 200, "enctype=\"multipart/form-data\"");
    tresp_free(&r);
    char *tok = fetch_csrf(&c, "/fi/staff/self-assessment");

    /* a file: a new questionnaire, version 1 */
    char v1[8192], v2[8192];
    snprintf(v1, sizeof v1, Q_DOC, "Hengitystesti yksi");
    snprintf(v2, sizeof v2, Q_DOC, "Hengitystesti kaksi");
    post_multipart(&c, "/fi/staff/self-assessment/import", tok, "file", "breath.json", v1, &r);
    expect(&r, 303, NULL);
    char *loc = tresp_header(&r, "Location");
    assert_non_null(loc);
    assert_string_equal(loc, "/fi/staff/self-assessment/breath-test?done=imported");
    tresp_free(&r);
    http_get(&c, loc, NULL, &r);
    expect(&r, 200, "Kysely tuotiin uutena versiona.");
    assert_true(body_has(&r, "<th scope=\"row\">1</th><td>Hengitystesti yksi</td><td>Käytössä</td>"));
    assert_true(body_has(&r, "Sanna Staff"));
    assert_true(body_has(&r, "Ei julkaistu: asukkaat eivät näe sitä."));
    tresp_free(&r);
    free(loc);
    assert_int_equal(scalar("SELECT COUNT(*) FROM questionnaire_versions v JOIN questionnaires q ON q.id = "
                            "v.questionnaire_id WHERE q.slug = $1", "breath-test"), 1);

    /* pasted, the same canonical url: version 2 of the same questionnaire */
    post_multipart(&c, "/fi/staff/self-assessment/import", tok, "json", NULL, v2, &r);
    expect(&r, 303, NULL);
    loc = tresp_header(&r, "Location");
    assert_string_equal(loc, "/fi/staff/self-assessment/breath-test?done=imported");
    free(loc);
    tresp_free(&r);
    http_get(&c, "/fi/staff/self-assessment", NULL, &r);
    expect(&r, 200, "<th scope=\"row\">2</th><td>Hengitystesti kaksi</td>");
    assert_true(body_has(&r, "<th scope=\"row\">1</th><td>Hengitystesti yksi</td>"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT MAX(v.version) FROM questionnaire_versions v JOIN questionnaires q ON q.id = "
                            "v.questionnaire_id WHERE q.slug = $1", "breath-test"), 2);

    /* refused: 422, the issue names the linkId and the feature, the text is kept */
    int64_t versions_before = scalar("SELECT COUNT(*) FROM questionnaire_versions", NULL);
    post_multipart(&c, "/fi/staff/self-assessment/import", tok, "json", NULL, REFUSED, &r);
    expect(&r, 422, "Kyselyä ei tuotu: se käyttää ominaisuuksia, joita ei tueta.");
    if (!body_has(&r, "<td><code>photo-of-rash</code></td><td>")) fprintf(stderr, "%s\n", strstr(r.body.data, "import-title"));
    assert_true(body_has(&r, "<td><code>photo-of-rash</code></td><td>"));
    assert_true(body_has(&r, "attachment"));
    assert_true(body_has(&r, "Kuva ihottumasta"));   /* the pasted JSON, back in the textarea */
    assert_true(body_has(&r, "photo-of-rash&quot;"));
    tresp_free(&r);
    /* not JSON: 400, kept */
    post_multipart(&c, "/fi/staff/self-assessment/import", tok, "json", NULL, "{\"resourceType\": \"Questionn", &r);
    expect(&r, 400, "Kyselyä ei tuotu: teksti ei ole JSONia.");
    assert_true(body_has(&r, "{&quot;resourceType&quot;: &quot;Questionn</textarea>"));
    tresp_free(&r);
    /* nothing at all: 400 */
    post_multipart(&c, "/fi/staff/self-assessment/import", tok, "json", NULL, "  ", &r);
    expect(&r, 400, "Valitse JSON-tiedosto tai liitä kysely JSON-muodossa.");
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM questionnaire_versions", NULL), versions_before);

    /* residents see nothing before it is published */
    tclient anon;
    tclient_init(&anon, &srv);
    http_get(&anon, "/fi/self-assessment/breath-test", NULL, &r);
    expect(&r, 404, NULL);
    tresp_free(&r);

    /* preview of version 1: the residents' pages, the outcome, nothing stored */
    int64_t stored_before = scalar("SELECT COUNT(*) FROM assessments", NULL);
    const char *pv = "/fi/staff/self-assessment/breath-test/versions/1/preview";
    http_get(&c, pv, NULL, &r);
    expect(&r, 200, "Näin asukkaat näkevät tämän version. Mitään täällä vastaamaasi ei tallenneta.");
    assert_true(body_has(&r, "Hengitystesti yksi"));
    assert_true(body_has(&r, "action=\"/fi/staff/self-assessment/breath-test/versions/1/preview\""));
    tresp page2;
    submit(&c, pv, &r, NULL, &page2);
    expect(&page2, 200, "Miten hengitat?");
    assert_true(body_has(&page2, "Vaikeasti"));
    assert_true(body_has(&page2, "ei tallenneta"));
    tresp_free(&r);
    const char *hard[] = {"a:breath", "hard", NULL};
    submit(&c, pv, &page2, hard, &r);
    expect(&r, 200, "Onko sinulla yskaa?");
    tresp_free(&page2);
    submit(&c, pv, &r, NULL, &page2);
    expect(&page2, 200, "Soita hätänumeroon 112 nyt");
    assert_true(body_has(&page2, "Hengitys on vaikeaa: soita heti."));
    assert_true(body_has(&page2, "ei tallenneta"));
    assert_false(body_has(&page2, "/self-assessment/result/"));   /* no receipt: nothing to come back to */
    tresp_free(&page2);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM assessments", NULL), stored_before);
    http_get(&c, "/fi/staff/self-assessment/breath-test/versions/9/preview", NULL, &r);
    expect(&r, 404, NULL);
    tresp_free(&r);

    /* publish version 1, then 2: residents get what is published */
    const char *none[] = {"csrf", tok, NULL};
    http_post_form(&c, "/fi/staff/self-assessment/breath-test/versions/1/publish", none, &r);
    expect(&r, 303, NULL);
    tresp_free(&r);
    http_get(&anon, "/fi/self-assessment/breath-test", NULL, &r);
    expect(&r, 200, "Hengitystesti yksi");
    tresp_free(&r);
    http_post_form(&c, "/fi/staff/self-assessment/breath-test/versions/2/publish", none, &r);
    expect(&r, 303, NULL);
    tresp_free(&r);
    http_get(&anon, "/fi/self-assessment/breath-test", NULL, &r);
    expect(&r, 200, "Hengitystesti kaksi");
    assert_false(body_has(&r, "Hengitystesti yksi"));
    tresp_free(&r);
    http_get(&c, "/fi/staff/self-assessment/breath-test", NULL, &r);
    expect(&r, 200, "Asukkaat vastaavat versioon 2");
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1", "selfassess.publish"), 2);
    assert_int_equal(scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1", "selfassess.import"), 2);

    /* the directory service and order */
    int64_t sid = scalar("SELECT MIN(id) FROM services", NULL);
    char sids[32];
    snprintf(sids, sizeof sids, "%lld", (long long)sid);
    const char *svc[] = {"csrf", tok, "service_id", sids, "sort_order", "7", NULL};
    http_post_form(&c, "/fi/staff/self-assessment/breath-test/service", svc, &r);
    expect(&r, 303, NULL);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT service_id FROM questionnaires WHERE slug = $1", "breath-test"), sid);
    assert_int_equal(scalar("SELECT sort_order FROM questionnaires WHERE slug = $1", "breath-test"), 7);
    const char *badsvc[] = {"csrf", tok, "service_id", "999999", "sort_order", "x", NULL};
    http_post_form(&c, "/fi/staff/self-assessment/breath-test/service", badsvc, &r);
    expect(&r, 400, "Valitse palvelu luettelosta ja anna järjestys kokonaislukuna.");
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM audit_log WHERE action = $1", "selfassess.service"), 1);

    /* export: the same items, with the id and version this server knows */
    http_get(&c, "/fi/staff/self-assessment/breath-test/versions/2.json", NULL, &r);
    expect(&r, 200, NULL);
    char *ct = tresp_header(&r, "Content-Type");
    assert_non_null(strstr(ct, "application/fhir+json"));
    free(ct);
    json_t *got = json_loadb(r.body.data, r.body.len, 0, NULL), *orig = json_loads(v2, 0, NULL);
    assert_non_null(got);
    assert_non_null(orig);
    assert_string_equal(json_string_value(json_object_get(got, "resourceType")), "Questionnaire");
    assert_string_equal(json_string_value(json_object_get(got, "id")), "breath-test");
    assert_string_equal(json_string_value(json_object_get(json_object_get(got, "meta"), "versionId")), "2");
    assert_true(json_equal(json_object_get(got, "item"), json_object_get(orig, "item")));
    assert_true(json_equal(json_object_get(got, "extension"), json_object_get(orig, "extension")));
    assert_string_equal(json_string_value(json_object_get(got, "url")), json_string_value(json_object_get(orig, "url")));
    json_decref(got);
    json_decref(orig);
    tresp_free(&r);
    http_get(&c, "/fi/staff/self-assessment/breath-test/versions/3.json", NULL, &r);
    expect(&r, 404, NULL);
    tresp_free(&r);

    free(tok);
    tclient_free(&anon);
    tclient_free(&c);
}

static void residents_are_kept_out(void **state)
{
    (void)state;
    const char *pages[] = {"/fi/staff/self-assessment", "/fi/staff/self-assessment/reports",
                           "/fi/staff/self-assessment/reports.csv", "/fi/staff/self-assessment/reports.xlsx",
                           "/fi/staff/self-assessment/breath-test", "/fi/staff/self-assessment/breath-test/versions/1/preview",
                           "/fi/staff/self-assessment/breath-test/versions/1.json", NULL};
    tclient anon, res;
    tclient_init(&anon, &srv);
    tclient_init(&res, &srv);
    login_as(&res, "fi", "sa-resident@kohtaamo.example", PW);
    for (int i = 0; pages[i]; i++) {
        tresp r;
        http_get(&anon, pages[i], NULL, &r);
        expect(&r, 303, NULL);
        char *loc = tresp_header(&r, "Location");
        assert_non_null(loc);
        assert_non_null(strstr(loc, "/fi/login"));
        free(loc);
        tresp_free(&r);
        http_get(&res, pages[i], NULL, &r);
        expect(&r, 403, NULL);
        tresp_free(&r);
    }
    /* a resident's POST with a valid token of their own is still refused */
    char *tok = fetch_csrf(&res, "/fi/feedback");
    tresp r;
    const char *pub[] = {"csrf", tok ? tok : "", NULL};
    http_post_form(&res, "/fi/staff/self-assessment/breath-test/versions/1/publish", pub, &r);
    expect(&r, 403, NULL);
    tresp_free(&r);
    free(tok);
    tclient_free(&anon);
    tclient_free(&res);
}

/* ---- reports ---- */

static void add_assessments(db *d, int64_t qid, int64_t vid, int64_t mid, const char *urgency, int64_t week, int count,
                            int handed)
{
    db_param p[] = {DB_INT(count), DB_INT(qid), DB_INT(vid), DB_INT(mid), DB_TEXT(urgency), DB_INT(handed),
                    DB_INT(week), DB_INT(week + 3600)};
    testdb_exec(d,
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) "
                "INSERT INTO assessments(questionnaire_id, version_id, municipality_id, lang, channel, answers, score, "
                "urgency, rule_index, handed_over, week_start, created_at) "
                "SELECT $2, $3, $4, 'fi', 'form', '{}', 0, $5, 0, CASE WHEN i <= $6 THEN 1 ELSE 0 END, $7, $8 FROM n",
                8, p);
}

static void add_callback(db *d, const char *ref, int64_t qid, int64_t mid, int64_t created, int64_t delay_min)
{
    db_param p[] = {DB_TEXT(ref), DB_INT(qid), DB_INT(mid), DB_INT(created),
                    delay_min >= 0 ? DB_INT(created + delay_min * 60) : DB_NULL};
    testdb_exec(d,
                "INSERT INTO callback_requests(reference, assessment_id, municipality_id, urgency, preferred_lang, status, "
                "first_call_at, due_at, created_at, updated_at) "
                "SELECT $1, (SELECT MIN(id) FROM assessments WHERE questionnaire_id = $2 AND municipality_id = $3), $3, "
                "'days', 'fi', 'claimed', $5, $4 + 86400, $4, $4", 5, p);
}

static const char *week_iso(int64_t week_start, char *out, size_t n)
{
    time_t t = (time_t)(week_start + 12 * 3600);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%G-W%V", &tm);
    return out;
}

/* The CSV's rows (after the header) as arrays of fields; returns the count. */
static int csv_rows(const tresp *r, char ***rows[], int *widths, int max)
{
    const char *p = r->body.data, *end = r->body.data + r->body.len;
    assert_true(r->body.len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0);
    p += 3;
    int n = 0;
    while (p < end && n < max) {
        char **f;
        int k = csv_read_record(&p, end, &f);
        assert_true(k > 0);
        *rows[n] = f;
        widths[n++] = k;
    }
    return n;
}

static int find_row(char ***rows, int *widths, int n, int col, const char *value, int col2, const char *value2)
{
    for (int i = 0; i < n; i++)
        if (widths[i] > col && strcmp(rows[i][col], value) == 0 && (col2 < 0 || strcmp(rows[i][col2], value2) == 0))
            return i;
    return -1;
}

static void reports_show_exact_numbers(void **state)
{
    (void)state;
    db *d = testsrv_db(&srv);
    int64_t now = (int64_t)time(NULL);
    db_param qp[] = {DB_INT(now)};
    testdb_exec(d, "INSERT INTO questionnaires(slug, created_at, updated_at) VALUES('report-q', $1, $1)", 1, qp);
    testdb_exec(d, "INSERT INTO questionnaire_versions(questionnaire_id, version, title_fi, status, resource, created_at) "
                   "SELECT id, 1, 'Raporttikysely', 'active', '{}', $1 FROM questionnaires WHERE slug = 'report-q'", 1, qp);
    int64_t qid = scalar("SELECT id FROM questionnaires WHERE slug = $1", "report-q");
    int64_t vid = scalar("SELECT id FROM questionnaire_versions WHERE questionnaire_id = (SELECT id FROM questionnaires "
                         "WHERE slug = $1)", "report-q");
    int64_t ras = scalar("SELECT id FROM municipalities WHERE code = $1", "710");   /* Raasepori */
    int64_t loh = scalar("SELECT id FROM municipalities WHERE code = $1", "444");   /* Lohja */
    int64_t han = scalar("SELECT id FROM municipalities WHERE code = $1", "078");   /* Hanko */
    int64_t w0 = sa_week_start(now), w1 = sa_week_start(now - 7 * 86400), wold = sa_week_start(now - 30 * 7 * 86400);
    /* Raasepori 100: 50 routine, 50 self-care over two weeks; Lohja the same in one week;
     * Hanko 40: 4 routine and 36 self-care, the one that differs. County routine 104/240 = 43.3 %. */
    add_assessments(d, qid, vid, ras, "routine", w0, 30, 6);
    add_assessments(d, qid, vid, ras, "selfcare", w0, 30, 0);
    add_assessments(d, qid, vid, ras, "routine", w1, 20, 0);
    add_assessments(d, qid, vid, ras, "selfcare", w1, 20, 0);
    add_assessments(d, qid, vid, ras, "emergency", wold, 5, 0);   /* outside 12 weeks, inside 52 */
    add_assessments(d, qid, vid, loh, "routine", w0, 50, 10);
    add_assessments(d, qid, vid, loh, "selfcare", w0, 50, 0);
    add_assessments(d, qid, vid, han, "routine", w0, 4, 0);
    add_assessments(d, qid, vid, han, "selfcare", w0, 36, 0);
    /* callbacks (nearest rank): Raasepori 10..50 min -> median rank 3 = 30, p90 rank 5 = 50;
     * Lohja 1..10 h -> median rank 5 = 5 h, p90 rank 9 = 9 h */
    int64_t t0 = now - 2 * 86400;
    const int ras_delays[] = {30, 10, 50, 40, 20};
    char ref[32];
    for (int i = 0; i < 5; i++) {
        snprintf(ref, sizeof ref, "SA-RAS-%d", i);
        add_callback(d, ref, qid, ras, t0 + i, ras_delays[i]);
    }
    for (int i = 0; i < 10; i++) {
        snprintf(ref, sizeof ref, "SA-LOH-%d", i);
        add_callback(d, ref, qid, loh, t0 + i, (int64_t)(10 - i) * 60);
    }
    add_callback(d, "SA-HAN-0", qid, han, t0, -1);                          /* not called yet */
    add_callback(d, "SA-RAS-OLD", qid, ras, now - 200 * 86400, 5000);    /* before the period */
    db_close(d);

    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", "sa-staff@kohtaamo.example", PW);
    tresp r;
    http_get(&c, "/fi/staff/self-assessment/reports?questionnaire=report-q", NULL, &r);
    expect(&r, 200, "<caption>Raporttikysely: kiireellisyyksien osuudet kunnittain</caption>");
    char w0s[16], w1s[16];
    week_iso(w0, w0s, sizeof w0s);
    week_iso(w1, w1s, sizeof w1s);
    /* weekly counts: emergency, urgent, days, routine, self-care, total, handed over, share */
    const char *cells = "</span></td><td>0</td><td>0</td><td>0</td><td>30</td><td>30</td><td>60</td><td>6</td><td>10,0" NBSP "%</td>";
    char needle[512];
    snprintf(needle, sizeof needle, "<th scope=\"row\">Raasepori</th><td><time datetime=\"%s\">", w0s);
    assert_true(body_has(&r, needle));
    assert_true(body_has(&r, cells));
    assert_true(body_has(&r, "</span></td><td>0</td><td>0</td><td>0</td><td>50</td><td>50</td><td>100</td><td>10</td><td>10,0" NBSP "%</td>"));
    assert_true(body_has(&r, "</span></td><td>0</td><td>0</td><td>0</td><td>20</td><td>20</td><td>40</td><td>0</td><td>0,0" NBSP "%</td>"));
    snprintf(needle, sizeof needle, "<th scope=\"row\">Raasepori</th><td><time datetime=\"%s\">", w1s);
    assert_true(body_has(&r, needle));
    /* side by side: Hanko differs, the others do not */
    assert_true(body_has(&r, "<tr class=\"sa-flagged\"><th scope=\"row\">Hanko</th><td>0,0" NBSP "%</td><td>0,0" NBSP
                             "%</td><td>0,0" NBSP "%</td><td>10,0" NBSP "%</td><td>90,0" NBSP "%</td><td>40</td><td>0,0" NBSP
                             "%</td><td><strong>Poikkeaa koko alueesta</strong></td></tr>"));
    assert_true(body_has(&r, "<tr><th scope=\"row\">Raasepori</th><td>0,0" NBSP "%</td><td>0,0" NBSP "%</td><td>0,0" NBSP
                             "%</td><td>50,0" NBSP "%</td><td>50,0" NBSP "%</td><td>100</td><td>6,0" NBSP "%</td><td>–</td></tr>"));
    assert_true(body_has(&r, "<tr><th scope=\"row\">Lohja</th>"));
    assert_false(body_has(&r, "<tr class=\"sa-flagged\"><th scope=\"row\">Lohja</th>"));
    assert_false(body_has(&r, "<tr class=\"sa-flagged\"><th scope=\"row\">Raasepori</th>"));
    assert_true(body_has(&r, "<th scope=\"row\">Koko hyvinvointialue</th><td>0,0" NBSP "%</td><td>0,0" NBSP "%</td><td>0,0" NBSP
                             "%</td><td>43,3" NBSP "%</td><td>56,7" NBSP "%</td><td>240</td><td>6,7" NBSP "%</td>"));
    /* time to the first call */
    assert_true(body_has(&r, "<tr><th scope=\"row\">Raasepori</th><td>5</td><td>30 min</td><td>50 min</td></tr>"));
    assert_true(body_has(&r, "<tr><th scope=\"row\">Lohja</th><td>10</td><td>5 h 00 min</td><td>9 h 00 min</td></tr>"));
    assert_false(body_has(&r, "<tr><th scope=\"row\">Hanko</th><td>1</td>"));
    assert_true(body_has(&r, "<th scope=\"col\">Hätätilanne</th>"));
    tresp_free(&r);

    /* a longer period takes in the older week; English numbers */
    http_get(&c, "/en/staff/self-assessment/reports?questionnaire=report-q", NULL, &r);
    expect(&r, 200, "<td>43.3%</td>");
    tresp_free(&r);
    http_get(&c, "/fi/staff/self-assessment/reports?questionnaire=report-q&weeks=52", NULL, &r);
    expect(&r, 200, "<th scope=\"row\">Koko hyvinvointialue</th><td>2,0" NBSP "%</td>");
    assert_true(body_has(&r, "<td>105</td>"));
    tresp_free(&r);
    http_get(&c, "/fi/staff/self-assessment/reports?weeks=0", NULL, &r);
    expect(&r, 400, "Jakson on oltava kokonainen määrä viikkoja väliltä 1–104.");
    tresp_free(&r);
    http_get(&c, "/fi/staff/self-assessment/reports?questionnaire=nope", NULL, &r);
    expect(&r, 400, NULL);
    tresp_free(&r);

    /* CSV: weekly counts */
    char **rowv[64];
    char ***rows[64];
    int widths[64];
    for (int i = 0; i < 64; i++) rows[i] = &rowv[i];
    http_get(&c, "/fi/staff/self-assessment/reports.csv?questionnaire=report-q", NULL, &r);
    expect(&r, 200, NULL);
    int n = csv_rows(&r, rows, widths, 64);
    assert_int_equal(n, 1 + 4);   /* header; Raasepori twice, Lohja, Hanko */
    char w0d[16];
    {
        time_t t = (time_t)(w0 + 12 * 3600);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(w0d, sizeof w0d, "%Y-%m-%d", &tm);
    }
    assert_string_equal(rowv[0][0], "Kysely");
    int k = find_row(rowv, widths, n, 2, "710", 3, w0d);
    assert_true(k > 0);
    assert_int_equal(widths[k], 12);
    const char *want[] = {"Raporttikysely", "Raasepori", "710", w0d, "0", "0", "0", "30", "30", "60", "6", "10.0"};
    for (int i = 0; i < 12; i++) assert_string_equal(rowv[k][i], want[i]);
    k = find_row(rowv, widths, n, 2, "444", -1, NULL);
    assert_string_equal(rowv[k][9], "100");
    assert_string_equal(rowv[k][10], "10");
    for (int i = 0; i < n; i++) csv_fields_free(rowv[i], widths[i]);
    tresp_free(&r);

    /* CSV: outcomes with the flag */
    http_get(&c, "/fi/staff/self-assessment/reports.csv?questionnaire=report-q&table=outcomes", NULL, &r);
    expect(&r, 200, NULL);
    n = csv_rows(&r, rows, widths, 64);
    assert_int_equal(n, 1 + 3 + 1);
    k = find_row(rowv, widths, n, 2, "078", -1, NULL);
    assert_true(k > 0);
    assert_string_equal(rowv[k][6], "10.0");   /* routine % */
    assert_string_equal(rowv[k][7], "90.0");
    assert_string_equal(rowv[k][8], "40");
    assert_string_equal(rowv[k][11], "1");     /* differs */
    k = find_row(rowv, widths, n, 2, "710", -1, NULL);
    assert_string_equal(rowv[k][11], "0");
    k = find_row(rowv, widths, n, 2, "444", -1, NULL);
    assert_string_equal(rowv[k][11], "0");
    k = find_row(rowv, widths, n, 1, "Koko hyvinvointialue", -1, NULL);
    assert_string_equal(rowv[k][6], "43.3");
    assert_string_equal(rowv[k][8], "240");
    for (int i = 0; i < n; i++) csv_fields_free(rowv[i], widths[i]);
    tresp_free(&r);

    /* CSV: time to the first call, in minutes */
    http_get(&c, "/fi/staff/self-assessment/reports.csv?questionnaire=report-q&table=callbacks", NULL, &r);
    expect(&r, 200, NULL);
    n = csv_rows(&r, rows, widths, 64);
    assert_int_equal(n, 1 + 2);
    k = find_row(rowv, widths, n, 1, "710", -1, NULL);
    assert_string_equal(rowv[k][2], "5");
    assert_string_equal(rowv[k][3], "30.0");
    assert_string_equal(rowv[k][4], "50.0");
    k = find_row(rowv, widths, n, 1, "444", -1, NULL);
    assert_string_equal(rowv[k][2], "10");
    assert_string_equal(rowv[k][3], "300.0");
    assert_string_equal(rowv[k][4], "540.0");
    for (int i = 0; i < n; i++) csv_fields_free(rowv[i], widths[i]);
    tresp_free(&r);
    http_get(&c, "/fi/staff/self-assessment/reports.csv?table=nope", NULL, &r);
    expect(&r, 400, NULL);
    tresp_free(&r);

    /* XLSX: the same numbers, as numbers */
    http_get(&c, "/fi/staff/self-assessment/reports.xlsx?questionnaire=report-q", NULL, &r);
    expect(&r, 200, NULL);
    json_t *book = xlsx_read(r.body.data, r.body.len);
    tresp_free(&r);
    json_t *sheets = json_object_get(book, "sheets");
    assert_int_equal(json_array_size(sheets), 3);
    for (size_t s = 0; s < 3; s++)
        assert_int_equal(json_array_size(json_object_get(json_array_get(sheets, s), "formulas")), 0);
    bool seen_week = false;
    for (size_t y = 1; xlsx_cell(book, 0, y, 0); y++)
        if (!strcmp(json_string_value(xlsx_cell(book, 0, y, 2)), "710") &&
            !strcmp(json_string_value(xlsx_cell(book, 0, y, 3)), w0d)) {
            assert_true(json_is_number(xlsx_cell(book, 0, y, 7)));
            assert_true(json_number_value(xlsx_cell(book, 0, y, 7)) == 30);
            assert_true(json_number_value(xlsx_cell(book, 0, y, 9)) == 60);
            assert_true(json_number_value(xlsx_cell(book, 0, y, 10)) == 6);
            assert_true(json_number_value(xlsx_cell(book, 0, y, 11)) == 10);
            seen_week = true;
        }
    assert_true(seen_week);
    int flagged = 0, flagged_hanko = 0;
    for (size_t y = 1; xlsx_cell(book, 1, y, 0); y++) {
        if (json_number_value(xlsx_cell(book, 1, y, 10)) == 1) {
            flagged++;
            flagged_hanko += !strcmp(json_string_value(xlsx_cell(book, 1, y, 2)), "078");
            assert_true(json_number_value(xlsx_cell(book, 1, y, 6)) == 10);
        }
    }
    assert_int_equal(flagged, 1);
    assert_int_equal(flagged_hanko, 1);
    int cb_rows = 0;
    for (size_t y = 1; xlsx_cell(book, 2, y, 0); y++, cb_rows++) {
        const char *code = json_string_value(xlsx_cell(book, 2, y, 1));
        double med = json_number_value(xlsx_cell(book, 2, y, 3)), p90 = json_number_value(xlsx_cell(book, 2, y, 4));
        if (!strcmp(code, "710")) assert_true(med == 30 && p90 == 50);
        else if (!strcmp(code, "444")) assert_true(med == 300 && p90 == 540);
        else fail_msg("unexpected municipality %s", code);
    }
    assert_int_equal(cb_rows, 2);
    json_decref(book);

    /* the equal-access view links here */
    http_get(&c, "/fi/staff/equal-access", NULL, &r);
    expect(&r, 200, "<a href=\"/fi/staff/self-assessment/reports#outcomes\">Oirearvioiden tulokset kunnittain</a>");
    tresp_free(&r);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(import_preview_publish_export),
        cmocka_unit_test(residents_are_kept_out),
        cmocka_unit_test(reports_show_exact_numbers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
