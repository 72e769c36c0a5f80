/* First contact over HTTP: a resident answers the demo mental health
 * self-assessment page by page as a browser would (hidden fields carried,
 * back keeps answers, questions that appear from answers on the same page,
 * errors beside the field), gets the outcome with the directory's channels
 * and points, and asks for a call back; staff of the municipality claim it
 * and record the call, staff elsewhere never see it; the anonymous record
 * holds no trace of the client; the same answers give the same urgency and
 * advice in all ten municipalities; personal data of callbacks is erased. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "testsrv.h"

#define PW "kohtaamo-demo-2026"

static testsrv srv;

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, 0); }

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    setenv("KOHTAAMO_PASSWORD", PW, 1);
    const char *const add1[] = {"user", "add", "--email", "raasepori@kohtaamo.example", "--role", "staff", "--name",
                                "Rita Raseborg", NULL};
    const char *const add2[] = {"user", "add", "--email", "lohja@kohtaamo.example", "--role", "staff", "--name",
                                "Liisa Lohjalainen", NULL};
    assert_int_equal(run_cli(&srv, NULL, add1), 0);
    assert_int_equal(run_cli(&srv, NULL, add2), 0);
    db *d = testsrv_db(&srv);
    testdb_exec(d, "INSERT INTO user_municipalities(user_id, municipality_id) SELECT u.id, m.id FROM users u, municipalities m "
                   "WHERE (u.email = 'raasepori@kohtaamo.example' AND m.code = '710') "
                   "OR (u.email = 'lohja@kohtaamo.example' AND m.code = '444')", 0, NULL);
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

/* Submits page as a browser would, with the given answers and action. */
static void submit(tclient *c, const char *path, const tresp *page, const char *action, const char *const *extra,
                   tresp *out)
{
    http_submit_page(c, path, page, action, extra, out);
}

static void expect(const tresp *r, long status, const char *needle)
{
    if (r->status != status || (needle && !body_has(r, needle)))
        fail_msg("expected %ld with \"%s\", got %ld:\n%s", status, needle ? needle : "", r->status,
                 r->body.data ? r->body.data : "");
}

static const char *const MILD_DAYS[] = {
    /* mood page: phq1 and phq2 bring the rest of PHQ-9; total 11 without self-harm: "days" */
    "a:phq1", "more-than-half", "a:phq2", "more-than-half", NULL};
static const char *const MOOD_MORE[] = {
    "a:phq1", "more-than-half", "a:phq2", "more-than-half", "a:phq3", "several-days", "a:phq4", "more-than-half",
    "a:phq5", "several-days", "a:phq6", "several-days", "a:phq7", "several-days", "a:phq8", "not-at-all",
    "a:phq9", "not-at-all", NULL};
static const char *const ANXIETY[] = {"a:gad1", "several-days", "a:gad2", "not-at-all", NULL};
static const char *const ALCOHOL_NEVER_WITH_STALE[] = {"a:audit1", "never", "a:audit2", "10-or-more", "a:audit3", "daily", NULL};
static const char *const NOW_NO[] = {"a:harm-now", "no", "a:someone", "yes", NULL};

/* Answers the whole questionnaire from the start page; returns the outcome's address (malloc'd). */
static char *answer_all(tclient *c, const char *lang, const char *municipality, const char *const *now_page,
                        const char *ua_header)
{
    const char *const headers[] = {ua_header, NULL};
    char path[64];
    snprintf(path, sizeof path, "/%s/self-assessment/mental-health", lang);
    tresp start, r1, r2, r3, r4, r5, r6;
    http_get(c, path, ua_header ? headers : NULL, &start);
    expect(&start, 200, "name=\"municipality\"");
    const char *const muni[] = {"municipality", municipality, NULL};
    submit(c, path, &start, "next", muni, &r1);
    expect(&r1, 200, "name=\"a:phq1\"");
    submit(c, path, &r1, "next", MILD_DAYS, &r2);        /* more questions appear on the same page */
    expect(&r2, 200, "name=\"a:phq9\"");
    submit(c, path, &r2, "next", MOOD_MORE, &r3);
    expect(&r3, 200, "name=\"a:gad1\"");
    submit(c, path, &r3, "next", ANXIETY, &r4);
    expect(&r4, 200, "name=\"a:audit1\"");
    submit(c, path, &r4, "next", ALCOHOL_NEVER_WITH_STALE, &r5);
    expect(&r5, 200, "name=\"a:harm-now\"");
    submit(c, path, &r5, "next", now_page, &r6);
    expect(&r6, 303, NULL);
    char *loc = tresp_header(&r6, "Location");
    assert_non_null(loc);
    tresp *all[] = {&start, &r1, &r2, &r3, &r4, &r5, &r6};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tresp_free(all[i]);
    return loc;
}

