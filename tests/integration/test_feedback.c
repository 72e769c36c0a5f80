/* Feedback: the anonymous form, what is (not) stored, bad input, abuse
 * protection, the staff inbox with replies by e-mail, municipality scopes,
 * the retention purge with a moved clock, and the CSV report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "testsrv.h"
#include "feedback/feedback.h"

static testsrv srv;
static const char *const PW = "kohtaamo-demo-2026";

static int64_t scalar(const char *sql, const char *param)
{
    return testsrv_scalar(&srv, sql, param, 0);
}

/* The text of one cell (malloc'd) or NULL. */
static char *cell(const char *sql, const char *param)
{
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_TEXT(param)};
    assert_int_equal(db_query(d, &a, &res, sql, param ? 1 : 0, p), 0);
    char *v = res.nrows && db_cell(&res, 0, 0) ? strdup(db_cell(&res, 0, 0)) : NULL;
    arena_free_all(&a);
    db_close(d);
    return v;
}

static int64_t feedback_count(void) { return scalar("SELECT COUNT(*) FROM feedback", NULL); }

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    setenv("KOHTAAMO_PASSWORD", PW, 1);
    const char *const add[] = {"user", "add", "--email", "lohja@kohtaamo.example", "--role", "staff", "--name",
                               "Liisa Lohjalainen", NULL};
    assert_int_equal(run_cli(&srv, NULL, add), 0);
    db *d = testsrv_db(&srv);
    char err[256];
    assert_int_equal(feedback_demo_load(d, err, sizeof err), 0);
    db_param t[] = {DB_TEXT("Testi, \"lainattu\" aihe")};
    assert_int_equal(db_exec(d, "INSERT INTO feedback_topics(code, name_fi, name_sv, name_en) VALUES('test-quoted', $1, $1, $1)",
                             1, t), 0);
    db_param tf[] = {DB_TEXT("@SUM(1+1)*cmd|' /C calc'!A0")};
    assert_int_equal(db_exec(d, "INSERT INTO feedback_topics(code, name_fi, name_sv, name_en) VALUES('test-formula', $1, $1, $1)",
                             1, tf), 0);
    assert_int_equal(db_exec(d, "INSERT INTO projects(slug, title_fi, title_sv, published, created_at, updated_at) "
                                "VALUES('perhekeskus-raasepori', 'Raaseporin perhekeskus', 'Familjecentret i Raseborg', 1, 1, 1)",
                             0, NULL), 0);
    assert_int_equal(db_exec(d, "INSERT INTO project_municipalities(project_id, municipality_id) SELECT p.id, m.id "
                                "FROM projects p, municipalities m WHERE p.slug = 'perhekeskus-raasepori' AND m.code = '710'",
                             0, NULL), 0);
    assert_int_equal(db_exec(d, "INSERT INTO user_municipalities(user_id, municipality_id) SELECT u.id, m.id "
                                "FROM users u, municipalities m WHERE u.email = 'lohja@kohtaamo.example' AND m.code = '444'",
                             0, NULL), 0);
    db_close(d);
    srv.extra_env[0] = "KOHTAAMO_FEEDBACK_LIMIT=100000";
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

static char *project_id(void)
{
    return cell("SELECT CAST(id AS TEXT) FROM projects WHERE slug = $1", "perhekeskus-raasepori");
}

/* Posts the form with the page's CSRF token; pairs as for http_post_form (without csrf). */
static void post_feedback(tclient *c, const char *lang, const char *const *pairs, tresp *out)
{
    char path[32];
    snprintf(path, sizeof path, "/%s/feedback", lang);
    char *tok = fetch_csrf(c, path);
    const char *all[40];
    int n = 0;
    all[n++] = "csrf";
    all[n++] = tok;
    for (int i = 0; pairs[i] && n < 38; i++) all[n++] = pairs[i];
    all[n] = NULL;
    http_post_form(c, path, all, out);
    free(tok);
}

/* The ref code from a 303 Location header (malloc'd). */
static char *ref_from_location(const tresp *r)
{
    char *loc = tresp_header(r, "Location");
    assert_non_null(loc);
    char *p = strstr(loc, "ref=");
    assert_non_null(p);
    char *ref = strndup(p + 4, 12);
    free(loc);
    return ref;
}

