/* Accounts as residents and admins meet them: register, log in and out,
 * CSRF, throttling, password reset through the outbox, roles, audit log. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "testsrv.h"
#include "accounts/accounts.h"

#define DEMO_PASSWORD "kohtaamo-demo-2026"
static testsrv srv;

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

static int64_t count_rows(const char *sql, const char *param)
{
    return testsrv_scalar(&srv, sql, param, 0);
}

static void register_keeps_input_and_explains_errors(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    char *tok = fetch_csrf(&c, "/fi/register");
    const char *bad[] = {"csrf", tok, "display_name", "Liisa <b>", "email", "liisa-at-example", "password", "short", NULL};
    tresp r;
    http_post_form(&c, "/fi/register", bad, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "value=\"Liisa &lt;b&gt;\""));      /* kept, and escaped */
    assert_true(body_has(&r, "value=\"liisa-at-example\""));
    assert_false(body_has(&r, "value=\"short\""));               /* passwords never echoed */
    assert_true(body_has(&r, "aria-invalid=\"true\""));
    assert_true(body_has(&r, "vähintään 10 merkkiä"));
    tresp_free(&r);
    assert_int_equal(count_rows("SELECT COUNT(*) FROM users WHERE email = $1", "liisa-at-example"), 0);

    const char *good[] = {"csrf", tok, "display_name", "Liisa", "email", "Liisa@Example.fi", "password", "pitkä salasana 123", NULL};
    http_post_form(&c, "/fi/register", good, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_get(&c, "/fi/account", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "liisa@example.fi"));
    tresp_free(&r);
    free(tok);
    tclient_free(&c);

    /* the same address again: a clear error on the field */
    tclient_init(&c, &srv);
    tok = fetch_csrf(&c, "/sv/register");
    const char *dup[] = {"csrf", tok, "display_name", "Liisa 2", "email", "liisa@example.fi", "password", "toinen salasana 456", NULL};
    http_post_form(&c, "/sv/register", dup, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "f-email-error"));
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