static void list_by_need_in_finnish_and_swedish(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/self-assessment", NULL, &r);
    expect(&r, 200, "Mielenterveys ja päihteet");
    assert_true(body_has(&r, "href=\"/fi/self-assessment/family-support\""));
    assert_true(body_has(&r, "href=\"/fi/self-assessment/respiratory\""));
    assert_true(body_has(&r, "href=\"/fi/self-assessment/older-people\""));
    assert_true(body_has(&r, "tel:112"));
    tresp_free(&r);
    http_get(&c, "/sv/self-assessment", NULL, &r);
    expect(&r, 200, "Psykisk hälsa och missbruk");
    assert_false(body_has(&r, "Mielenterveys ja päihteet"));
    tresp_free(&r);
    http_get(&c, "/fi/self-assessment/no-such-thing", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    tclient_free(&c);
}

static void pages_keep_answers_back_and_forth_and_report_errors(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    const char *path = "/fi/self-assessment/mental-health";
    tresp start, p1, err, p1b, p2, back;
    http_get(&c, path, NULL, &start);
    expect(&start, 200, "name=\"municipality\"");
    const char *const muni[] = {"municipality", "710", NULL};
    submit(&c, path, &start, "next", muni, &p1);
    expect(&p1, 200, "Sivu 1/");
    /* nothing chosen: 400, the error beside the field and in the summary */
    submit(&c, path, &p1, "next", NULL, &err);
    expect(&err, 400, "Valitse vastaus.");
    assert_true(body_has(&err, "class=\"error-summary\""));
    assert_true(body_has(&err, "href=\"#q-"));
    /* a bad code is refused, not silently dropped */
    const char *const bogus[] = {"a:phq1", "sometimes", "a:phq2", "not-at-all", NULL};
    tresp_free(&err);
    submit(&c, path, &p1, "next", bogus, &err);
    expect(&err, 400, "Valitse jokin vaihtoehdoista.");
    /* the value that was valid is kept checked */
    assert_true(body_has(&err, "value=\"not-at-all\" checked"));
    /* mild answers on page 1: no follow-up questions, on to anxiety */
    const char *const mild[] = {"a:phq1", "several-days", "a:phq2", "not-at-all", NULL};
    submit(&c, path, &p1, "next", mild, &p2);
    expect(&p2, 200, "name=\"a:gad1\"");
    assert_false(body_has(&p2, "name=\"a:phq3\" value"));
    /* back: page 1 with the answers as they were */
    submit(&c, path, &p2, "back", NULL, &back);
    expect(&back, 200, "name=\"a:phq1\"");
    assert_true(body_has(&back, "value=\"several-days\" checked"));
    /* an answer for a question hidden by enableWhen rides along but counts for nothing */
    (void)p1b;
    tresp *all[] = {&start, &p1, &err, &p2, &back};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) tresp_free(all[i]);
    tclient_free(&c);
}