/* ---- the form ---- */

static void form_in_each_language_with_hidden_honeypot(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/feedback", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Anna palautetta</h1>"));
    assert_true(body_has(&r, "Yleinen palaute"));          /* topics */
    assert_true(body_has(&r, "Raaseporin perhekeskus"));   /* published projects */
    assert_true(body_has(&r, "<div class=\"visually-hidden\" aria-hidden=\"true\">"));
    assert_true(body_has(&r, "name=\"website\" type=\"text\" tabindex=\"-1\""));
    assert_false(body_has(&r, "Liitä käyttäjätilini"));    /* only for signed-in residents */
    tresp_free(&r);
    http_get(&c, "/sv/feedback", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Ge respons</h1>"));
    assert_true(body_has(&r, "Allmän respons"));
    tresp_free(&r);
    http_get(&c, "/en/feedback", NULL, &r);
    assert_true(body_has(&r, "<h1>Give feedback</h1>"));
    tresp_free(&r);
    tclient_free(&c);
}

/* Every cell of every table, searched for each needle; fails naming the table.
 * skip_table: a table where the needle legitimately lives (the account itself). */
static void assert_stored_nowhere(const char *const *needles, const char *skip_table)
{
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result tables;
    const char *list_sql = db_kind_of(d) == DB_SQLITE
        ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        : "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = current_schema()";
    assert_int_equal(db_query(d, &a, &tables, list_sql, 0, NULL), 0);
    assert_true(tables.nrows > 5);
    for (int t = 0; t < tables.nrows; t++) {
        const char *name = db_cell(&tables, t, 0);
        db_result rows;
        char *sql = arena_printf(&a, "SELECT * FROM \"%s\"", name);
        assert_int_equal(db_query(d, &a, &rows, sql, 0, NULL), 0);
        for (int i = 0; i < rows.nrows * rows.ncols; i++) {
            const char *v = rows.cells[i];
            for (int k = 0; v && needles[k]; k++) {
                if (k == 0 && skip_table && strcmp(name, skip_table) == 0) continue;
                if (strstr(v, needles[k])) fail_msg("table %s holds \"%s\": %s", name, needles[k], v);
            }
        }
    }
    arena_free_all(&a);
    db_close(d);
}

/* The value of a cookie in the client's jar (malloc'd) or NULL. */
static char *cookie_value(tclient *c, const char *name)
{
    struct curl_slist *list = NULL;
    curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &list);
    char *v = NULL;
    for (struct curl_slist *l = list; l; l = l->next) {
        /* domain \t flag \t path \t secure \t expiry \t name \t value */
        const char *f = l->data;
        for (int i = 0; i < 5 && f; i++) f = strchr(f, '\t') ? strchr(f, '\t') + 1 : NULL;
        if (f && strncmp(f, name, strlen(name)) == 0 && f[strlen(name)] == '\t') v = strdup(f + strlen(name) + 1);
    }
    curl_slist_free_all(list);
    return v;
}

static void anonymous_feedback_stores_nothing_about_the_sender(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", "asukas@kohtaamo.example", PW);
    tresp r;
    http_get(&c, "/fi/feedback", NULL, &r);
    assert_true(body_has(&r, "Liitä käyttäjätilini tähän palautteeseen"));
    tresp_free(&r);
    int64_t before = feedback_count();
    const char *const f[] = {"message", "Odotushuoneessa on liian vähän tuoleja.", "topic", "", "website", "", NULL};
    post_feedback(&c, "fi", f, &r);
    assert_int_equal(r.status, 303);
    char *ref = ref_from_location(&r);
    char *loc = tresp_header(&r, "Location");
    tresp_free(&r);
    assert_int_equal(feedback_count(), before + 1);
    /* the receipt shows the code and nothing else of anyone's feedback */
    http_get(&c, loc, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, ref));
    assert_true(body_has(&r, "Kiitos palautteestasi"));
    assert_false(body_has(&r, "tuoleja"));
    assert_false(body_has(&r, "Lähetimme vahvistuksen"));
    tresp_free(&r);
    free(loc);
    /* a receipt for someone else's code shows only that code: nothing stored is read */
    http_get(&c, "/fi/feedback/thanks?ref=PA-DEM0-0001", NULL, &r);
    assert_false(body_has(&r, "puhelinjonossa"));
    tresp_free(&r);
    http_get(&c, "/fi/feedback/thanks?ref=%3Cscript%3E", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_false(body_has(&r, "<script>"));
    tresp_free(&r);

    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback WHERE ref_code = $1 AND contact_requested = 0 AND "
                            "contact_name IS NULL AND contact_email IS NULL AND contact_phone IS NULL AND "
                            "contact_lang IS NULL AND user_id IS NULL", ref), 1);
    char *session = cookie_value(&c, "kohtaamo_session"), *csrf = cookie_value(&c, "kohtaamo_csrf");
    assert_non_null(session);
    assert_non_null(csrf);
    assert_true(strlen(session) > 10 && strlen(csrf) > 10);
    const char *const needles[] = {"asukas@kohtaamo.example", "127.0.0.1", session, csrf, "curl/", NULL};
    assert_stored_nowhere(needles, "users");
    free(session);
    free(csrf);
    free(ref);
    tclient_free(&c);
}