static void post_without_csrf_is_403_and_changes_nothing(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    const char *pairs[] = {"display_name", "Ville", "email", "ville@example.fi", "password", "pitkä salasana 123", NULL};
    tresp r;
    http_get(&c, "/fi/register", NULL, &r);   /* has the cookie, but sends no token */
    tresp_free(&r);
    http_post_form(&c, "/fi/register", pairs, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    const char *forged[] = {"csrf", "forged-token-value", "display_name", "Ville", "email", "ville@example.fi",
                            "password", "pitkä salasana 123", NULL};
    http_post_form(&c, "/fi/register", forged, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    assert_int_equal(count_rows("SELECT COUNT(*) FROM users WHERE email = $1", "ville@example.fi"), 0);
    tclient_free(&c);
}

static char *session_cookie(tclient *c)
{
    struct curl_slist *cookies = NULL;
    curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &cookies);
    char *val = NULL;
    for (struct curl_slist *n = cookies; n; n = n->next) {
        const char *p = strstr(n->data, "kohtaamo_session\t");
        if (p) val = strdup(p + strlen("kohtaamo_session\t"));
    }
    curl_slist_free_all(cookies);
    return val;
}

static void login_rotates_and_logout_ends_session(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    /* a planted session id is worthless */
    curl_easy_setopt(c.curl, CURLOPT_COOKIELIST, "127.0.0.1\tFALSE\t/\tFALSE\t0\tkohtaamo_session\tplanted-by-attacker");
    login_as(&c, "fi", "asukas@kohtaamo.example", DEMO_PASSWORD);
    char *sid = session_cookie(&c);
    assert_non_null(sid);
    assert_string_not_equal(sid, "planted-by-attacker");
    tresp r;
    http_get(&c, "/fi/account", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Aino Mäkinen"));
    tresp_free(&r);

    char *tok = fetch_csrf(&c, "/fi/account");
    const char *pairs[] = {"csrf", tok, NULL};
    http_post_form(&c, "/fi/logout", pairs, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(tok);

    /* replaying the old cookie after logout gets nobody in */
    tclient c2;
    tclient_init(&c2, &srv);
    char cookie[512];
    snprintf(cookie, sizeof cookie, "127.0.0.1\tFALSE\t/\tFALSE\t0\tkohtaamo_session\t%s", sid);
    curl_easy_setopt(c2.curl, CURLOPT_COOKIELIST, cookie);
    http_get(&c2, "/fi/account", NULL, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    assert_non_null(strstr(loc, "/fi/login"));
    free(loc);
    tresp_free(&r);
    free(sid);
    tclient_free(&c2);
    tclient_free(&c);
}

static char *csrf_cookie(tclient *c)
{
    struct curl_slist *cookies = NULL;
    curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &cookies);
    char *val = NULL;
    for (struct curl_slist *n = cookies; n; n = n->next) {
        const char *p = strstr(n->data, "\tkohtaamo_csrf\t");
        if (p) val = strdup(p + strlen("\tkohtaamo_csrf\t"));
    }
    curl_slist_free_all(cookies);
    return val;
}

/* Logging in issues a new CSRF cookie (session.c), so a form token someone
 * saw or planted before the login is worthless after it. */
static void login_issues_a_fresh_csrf_cookie(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    char *before_tok = fetch_csrf(&c, "/fi/login");
    char *before_cookie = csrf_cookie(&c);
    assert_non_null(before_cookie);
    const char *pairs[] = {"csrf", before_tok, "email", "invanare@kohtaamo.example", "password", DEMO_PASSWORD, NULL};
    tresp r;
    http_post_form(&c, "/fi/login", pairs, &r);
    assert_int_equal(r.status, 303);
    char *set = tresp_header(&r, "Set-Cookie");   /* the last one: the CSRF cookie */
    assert_non_null(set);
    assert_non_null(strstr(set, "kohtaamo_csrf="));
    free(set);
    tresp_free(&r);
    char *after_cookie = csrf_cookie(&c);
    assert_non_null(after_cookie);
    assert_string_not_equal(after_cookie, before_cookie);

    /* the token from before the login no longer passes */
    const char *stale[] = {"csrf", before_tok, NULL};
    http_post_form(&c, "/fi/logout", stale, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "Lomake oli vanhentunut"));
    tresp_free(&r);
    http_get(&c, "/fi/account", NULL, &r);
    assert_int_equal(r.status, 200);   /* still signed in */
    tresp_free(&r);
    /* the token of a page shown after it does */
    char *after_tok = fetch_csrf(&c, "/fi/account");
    assert_string_not_equal(after_tok, before_tok);
    const char *fresh[] = {"csrf", after_tok, NULL};
    http_post_form(&c, "/fi/logout", fresh, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(after_tok);
    free(after_cookie);
    free(before_cookie);
    free(before_tok);
    tclient_free(&c);
}

/* An admin opening someone's account is written to the audit log: who looked
 * at whom, once per view. */
static void viewing_an_account_is_audited(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", "admin@kohtaamo.example", DEMO_PASSWORD);
    int64_t target = count_rows("SELECT id FROM users WHERE email = $1", "koordinaattori@kohtaamo.example");
    char tid[24], path[64];
    snprintf(tid, sizeof tid, "%lld", (long long)target);
    snprintf(path, sizeof path, "/fi/admin/users/%lld", (long long)target);
    const char *rows = "SELECT COUNT(*) FROM audit_log a JOIN users actor ON actor.id = a.actor_user_id "
                       "WHERE actor.email = 'admin@kohtaamo.example' AND a.action = 'view_account' "
                       "AND a.subject_user_id = CAST($1 AS INTEGER)";
    assert_int_equal(count_rows(rows, tid), 0);
    tresp r;
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "koordinaattori@kohtaamo.example"));
    tresp_free(&r);
    assert_int_equal(count_rows(rows, tid), 1);
    http_get(&c, path, NULL, &r);
    tresp_free(&r);
    assert_int_equal(count_rows(rows, tid), 2);
    /* and the audit page shows it */
    http_get(&c, "/fi/admin/audit", NULL, &r);
    assert_true(body_has(&r, "view_account"));
    tresp_free(&r);
    tclient_free(&c);
}

static void failed_logins_are_throttled_with_a_clear_message(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    char *tok = fetch_csrf(&c, "/fi/login");
    const char *wrong[] = {"csrf", tok, "email", "invanare@kohtaamo.example", "password", "wrong password!", NULL};
    tresp r;
    for (int i = 0; i < 5; i++) {
        http_post_form(&c, "/sv/login", wrong, &r);
        assert_int_equal(r.status, 400);
        tresp_free(&r);
    }
    http_post_form(&c, "/sv/login", wrong, &r);
    assert_int_equal(r.status, 429);
    char *ra = tresp_header(&r, "Retry-After");
    assert_non_null(ra);
    assert_true(atoi(ra) > 0);
    free(ra);
    assert_true(body_has(&r, "sekunder"));   /* told when to try again, in Swedish */
    tresp_free(&r);
    /* even the right password waits now */
    const char *right[] = {"csrf", tok, "email", "invanare@kohtaamo.example", "password", DEMO_PASSWORD, NULL};
    http_post_form(&c, "/sv/login", right, &r);
    assert_int_equal(r.status, 429);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

static char *reset_link_from_outbox(const char *email)
{
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_TEXT(email)};
    assert_int_equal(db_query(d, &a, &res, "SELECT body FROM outbox WHERE to_addr = $1 ORDER BY id DESC LIMIT 1", 1, p), 0);
    assert_int_equal(res.nrows, 1);
    const char *body = db_cell(&res, 0, 0);
    const char *p0 = strstr(body, "/password-reset/");
    assert_non_null(p0);
    const char *start = strstr(p0 - 3, "/");   /* "/fi/password-reset/TOKEN" */
    size_t n = strcspn(start, "\n");
    char *link = strndup(start, n);
    arena_free_all(&a);
    db_close(d);
    return link;
}

static void password_reset_link_works_once(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    char *tok = fetch_csrf(&c, "/fi/password-reset");
    const char *ask[] = {"csrf", tok, "email", "Asukas@kohtaamo.example", NULL};
    tresp r;
    http_post_form(&c, "/fi/password-reset", ask, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "role=\"status\""));
    tresp_free(&r);
    /* unknown addresses get the same answer and no mail */
    const char *ask2[] = {"csrf", tok, "email", "nobody@example.fi", NULL};
    http_post_form(&c, "/fi/password-reset", ask2, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    assert_int_equal(count_rows("SELECT COUNT(*) FROM outbox WHERE to_addr = $1", "nobody@example.fi"), 0);

    char *link = reset_link_from_outbox("asukas@kohtaamo.example");
    /* the mail carries an absolute link, BASE/fi/password-reset/TOKEN (the
     * server runs with the default base URL), with a token of 32 random
     * bytes in URL-safe base64 (43 characters) */
    assert_int_equal(strncmp(link, "/fi/password-reset/", 19), 0);
    const char *token = link + 19;
    assert_int_equal(strlen(token), 43);
    assert_int_equal(strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
    char absolute[256];
    snprintf(absolute, sizeof absolute, "http://127.0.0.1:8080%s", link);
    assert_int_equal(count_rows("SELECT COUNT(*) FROM outbox WHERE to_addr = 'asukas@kohtaamo.example'"
                                " AND body LIKE '%' || $1 || '%'", absolute), 1);
    http_get(&c, link, NULL, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    free(tok);
    tok = fetch_csrf(&c, link);
    const char *weak[] = {"csrf", tok, "password", "lyhyt", NULL};
    http_post_form(&c, link, weak, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    const char *set[] = {"csrf", tok, "password", "uusi salasana 2026", NULL};
    http_post_form(&c, link, set, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    /* single use */
    http_post_form(&c, link, set, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    tclient_free(&c);
    tclient_init(&c, &srv);
    login_as(&c, "fi", "asukas@kohtaamo.example", "uusi salasana 2026");
    tclient_free(&c);
    free(link);
    free(tok);
}

static void password_reset_link_expires_after_an_hour(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    char *tok = fetch_csrf(&c, "/fi/password-reset");
    const char *ask[] = {"csrf", tok, "email", "koordinaattori@kohtaamo.example", NULL};
    tresp r;
    http_post_form(&c, "/fi/password-reset", ask, &r);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
    char *link = reset_link_from_outbox("koordinaattori@kohtaamo.example");

    /* The same database, served by a node whose clock is 61 minutes ahead. */
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = "KOHTAAMO_CLOCK_OFFSET=3660";
    testsrv_start(&srv);
    tclient_init(&c, &srv);
    http_get(&c, link, NULL, &r);
    assert_int_equal(r.status, 404);
    assert_true(body_has(&r, "vanhentunut"));
    tresp_free(&r);
    tclient_free(&c);
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = NULL;
    testsrv_start(&srv);
    free(link);
}

static void roles_are_enforced(void **state)
{
    (void)state;
    tclient anon, resident;
    tclient_init(&anon, &srv);
    tresp r;
    http_get(&anon, "/fi/admin/users", NULL, &r);
    assert_int_equal(r.status, 303);   /* to the login page */
    tresp_free(&r);
    http_get(&anon, "/fi/news/new", NULL, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    tclient_init(&resident, &srv);
    login_as(&resident, "fi", "invanare@kohtaamo.example", DEMO_PASSWORD);
    http_get(&resident, "/fi/admin/users", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    http_get(&resident, "/fi/news/new", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    char *tok = fetch_csrf(&resident, "/fi/account");
    const char *pairs[] = {"csrf", tok, "display_name", "X", "email", "x@example.fi", "password", "pitkä salasana 123", "role", "admin", NULL};
    http_post_form(&resident, "/fi/admin/users", pairs, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    assert_int_equal(count_rows("SELECT COUNT(*) FROM users WHERE email = $1", "x@example.fi"), 0);
    free(tok);
    tclient_free(&resident);
    tclient_free(&anon);
}

static void admin_manages_staff_and_reads_are_audited(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", "admin@kohtaamo.example", DEMO_PASSWORD);
    int64_t before = count_rows("SELECT COUNT(*) FROM audit_log", NULL);
    tresp r;
    http_get(&c, "/fi/admin/users", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "koordinaattori@kohtaamo.example"));
    assert_false(body_has(&r, "asukas@kohtaamo.example"));   /* residents are not listed */
    tresp_free(&r);
    char *tok = fetch_csrf(&c, "/fi/admin/users");
    const char *pairs[] = {"csrf", tok, "display_name", "Hanna Sosiaaliohjaaja", "email", "hanna@kohtaamo.example",
                           "password", "väliaikainen salasana", "role", "staff", NULL};
    http_post_form(&c, "/fi/admin/users", pairs, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(count_rows("SELECT COUNT(*) FROM users WHERE email = $1 AND role = 'staff'", "hanna@kohtaamo.example"), 1);
    assert_true(count_rows("SELECT COUNT(*) FROM audit_log", NULL) >= before + 2);
    assert_int_equal(count_rows("SELECT COUNT(*) FROM audit_log WHERE action = $1", "create_account"), 1);
    http_get(&c, "/fi/admin/audit", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "list_staff_accounts"));
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
    tclient_init(&c, &srv);
    login_as(&c, "sv", "hanna@kohtaamo.example", "väliaikainen salasana");
    tclient_free(&c);
}

static void user_add_on_the_command_line(void **state)
{
    (void)state;
    const char *const args[] = {"user", "add", "--email", "ops@kohtaamo.example", "--role", "admin", NULL};
    srv.extra_env[0] = "KOHTAAMO_PASSWORD=operaattorin salasana";
    buf out = BUF_INIT;
    assert_int_equal(run_cli(&srv, &out, args), 0);
    buf_free(&out);
    srv.extra_env[0] = NULL;
    assert_int_equal(count_rows("SELECT COUNT(*) FROM users WHERE email = $1 AND role = 'admin'", "ops@kohtaamo.example"), 1);
    const char *const bad[] = {"user", "add", "--email", "x@kohtaamo.example", "--role", "emperor", NULL};
    srv.extra_env[0] = "KOHTAAMO_PASSWORD=operaattorin salasana";
    assert_int_not_equal(run_cli(&srv, NULL, bad), 0);
    srv.extra_env[0] = NULL;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "en", "ops@kohtaamo.example", "operaattorin salasana");
    tclient_free(&c);
}

/* Where the login form's next may send people: only a path on this site. */
static void login_goes_back_only_to_a_local_path(void **state)
{
    (void)state;
    static const struct {
        const char *query, *value;   /* as a link would carry it, and as the form sends it */
    } bad[] = {
        {"/%09/evil.example/phish", "/\t/evil.example/phish"},
        {"//evil.example", "//evil.example"},
        {"/%5Cevil.example", "/\\evil.example"},
        {"https://evil.example", "https://evil.example"},
        {"/%0d%0aSet-Cookie:x", "/\r\nSet-Cookie:x"},
        {"javascript:alert(1)", "javascript:alert(1)"},
    };
    tresp r;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        tclient c;
        tclient_init(&c, &srv);
        char path[128];
        snprintf(path, sizeof path, "/fi/login?next=%s", bad[i].query);
        http_get(&c, path, NULL, &r);
        assert_int_equal(r.status, 200);
        assert_true(body_has(&r, "name=\"next\" value=\"\""));   /* not carried into the form */
        assert_false(body_has(&r, "evil.example"));
        assert_false(body_has(&r, "Set-Cookie"));
        tresp_free(&r);
        char *tok = fetch_csrf(&c, "/fi/login");
        const char *pairs[] = {"csrf", tok, "email", "asukas@kohtaamo.example", "password", DEMO_PASSWORD,
                               "next", bad[i].value, NULL};
        http_post_form(&c, "/fi/login", pairs, &r);
        assert_int_equal(r.status, 303);
        char *loc = tresp_header(&r, "Location");
        assert_non_null(loc);
        assert_string_equal(loc, "/fi/");   /* the front page instead */
        free(loc);
        tresp_free(&r);
        free(tok);
        tclient_free(&c);
    }
    /* a local path keeps its query, through the login page and its form */
    tclient c;
    tclient_init(&c, &srv);
    http_get(&c, "/fi/login?next=%2Ffi%2Fideas%3Fsort%3Dnew%26page%3D2", NULL, &r);
    assert_true(body_has(&r, "name=\"next\" value=\"/fi/ideas?sort=new&amp;page=2\""));
    tresp_free(&r);
    char *tok = fetch_csrf(&c, "/fi/login");
    const char *good[] = {"csrf", tok, "email", "asukas@kohtaamo.example", "password", DEMO_PASSWORD,
                          "next", "/fi/ideas?sort=new&page=2", NULL};
    http_post_form(&c, "/fi/login", good, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    assert_string_equal(loc, "/fi/ideas?sort=new&page=2");
    free(loc);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

/* Someone sent to the login page who has no account yet creates one and
 * lands back where they were; a foreign next is dropped there too. */
static void registration_goes_back_to_where_the_login_was_asked(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/login?next=%2Ffi%2Fevents%3Fpast%3D1", NULL, &r);
    assert_true(body_has(&r, "href=\"/fi/register?next=/fi/events%3Fpast%3D1\""));
    tresp_free(&r);
    http_get(&c, "/fi/register?next=/fi/events%3Fpast%3D1", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "name=\"next\" value=\"/fi/events?past=1\""));
    tresp_free(&r);
    char *tok = fetch_csrf(&c, "/fi/register");
    const char *pairs[] = {"csrf", tok, "display_name", "Paluu", "email", "paluu@example.fi", "password",
                           "pitkä salasana 123", "next", "/fi/events?past=1", NULL};
    http_post_form(&c, "/fi/register", pairs, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    assert_string_equal(loc, "/fi/events?past=1");
    free(loc);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);

    tclient_init(&c, &srv);
    http_get(&c, "/fi/register?next=//evil.example", NULL, &r);
    assert_false(body_has(&r, "evil.example"));
    tresp_free(&r);
    tok = fetch_csrf(&c, "/fi/register");
    const char *foreign[] = {"csrf", tok, "display_name", "Paluu 2", "email", "paluu2@example.fi", "password",
                             "pitkä salasana 123", "next", "/\t/evil.example", NULL};
    http_post_form(&c, "/fi/register", foreign, &r);
    assert_int_equal(r.status, 303);
    loc = tresp_header(&r, "Location");
    assert_string_equal(loc, "/fi/account?welcome=1");
    free(loc);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

/* A client bound to another loopback address, so the server sees another
 * client (the whole of 127.0.0.0/8 is this machine). */
static void tclient_from(tclient *c, const char *address)
{
    tclient_init(c, &srv);
    char iface[64];
    snprintf(iface, sizeof iface, "host!%s", address);
    curl_easy_setopt(c->curl, CURLOPT_INTERFACE, iface);
}

static long login_status(tclient *c, const char *tok, const char *email, const char *password)
{
    const char *pairs[] = {"csrf", tok, "email", email, "password", password, NULL};
    tresp r;
    http_post_form(c, "/fi/login", pairs, &r);
    long status = r.status;
    tresp_free(&r);
    return status;
}

/* The lock of an account lives in the database: failed logins for many
 * other addresses cannot push it out (an in-memory table of 8,192 slots
 * could be flooded until the locked account's slot was reused), and
 * another node on the same database sees it too. */
static void an_account_lock_survives_a_flood_of_other_addresses(void **state)
{
    (void)state;
    const char *const add[] = {"user", "add", "--email", "lukittu@kohtaamo.example", "--role", "resident", NULL};
    srv.extra_env[0] = "KOHTAAMO_PASSWORD=lukitun tilin salasana";
    assert_int_equal(run_cli(&srv, NULL, add), 0);
    /* the flood comes faster than the form limit per minute allows */
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = "KOHTAAMO_POST_LIMIT=1000000";
    testsrv_start(&srv);

    tclient owner, flood, later;
    tclient_from(&owner, "127.0.0.3");
    char *tok = fetch_csrf(&owner, "/fi/login");
    for (int i = 0; i < 5; i++) assert_int_equal(login_status(&owner, tok, "lukittu@kohtaamo.example", "väärä salasana"), 400);
    free(tok);

    tclient_from(&flood, "127.0.0.2");
    tok = fetch_csrf(&flood, "/fi/login");
    int refused = 0;
    for (int i = 0; i < 12000; i++) {
        char email[64];
        snprintf(email, sizeof email, "tulva-%d-%u@example.fi", i, (unsigned)rand());
        long st = login_status(&flood, tok, email, "väärä salasana");
        assert_true(st == 400 || st == 429);
        refused += st == 429;
    }
    assert_true(refused > 11000);   /* the flooding client itself is held back */
    free(tok);

    /* from a third address, with the right password: still locked */
    tclient_from(&later, "127.0.0.4");
    tok = fetch_csrf(&later, "/fi/login");
    const char *right[] = {"csrf", tok, "email", "lukittu@kohtaamo.example", "password", "lukitun tilin salasana", NULL};
    tresp r;
    http_post_form(&later, "/fi/login", right, &r);
    assert_int_equal(r.status, 429);
    assert_true(body_has(&r, "Liian monta epäonnistunutta yritystä"));
    tresp_free(&r);

    /* another node on the same database (here: the server restarted) keeps the lock */
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[0] = NULL;
    testsrv_start(&srv);
    http_post_form(&later, "/fi/login", right, &r);
    assert_int_equal(r.status, 429);
    tresp_free(&r);
    /* the address is not stored in clear */
    assert_int_equal(count_rows("SELECT COUNT(*) FROM login_failures WHERE key_hash LIKE $1", "%lukittu%"), 0);
    assert_int_equal(count_rows("SELECT COUNT(*) FROM login_failures WHERE locked_until > 0", NULL), 1);
    /* kept while locked and for a day after the last failure, then purged */
    db *d = testsrv_db(&srv);
    int64_t rows = count_rows("SELECT COUNT(*) FROM login_failures", NULL);
    assert_int_equal(login_failures_purge_expired(d, (int64_t)time(NULL)), 0);
    assert_int_equal(count_rows("SELECT COUNT(*) FROM login_failures", NULL), rows);
    assert_int_equal(login_failures_purge_expired(d, (int64_t)time(NULL) + 86400 + 60), 0);
    assert_int_equal(count_rows("SELECT COUNT(*) FROM login_failures", NULL), 0);
    db_close(d);
    free(tok);
    tclient_free(&later);
    tclient_free(&flood);
    tclient_free(&owner);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(register_keeps_input_and_explains_errors),
        cmocka_unit_test(post_without_csrf_is_403_and_changes_nothing),
        cmocka_unit_test(login_rotates_and_logout_ends_session),
        cmocka_unit_test(login_goes_back_only_to_a_local_path),
        cmocka_unit_test(registration_goes_back_to_where_the_login_was_asked),
        cmocka_unit_test(password_reset_link_works_once),
        cmocka_unit_test(password_reset_link_expires_after_an_hour),
        cmocka_unit_test(roles_are_enforced),
        cmocka_unit_test(admin_manages_staff_and_reads_are_audited),
        cmocka_unit_test(viewing_an_account_is_audited),
        cmocka_unit_test(login_issues_a_fresh_csrf_cookie),
        cmocka_unit_test(user_add_on_the_command_line),
        cmocka_unit_test(an_account_lock_survives_a_flood_of_other_addresses),
        /* last: it blocks this client (127.0.0.1) from logging in for a while */
        cmocka_unit_test(failed_logins_are_throttled_with_a_clear_message),
    };
    return cmocka_run_group_tests_name("accounts", tests, setup, teardown);
}