static void swedish_resident_in_raseborg_gets_days_with_swedish_places_and_asks_for_a_callback(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    int64_t before = scalar("SELECT COUNT(*) FROM assessments", NULL);
    char *loc = answer_all(&c, "sv", "710", NOW_NO, "User-Agent: UA-TRACE-4711");
    assert_int_equal(scalar("SELECT COUNT(*) FROM assessments", NULL), before + 1);
    assert_true(strncmp(loc, "/sv/self-assessment/result/", 27) == 0);
    tresp r;
    http_get(&c, loc, NULL, &r);
    expect(&r, 200, "Kontakta tjänsten inom några dagar");
    assert_false(body_has(&r, "role=\"alert\""));
    /* the directory's ways in: the chat or phone, and points in Raseborg that serve in Swedish */
    assert_true(body_has(&r, "Så här tar du kontakt"));
    assert_true(body_has(&r, "tel:+358"));
    assert_true(body_has(&r, "Raseborg"));
    assert_true(body_has(&r, "/sv/callbacks/new?assessment="));
    /* the answers, in Swedish, and nothing for the disabled alcohol follow-ups */
    assert_true(body_has(&r, "Dina svar"));
    assert_false(body_has(&r, "10 enheter eller fler"));
    tresp_free(&r);
    /* stored: the enabled answers only, and no trace of the client */
    const char *token = loc + strlen("/sv/self-assessment/result/");
    (void)token;
    assert_int_equal(scalar("SELECT COUNT(*) FROM assessments WHERE answers LIKE '%audit2%' AND id = "
                            "(SELECT MAX(id) FROM assessments)", NULL), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM assessments WHERE answers LIKE '%audit1%' AND id = "
                            "(SELECT MAX(id) FROM assessments)", NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM assessments WHERE urgency = 'days' AND lang = 'sv' AND channel = 'form' "
                            "AND municipality_id = (SELECT id FROM municipalities WHERE code = '710') AND id = (SELECT MAX(id) FROM assessments)",
                            NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM assessments WHERE answers LIKE '%UA-TRACE%' OR answers LIKE '%127.0.0.1%' "
                            "OR lang LIKE '%UA%'", NULL), 0);

    /* the callback request: errors keep what was written */
    char *cb_path = NULL;
    http_get(&c, loc, NULL, &r);
    const char *href = strstr(r.body.data, "/sv/callbacks/new?assessment=");
    const char *end = strchr(href, '"');
    cb_path = strndup(href, (size_t)(end - href));
    tresp_free(&r);
    tresp form, bad, ok;
    http_get(&c, cb_path, NULL, &form);
    expect(&form, 200, "Samtalets språk");
    const char *const missing[] = {"phone", "12", "message", "Jag sover dåligt.", NULL};
    submit(&c, "/sv/callbacks/new", &form, "x", missing, &bad);
    expect(&bad, 400, "Skriv telefonnumret med bara siffror");
    assert_true(body_has(&bad, "Jag sover dåligt."));
    assert_true(body_has(&bad, "kryssa i rutan"));
    const char *const good[] = {"phone", "040 123 4567", "preferred_lang", "sv", "window", "morning", "message",
                                "Jag sover dåligt.", "consent", "yes", "email", "invanare@example.fi", NULL};
    submit(&c, "/sv/callbacks/new", &form, "x", good, &ok);
    expect(&ok, 303, NULL);
    char *thanks = tresp_header(&ok, "Location");
    assert_non_null(strstr(thanks, "/sv/callbacks/thanks?ref=CB-"));
    tresp_free(&form);
    tresp_free(&bad);
    tresp_free(&ok);
    assert_int_equal(scalar("SELECT COUNT(*) FROM callback_requests WHERE phone = '+358401234567' AND urgency = 'days' "
                            "AND preferred_lang = 'sv' AND time_windows = 'morning' AND municipality_id = "
                            "(SELECT id FROM municipalities WHERE code = '710')", NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'invanare@example.fi'", NULL), 1);
    http_get(&c, loc, NULL, &r);
    expect(&r, 200, "Du har redan bett om att bli uppringd");
    tresp_free(&r);

    /* staff elsewhere never see it; staff in Raseborg do, and opening it is audited */
    int64_t id = scalar("SELECT id FROM callback_requests WHERE phone = '+358401234567'", NULL);
    char detail[64];
    snprintf(detail, sizeof detail, "/fi/staff/callbacks/%lld", (long long)id);
    tclient lohja;
    tclient_init(&lohja, &srv);
    login_as(&lohja, "fi", "lohja@kohtaamo.example", PW);
    http_get(&lohja, "/fi/staff/callbacks", NULL, &r);
    expect(&r, 200, "Takaisinsoittopyynnöt");
    assert_false(body_has(&r, detail));
    tresp_free(&r);
    http_get(&lohja, detail, NULL, &r);
    assert_int_equal(r.status, 404);
    assert_false(body_has(&r, "+358401234567"));
    tresp_free(&r);
    tclient_free(&lohja);

    tclient staff;
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", "raasepori@kohtaamo.example", PW);
    http_get(&staff, "/fi/staff/callbacks", NULL, &r);
    expect(&r, 200, detail);
    tresp_free(&r);
    int64_t audits = scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'callback.view'", NULL);
    http_get(&staff, detail, NULL, &r);
    expect(&r, 200, "+358401234567");
    assert_true(body_has(&r, "Jag sover dåligt."));
    assert_true(body_has(&r, "Ota yhteyttä palveluun muutaman päivän sisällä"));   /* the outcome travels along */
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'callback.view'", NULL), audits + 1);
    /* claim, then record the call */
    char path[96];
    snprintf(path, sizeof path, "%s/claim", detail);
    char *tok = fetch_csrf(&staff, detail);
    const char *const claim[] = {"csrf", tok, NULL};
    http_post_form(&staff, path, claim, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM callback_requests WHERE status = 'claimed' AND claimed_by = "
                            "(SELECT id FROM users WHERE email = 'raasepori@kohtaamo.example')", NULL), 1);
    snprintf(path, sizeof path, "%s/call", detail);
    const char *const nothing[] = {"csrf", tok, "note", "x", NULL};
    http_post_form(&staff, path, nothing, &r);
    expect(&r, 400, "Valitse, mitä puhelussa tapahtui.");
    tresp_free(&r);
    const char *const reached[] = {"csrf", tok, "result", "reached", "note", "Soitettu, aika varattu.", NULL};
    http_post_form(&staff, path, reached, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM callback_requests WHERE status = 'closed' AND result = 'reached' "
                            "AND first_call_at IS NOT NULL AND closed_at IS NOT NULL AND phone = '+358401234567'", NULL), 1);
    free(tok);
    tclient_free(&staff);

    /* 31 days after closing: phone, e-mail, message and notes erased; the statistics stay */
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = "KOHTAAMO_CLOCK_OFFSET=2764800";
    testsrv_start(&srv);
    char idtext[24];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    for (int i = 0; i < 150 && scalar("SELECT COUNT(*) FROM callback_requests WHERE erased_at IS NOT NULL AND "
                                      "CAST(id AS TEXT) = $1", idtext) == 0; i++)
        usleep(100000);
    assert_int_equal(scalar("SELECT COUNT(*) FROM callback_requests WHERE erased_at IS NOT NULL AND phone IS NULL AND "
                            "email IS NULL AND message IS NULL AND result = 'reached' AND urgency = 'days' "
                            "AND CAST(id AS TEXT) = $1", idtext), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM callback_events WHERE note IS NOT NULL", NULL), 0);
    /* and the outcome page's address no longer opens */
    http_get(&c, loc, NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = NULL;
    testsrv_start(&srv);
    free(loc);
    free(cb_path);
    free(thanks);
    tclient_free(&c);
}

static void emergency_comes_first_and_offers_no_callback(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    const char *const harm[] = {"a:harm-now", "yes", "a:someone", "no", NULL};
    char *loc = answer_all(&c, "fi", "", harm, NULL);
    tresp r;
    http_get(&c, loc, NULL, &r);
    expect(&r, 200, "Soita hätänumeroon 112 nyt");
    const char *main_start = strstr(r.body.data, "<main");
    const char *alert = strstr(r.body.data, "role=\"alert\"");
    const char *h1 = strstr(r.body.data, "<h1>");
    assert_non_null(alert);
    /* the alert is the first thing in the page's content, its heading the page's first heading */
    assert_true(main_start < alert && alert < h1);
    assert_false(body_has(&r, "/fi/callbacks/new"));
    tresp_free(&r);
    /* and a callback cannot be asked for it by hand either */
    char path[200];
    snprintf(path, sizeof path, "/fi/callbacks/new?assessment=%s", loc + strlen("/fi/self-assessment/result/"));
    http_get(&c, path, NULL, &r);
    expect(&r, 400, "112");
    tresp_free(&r);
    free(loc);
    tclient_free(&c);
}

/* The county's promise: the same answers, the same urgency and advice everywhere. */
static void same_answers_same_advice_in_all_ten_municipalities(void **state)
{
    (void)state;
    static const char *const codes[] = {"049", "078", "149", "224", "235", "257", "444", "710", "755", "927"};
    char *first_outcome = NULL;
    char *places[10];
    for (int i = 0; i < 10; i++) {
        tclient c;
        tclient_init(&c, &srv);
        char *loc = answer_all(&c, "fi", codes[i], NOW_NO, NULL);
        tresp r;
        http_get(&c, loc, NULL, &r);
        expect(&r, 200, "Ota yhteyttä palveluun muutaman päivän sisällä");
        const char *o = strstr(r.body.data, "<div class=\"sa-outcome");
        const char *oe = strstr(o, "</div>");
        char *outcome = strndup(o, (size_t)(oe - o));
        if (!first_outcome) first_outcome = strdup(outcome);
        assert_string_equal(outcome, first_outcome);
        const char *p = strstr(r.body.data, "sa-points");
        places[i] = p ? strndup(p, 400) : strdup("");
        free(outcome);
        tresp_free(&r);
        free(loc);
        tclient_free(&c);
    }
    /* the places differ: the nearest are not the same for every municipality */
    int differ = 0;
    for (int i = 1; i < 10; i++) differ += strcmp(places[i], places[0]) != 0;
    assert_true(differ > 0);
    for (int i = 0; i < 10; i++) free(places[i]);
    free(first_outcome);
    /* stored alike too: the ten answer sheets (the last ten) share one urgency and one answers text */
    assert_int_equal(scalar("SELECT COUNT(DISTINCT urgency) + COUNT(DISTINCT answers) FROM (SELECT urgency, answers "
                            "FROM assessments ORDER BY id DESC LIMIT 10) t", NULL), 2);
    assert_int_equal(scalar("SELECT COUNT(DISTINCT municipality_id) FROM (SELECT municipality_id FROM assessments "
                            "ORDER BY id DESC LIMIT 10) t", NULL), 10);
}

/* Finished assessments per client are limited; the third of two allowed is 429 with the answers kept. */
static void finishing_too_often_is_429_with_the_answers_kept(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = "KOHTAAMO_SELF_ASSESSMENT_LIMIT=2";
    testsrv_start(&srv);
    tclient c;
    tclient_init(&c, &srv);
    for (int i = 0; i < 2; i++) free(answer_all(&c, "fi", "444", NOW_NO, NULL));
    int64_t before = scalar("SELECT COUNT(*) FROM assessments", NULL);
    /* the third: every page again, and the last one refused */
    const char *path = "/fi/self-assessment/mental-health";
    tresp pages[7];
    http_get(&c, path, NULL, &pages[0]);
    const char *const muni[] = {"municipality", "444", NULL};
    submit(&c, path, &pages[0], "next", muni, &pages[1]);
    submit(&c, path, &pages[1], "next", MILD_DAYS, &pages[2]);
    submit(&c, path, &pages[2], "next", MOOD_MORE, &pages[3]);
    submit(&c, path, &pages[3], "next", ANXIETY, &pages[4]);
    submit(&c, path, &pages[4], "next", ALCOHOL_NEVER_WITH_STALE, &pages[5]);
    submit(&c, path, &pages[5], "next", NOW_NO, &pages[6]);
    expect(&pages[6], 429, "minuutin kuluttua");
    char *retry = tresp_header(&pages[6], "Retry-After");
    assert_non_null(retry);
    free(retry);
    /* the answers are still in the form, ready to send again */
    assert_true(body_has(&pages[6], "name=\"a:phq4\" value=\"more-than-half\""));
    assert_true(body_has(&pages[6], "value=\"no\" checked"));
    assert_int_equal(scalar("SELECT COUNT(*) FROM assessments", NULL), before);
    for (int i = 0; i < 7; i++) tresp_free(&pages[i]);
    tclient_free(&c);
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = NULL;
    testsrv_start(&srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_by_need_in_finnish_and_swedish),
        cmocka_unit_test(pages_keep_answers_back_and_forth_and_report_errors),
        cmocka_unit_test(swedish_resident_in_raseborg_gets_days_with_swedish_places_and_asks_for_a_callback),
        cmocka_unit_test(emergency_comes_first_and_offers_no_callback),
        cmocka_unit_test(same_answers_same_advice_in_all_ten_municipalities),
        cmocka_unit_test(finishing_too_often_is_429_with_the_answers_kept),
    };
    return cmocka_run_group_tests_name("self-assessment and callbacks", tests, setup, teardown);
}