static void attached_account_is_stored_only_when_chosen(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", "asukas@kohtaamo.example", PW);
    tresp r;
    const char *const f[] = {"message", "Liitän tilini tähän palautteeseen.", "attach_account", "1", NULL};
    post_feedback(&c, "fi", f, &r);
    assert_int_equal(r.status, 303);
    char *ref = ref_from_location(&r);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback f JOIN users u ON u.id = f.user_id "
                            "WHERE f.ref_code = $1 AND u.email = 'asukas@kohtaamo.example'", ref), 1);
    free(ref);
    tclient_free(&c);
    /* anonymous clients cannot attach anything */
    tclient_init(&c, &srv);
    const char *const g[] = {"message", "Nimetön yritys liittää tili.", "attach_account", "1", NULL};
    post_feedback(&c, "fi", g, &r);
    assert_int_equal(r.status, 303);
    ref = ref_from_location(&r);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback WHERE ref_code = $1 AND user_id IS NULL", ref), 1);
    free(ref);
    tclient_free(&c);
}

static void bad_input_is_answered_clearly_and_not_stored(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    int64_t before = feedback_count();

    const char *const empty[] = {"message", "   ", NULL};
    post_feedback(&c, "fi", empty, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Kirjoita palautteesi."));
    assert_true(body_has(&r, "id=\"f-message-error\""));
    tresp_free(&r);

    char *big = malloc(5002);
    memset(big, 'a', 5001);
    big[5001] = '\0';
    const char *const over[] = {"message", big, NULL};
    post_feedback(&c, "sv", over, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Responsen får vara högst 5 000 tecken lång."));
    assert_true(body_has(&r, big));   /* the text is kept */
    tresp_free(&r);
    free(big);

    /* 5,000 characters of two-byte letters are exactly at the limit: accepted */
    char *at_limit = malloc(10001);
    for (int i = 0; i < 5000; i++) memcpy(at_limit + 2 * i, "ä", 2);
    at_limit[10000] = '\0';
    const char *const exact[] = {"message", at_limit, NULL};
    post_feedback(&c, "fi", exact, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(at_limit);
    assert_int_equal(feedback_count(), before + 1);
    before++;

    const char *const script[] = {"message", "<script>alert(1)</script> huono palvelu", "contact", "1",
                                  "contact_email", "ei-osoite", "contact_name", "<b>Nimi</b>", NULL};
    post_feedback(&c, "fi", script, &r);
    assert_int_equal(r.status, 400);
    assert_false(body_has(&r, "<script>alert(1)"));
    assert_true(body_has(&r, "&lt;script&gt;alert(1)&lt;/script&gt; huono palvelu"));
    assert_true(body_has(&r, "&lt;b&gt;Nimi&lt;/b&gt;"));
    assert_true(body_has(&r, "Anna sähköpostiosoite muodossa nimi@esimerkki.fi."));
    assert_true(body_has(&r, "id=\"f-contact_email-error\""));
    assert_true(body_has(&r, "id=\"f-contact\" name=\"contact\" value=\"1\" checked"));
    tresp_free(&r);

    const char *const nocontact[] = {"message", "Soittakaa minulle.", "contact", "1", NULL};
    post_feedback(&c, "fi", nocontact, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Jotta voimme ottaa yhteyttä, anna sähköpostiosoite tai puhelinnumero."));
    tresp_free(&r);

    const char *const badphone[] = {"message", "Soittakaa.", "contact", "1", "contact_phone", "12ab", NULL};
    post_feedback(&c, "fi", badphone, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Anna puhelinnumero, jossa on 7–15 numeroa"));
    tresp_free(&r);

    const char *const badtopic[] = {"message", "Aihe on outo.", "topic", "abc", "project", "999999", NULL};
    post_feedback(&c, "fi", badtopic, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Valitse aihe listalta."));
    assert_true(body_has(&r, "Valitse hanke listalta."));
    tresp_free(&r);

    /* a forged CSRF token */
    char *tok = fetch_csrf(&c, "/fi/feedback");
    const char *const forged[] = {"csrf", "forged-token", "message", "Väärennetty lomake.", NULL};
    http_post_form(&c, "/fi/feedback", forged, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "<html lang=\"fi\""));
    tresp_free(&r);
    free(tok);

    /* a 10 MB body */
    size_t n = 10 * 1024 * 1024;
    char *huge = malloc(n);
    memset(huge, 'a', n);
    memcpy(huge, "message=", 8);
    http_request(&c, "POST", "/fi/feedback", "application/x-www-form-urlencoded", huge, n, NULL, &r);
    assert_int_equal(r.status, 413);
    tresp_free(&r);
    free(huge);

    /* a filled honeypot looks accepted but nothing is stored */
    const char *const bot[] = {"message", "Osta halpoja tuotteita!", "website", "http://spam.example", NULL};
    post_feedback(&c, "fi", bot, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    assert_non_null(strstr(loc, "/fi/feedback/thanks?ref=PA-"));
    free(loc);
    tresp_free(&r);

    assert_int_equal(feedback_count(), before);
    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback WHERE message LIKE '%spam%' OR message LIKE '%halpoja%' "
                            "OR message LIKE '%script%'", NULL), 0);
    tclient_free(&c);
}

static void rate_limit_answers_429_and_keeps_the_text(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = "KOHTAAMO_FEEDBACK_LIMIT=2";
    testsrv_start(&srv);
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    for (int i = 0; i < 2; i++) {
        const char *const f[] = {"message", "Sallittu palaute.", NULL};
        post_feedback(&c, "fi", f, &r);
        assert_int_equal(r.status, 303);
        tresp_free(&r);
    }
    int64_t before = feedback_count();
    const char *const f[] = {"message", "Kolmas palaute liian pian.", NULL};
    post_feedback(&c, "fi", f, &r);
    assert_int_equal(r.status, 429);
    assert_true(body_has(&r, "Olet lähettänyt paljon palautetta lyhyessä ajassa."));
    assert_true(body_has(&r, "Kolmas palaute liian pian."));
    char *retry = tresp_header(&r, "Retry-After");
    assert_non_null(retry);
    free(retry);
    tresp_free(&r);
    assert_int_equal(feedback_count(), before);
    tclient_free(&c);
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = "KOHTAAMO_FEEDBACK_LIMIT=100000";
    testsrv_start(&srv);
}

/* Sends feedback with contact by e-mail; returns its ref (malloc'd). */
static char *send_with_contact(const char *lang, const char *message, const char *email, const char *project)
{
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    const char *const f[] = {"message", message, "contact", "1", "contact_name", "Ebba Testare", "contact_email",
                             email, "contact_lang", lang, "project", project ? project : "", NULL};
    post_feedback(&c, lang, f, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    assert_non_null(strstr(loc, "&mail=1"));
    free(loc);
    char *ref = ref_from_location(&r);
    tresp_free(&r);
    tclient_free(&c);
    return ref;
}

static char *item_path(const char *lang, const char *ref)
{
    char *id = cell("SELECT CAST(id AS TEXT) FROM feedback WHERE ref_code = $1", ref);
    assert_non_null(id);
    char *p = malloc(64);
    snprintf(p, 64, "/%s/staff/feedback/%s", lang, id);
    free(id);
    return p;
}

static void staff_reply_goes_out_by_email_and_views_are_audited(void **state)
{
    (void)state;
    char *ref = send_with_contact("sv", "Kan ni svara på svenska om väntetiderna?", "ebba@example.com", NULL);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ebba@example.com' AND subject LIKE "
                            "'Tack för din respons%' AND body LIKE '%' || $1 || '%'", ref), 1);

    tclient anon, resident, staff;
    tclient_init(&anon, &srv);
    tresp r;
    http_get(&anon, "/fi/staff/feedback", NULL, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    tclient_free(&anon);
    tclient_init(&resident, &srv);
    login_as(&resident, "fi", "asukas@kohtaamo.example", PW);
    http_get(&resident, "/fi/staff/feedback", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&resident);

    tclient_init(&staff, &srv);
    login_as(&staff, "fi", "koordinaattori@kohtaamo.example", PW);
    http_get(&staff, "/fi/staff/feedback?status=new", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, ref));
    assert_true(body_has(&r, "Kan ni svara på svenska"));
    assert_false(body_has(&r, "ebba@example.com"));   /* the list shows no contact details */
    tresp_free(&r);

    int64_t audits = scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'feedback.view_contact'", NULL);
    char *path = item_path("fi", ref);
    http_get(&staff, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "ebba@example.com"));
    assert_true(body_has(&r, "Ebba Testare"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'feedback.view_contact'", NULL), audits + 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'feedback.view_contact' AND detail LIKE "
                            "'%' || $1", ref), 1);

    /* an empty reply: error beside the field */
    char *tok = fetch_csrf(&staff, path);
    const char *const empty[] = {"csrf", tok, "do", "reply", "reply", "", NULL};
    http_post_form(&staff, path, empty, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Kirjoita vastaus."));
    tresp_free(&r);
    const char *const reply[] = {"csrf", tok, "do", "reply", "reply", "Väntetiderna blir kortare i mars.", NULL};
    http_post_form(&staff, path, reply, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ebba@example.com' AND subject LIKE "
                            "'Svar på din respons%' AND body LIKE '%Väntetiderna blir kortare i mars.%'", NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback WHERE ref_code = $1 AND status = 'answered' AND "
                            "first_response_at IS NOT NULL", ref), 1);
    const char *const note[] = {"csrf", tok, "do", "note", "note", "Soitettu myös puhelimella.", NULL};
    http_post_form(&staff, path, note, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    const char *const badstatus[] = {"csrf", tok, "do", "update", "status", "deleted", "assignee", "", NULL};
    http_post_form(&staff, path, badstatus, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Valitse tila listalta."));
    tresp_free(&r);
    char *me = cell("SELECT CAST(id AS TEXT) FROM users WHERE email = $1", "koordinaattori@kohtaamo.example");
    const char *const upd[] = {"csrf", tok, "do", "update", "status", "in_progress", "assignee", me, NULL};
    http_post_form(&staff, path, upd, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_get(&staff, path, NULL, &r);
    assert_true(body_has(&r, "Väntetiderna blir kortare i mars."));
    assert_true(body_has(&r, "Soitettu myös puhelimella."));
    assert_true(body_has(&r, "<option value=\"in_progress\" selected>Käsittelyssä</option>"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback f JOIN users u ON u.id = f.assigned_user_id WHERE "
                            "f.ref_code = $1 AND u.email = 'koordinaattori@kohtaamo.example'", ref), 1);
    /* the sender's receipt page still shows nothing of the reply */
    free(me);
    free(tok);
    free(path);
    free(ref);
    tclient_free(&staff);
}

static void published_answer_needs_review(void **state)
{
    (void)state;
    char *pid = project_id();
    char *ref = send_with_contact("fi", "Onko perhekeskus auki myös lauantaisin?", "kysyja@example.com", pid);
    /* the project's only municipality was recorded */
    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback f JOIN municipalities m ON m.id = f.municipality_id "
                            "WHERE f.ref_code = $1 AND m.code = '710'", ref), 1);
    tclient staff;
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", "koordinaattori@kohtaamo.example", PW);
    char *path = item_path("fi", ref);
    char *tok = fetch_csrf(&staff, path);
    tresp r;
    const char *const unreviewed[] = {"csrf", tok, "do", "publish", "public_answer", "Ei ole, vain arkisin.", NULL};
    http_post_form(&staff, path, unreviewed, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Vahvista, että olet tarkistanut kysymyksen ja vastauksen."));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT published FROM feedback WHERE ref_code = $1", ref), 0);
    const char *const ok[] = {"csrf", tok, "do", "publish", "public_answer", "Ei ole, vain arkisin.", "reviewed", "1", NULL};
    http_post_form(&staff, path, ok, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback WHERE ref_code = $1 AND published = 1 AND "
                            "public_answer = 'Ei ole, vain arkisin.'", ref), 1);
    free(tok);
    free(path);
    free(ref);
    free(pid);
    tclient_free(&staff);
}

static void scoped_staff_see_only_their_municipalities(void **state)
{
    (void)state;
    char *pid = project_id();
    char *raasepori = send_with_contact("fi", "Raaseporin palaute henkilöstölle.", "r@example.com", pid);
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    const char *const lohja_fb[] = {"message", "Lohjan terveysaseman palaute.", NULL};
    char *lohja_id = cell("SELECT CAST(id AS TEXT) FROM municipalities WHERE code = $1", "444");
    const char *const lf[] = {"message", "Lohjan terveysaseman palaute.", "municipality", lohja_id, NULL};
    (void)lohja_fb;
    post_feedback(&c, "fi", lf, &r);
    assert_int_equal(r.status, 303);
    char *lohja = ref_from_location(&r);
    tresp_free(&r);
    const char *const uf[] = {"message", "Koko alueen palaute ilman kuntaa.", NULL};
    post_feedback(&c, "fi", uf, &r);
    char *unscoped = ref_from_location(&r);
    tresp_free(&r);
    tclient_free(&c);

    tclient_init(&c, &srv);
    login_as(&c, "fi", "lohja@kohtaamo.example", PW);
    http_get(&c, "/fi/staff/feedback", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, lohja));
    assert_true(body_has(&r, unscoped));
    assert_false(body_has(&r, raasepori));
    tresp_free(&r);
    char *path = item_path("fi", raasepori);
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 404);
    assert_false(body_has(&r, "r@example.com"));
    tresp_free(&r);
    char *tok = fetch_csrf(&c, "/fi/staff/feedback");
    const char *const upd[] = {"csrf", tok, "do", "note", "note", "Ei kuulu minulle.", NULL};
    http_post_form(&c, path, upd, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback_notes WHERE body = $1", "Ei kuulu minulle."), 0);
    free(tok);
    free(path);
    free(raasepori);
    free(lohja);
    free(unscoped);
    free(lohja_id);
    free(pid);
    tclient_free(&c);
}

/* Waits until sql (one $1 param) returns want, for up to seconds; returns the last value. */
static int64_t wait_for(const char *sql, const char *param, int64_t want, int seconds)
{
    int64_t v = -1;
    for (int i = 0; i < seconds * 10; i++) {
        v = scalar(sql, param);
        if (v == want) break;
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return v;
}

static void contact_details_are_erased_after_retention(void **state)
{
    (void)state;
    char *ref = send_with_contact("fi", "Säilytyksen testipalaute.", "sailytys@example.com", NULL);
    tclient staff;
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", "koordinaattori@kohtaamo.example", PW);
    char *path = item_path("fi", ref);
    char *tok = fetch_csrf(&staff, path);
    tresp r;
    const char *const close_it[] = {"csrf", tok, "do", "update", "status", "closed", "assignee", "", NULL};
    http_post_form(&staff, path, close_it, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(tok);
    tclient_free(&staff);
    const char *erased = "SELECT COUNT(*) FROM feedback WHERE ref_code = $1 AND contact_erased_at IS NOT NULL";
    assert_int_equal(scalar(erased, ref), 0);

    /* 89 days later: still kept (the maintenance loop runs every second in tests) */
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = "KOHTAAMO_CLOCK_OFFSET=7689600";
    testsrv_start(&srv);
    assert_int_equal(wait_for(erased, ref, 1, 3), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback WHERE ref_code = $1 AND contact_email = 'sailytys@example.com'", ref), 1);

    /* 91 days later: erased; the message and the statistics stay */
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = "KOHTAAMO_CLOCK_OFFSET=7862400";
    testsrv_start(&srv);
    assert_int_equal(wait_for(erased, ref, 1, 10), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback WHERE ref_code = $1 AND contact_name IS NULL AND "
                            "contact_email IS NULL AND contact_phone IS NULL AND contact_lang IS NULL AND user_id IS NULL "
                            "AND message = 'Säilytyksen testipalaute.' AND status = 'closed' AND closed_at IS NOT NULL", ref), 1);
    /* open feedback keeps its contact details however old it is */
    assert_true(scalar("SELECT COUNT(*) FROM feedback WHERE status <> 'closed' AND contact_email IS NOT NULL", NULL) > 0);
    /* staff see that the details were erased, and viewing is no longer audited */
    tclient_init(&staff, &srv);
    login_as(&staff, "fi", "koordinaattori@kohtaamo.example", PW);
    int64_t audits = scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'feedback.view_contact'", NULL);
    http_get(&staff, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Yhteystiedot poistettiin"));
    assert_false(body_has(&r, "sailytys@example.com"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'feedback.view_contact'", NULL), audits);
    tclient_free(&staff);

    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = NULL;
    testsrv_start(&srv);
    free(path);
    free(ref);
}

/* ---- CSV (RFC 4180) ---- */

typedef struct csv_rows {
    char *fields[64][4];
    int nfields[64];
    int n;
} csv_rows;

/* Parses RFC 4180 text strictly: CRLF line ends, quoted fields with doubled quotes. */
static int csv_parse(const char *s, size_t len, csv_rows *out)
{
    memset(out, 0, sizeof *out);
    size_t i = 0;
    while (i < len) {
        if (out->n == 64) return -1;
        int f = 0;
        for (;;) {
            buf field = BUF_INIT;
            buf_append(&field, "", 0);
            if (s[i] == '"') {
                i++;
                for (;;) {
                    if (i >= len) return -1;
                    if (s[i] == '"') {
                        if (i + 1 < len && s[i + 1] == '"') { buf_append(&field, "\"", 1); i += 2; continue; }
                        i++;
                        break;
                    }
                    buf_append(&field, s + i, 1);
                    i++;
                }
            } else {
                while (i < len && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
                    if (s[i] == '"') return -1;
                    buf_append(&field, s + i, 1);
                    i++;
                }
            }
            if (f < 4) out->fields[out->n][f] = buf_detach(&field, NULL);
            else buf_free(&field);
            f++;
            if (i < len && s[i] == ',') { i++; continue; }
            if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') { i += 2; break; }
            return -1;   /* a bare LF or a missing line end */
        }
        out->nfields[out->n++] = f;
    }
    return 0;
}

static void csv_report_parses(void **state)
{
    (void)state;
    /* one feedback with a topic whose name needs quoting */
    char *tid = cell("SELECT CAST(id AS TEXT) FROM feedback_topics WHERE code = $1", "test-quoted");
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    const char *const f[] = {"message", "Aihe, jossa on lainausmerkkejä.", "topic", tid, NULL};
    post_feedback(&c, "fi", f, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(tid);
    /* and one whose topic name a spreadsheet would run as a formula */
    tid = cell("SELECT CAST(id AS TEXT) FROM feedback_topics WHERE code = $1", "test-formula");
    const char *const ff[] = {"message", "Aihe, joka alkaa @-merkillä.", "topic", tid, NULL};
    post_feedback(&c, "fi", ff, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(tid);
    login_as(&c, "fi", "koordinaattori@kohtaamo.example", PW);
    http_get(&c, "/fi/staff/feedback/reports", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Aika ensimmäiseen vastaukseen"));
    assert_true(body_has(&r, "Mediaani:"));
    assert_true(body_has(&r, "Avoimia palautteita yhteensä:"));
    tresp_free(&r);

    http_get(&c, "/fi/staff/feedback/reports.csv", NULL, &r);
    assert_int_equal(r.status, 200);
    char *cd = tresp_header(&r, "Content-Disposition");
    assert_non_null(cd);
    assert_non_null(strstr(cd, "attachment"));
    free(cd);
    char *ct = tresp_header(&r, "Content-Type");
    assert_non_null(strstr(ct, "text/csv"));
    free(ct);
    assert_memory_equal(r.body.data, "\xEF\xBB\xBF", 3);
    csv_rows rows;
    assert_int_equal(csv_parse(r.body.data + 3, r.body.len - 3, &rows), 0);
    assert_true(rows.n >= 2);
    assert_string_equal(rows.fields[0][0], "ISO-viikko");
    assert_string_equal(rows.fields[0][3], "Palautteiden määrä");
    long total = 0;
    bool quoted_seen = false, formula_seen = false;
    for (int i = 0; i < rows.n; i++) {
        assert_int_equal(rows.nfields[i], 4);
        if (i == 0) continue;
        assert_true(strlen(rows.fields[i][0]) == 8 && rows.fields[i][0][4] == '-' && rows.fields[i][0][5] == 'W');
        total += strtol(rows.fields[i][3], NULL, 10);
        if (strcmp(rows.fields[i][2], "Testi, \"lainattu\" aihe") == 0) quoted_seen = true;
        /* the topic is text with an apostrophe in front, the count a plain number */
        if (strcmp(rows.fields[i][2], "'@SUM(1+1)*cmd|' /C calc'!A0") == 0) {
            formula_seen = true;
            assert_string_equal(rows.fields[i][3], "1");
        }
        assert_true(rows.fields[i][2][0] != '@');
    }
    assert_true(quoted_seen);
    assert_true(formula_seen);
    assert_true(strstr(r.body.data, "\"Testi, \"\"lainattu\"\" aihe\"") != NULL);
    /* every feedback of the last 52 weeks is counted once (the coordinator is county-wide) */
    char since[32];
    snprintf(since, sizeof since, "%lld", (long long)(time(NULL) - 52LL * 7 * 86400));
    assert_int_equal(total, scalar("SELECT COUNT(*) FROM feedback WHERE created_at >= CAST($1 AS BIGINT)", since));
    for (int i = 0; i < rows.n; i++)
        for (int k = 0; k < 4; k++) free(rows.fields[i][k]);
    tresp_free(&r);
    tclient_free(&c);
}

/* The contract Open311 codes against, called directly. */
static void contract_validate_and_create(void **state)
{
    (void)state;
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    feedback_input in = {.message = "Open311-palaute", .lang = "fi", .channel = "open311"};
    feedback_errors e;
    assert_true(feedback_validate(d, &a, &in, &e));
    in.contact_requested = true;
    in.contact_email = "x@";
    assert_false(feedback_validate(d, &a, &in, &e));
    assert_non_null(e.contact_email);
    in.contact_email = "open311@example.com";
    in.contact_lang = "en";
    assert_true(feedback_validate(d, &a, &in, &e));
    const char *code = NULL;
    int64_t id = feedback_create(d, &a, 1700000000, &in, &code);
    assert_true(id > 0);
    assert_non_null(code);
    assert_int_equal(strlen(code), 12);
    arena_free_all(&a);
    db_close(d);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'open311@example.com' AND subject LIKE "
                            "'Thank you for your feedback%'", NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM feedback WHERE channel = 'open311' AND contact_lang = 'en'", NULL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(form_in_each_language_with_hidden_honeypot),
        cmocka_unit_test(anonymous_feedback_stores_nothing_about_the_sender),
        cmocka_unit_test(attached_account_is_stored_only_when_chosen),
        cmocka_unit_test(bad_input_is_answered_clearly_and_not_stored),
        cmocka_unit_test(rate_limit_answers_429_and_keeps_the_text),
        cmocka_unit_test(staff_reply_goes_out_by_email_and_views_are_audited),
        cmocka_unit_test(published_answer_needs_review),
        cmocka_unit_test(scoped_staff_see_only_their_municipalities),
        cmocka_unit_test(contact_details_are_erased_after_retention),
        cmocka_unit_test(csv_report_parses),
        cmocka_unit_test(contract_validate_and_create),
    };
    return cmocka_run_group_tests_name("feedback", tests, setup, teardown);
}
