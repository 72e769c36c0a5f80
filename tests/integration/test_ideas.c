/* Ideas and positions over HTTP: posting an idea, taking and changing a
 * position with and without an account, closed phases, 200 concurrent
 * positions counted exactly, one person posting from many tabs at once,
 * the sort orders with a stable random order, filters and paging, the official answer and its notification, and the
 * visibility of spaces for pages and the API. Runs on SQLite and on
 * PostgreSQL (KOHTAAMO_TEST_BACKEND). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include "testsrv.h"
#include "ideas/ideas.h"

static testsrv srv;
#define PASSWORD "kohtaamo-demo-2026"
#define RESIDENT "asukas@kohtaamo.example"
#define RESIDENT_SV "invanare@kohtaamo.example"
#define STAFF "koordinaattori@kohtaamo.example"
#define SORT_IDEAS 25

/* A space with one phase that started yesterday. */
static void make_space(db *d, const char *slug, const char *audience, const char *pol_pos, const char *kind,
                       int allow_ideas, int allow_positions)
{
    int64_t now = (int64_t)time(NULL);
    db_param p[] = {DB_TEXT(slug), DB_TEXT(audience), DB_TEXT(pol_pos), DB_INT(now)};
    testdb_exec(d, "INSERT INTO spaces(slug, title_fi, title_sv, audience, group_id, policy_idea, policy_position, "
                   "policy_comment, created_at) VALUES($1, 'Testitila ' || $1, 'Testutrymme ' || $1, $2, "
                   "(SELECT id FROM groups ORDER BY id LIMIT 1), 'registered', $3, 'registered', $4)", 4, p);
    db_param q[] = {DB_TEXT(slug), DB_TEXT(kind), DB_INT(now - 86400), DB_INT(allow_ideas), DB_INT(allow_positions)};
    testdb_exec(d, "INSERT INTO space_phases(space_id, kind, starts_at, allow_ideas, allow_positions, allow_comments) "
                   "SELECT id, $2, $3, $4, $5, 1 FROM spaces WHERE slug = $1", 5, q);
}

static void make_idea(db *d, const char *slug, const char *title, const char *body, int64_t created, int64_t support,
                      int64_t comments, const char *status, const char *muni)
{
    db_param p[] = {DB_TEXT(slug), DB_TEXT(title), DB_TEXT(body), DB_INT(created), DB_INT(support), DB_INT(comments),
                    DB_TEXT(status), DB_TEXT(muni)};
    testdb_exec(d, "INSERT INTO ideas(space_id, author_name, title, body, created_at, updated_at, support_count, "
                   "comment_count, status, municipality_id) SELECT s.id, 'Testaaja', $2, $3, $4, $4, $5, $6, $7, "
                   "(SELECT id FROM municipalities WHERE code = $8) FROM spaces s WHERE s.slug = $1", 8, p);
}

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    db *d = testsrv_db(&srv);
    make_space(d, "t-open", "everyone", "anyone", "collecting", 1, 1);
    make_space(d, "t-closed", "everyone", "anyone", "evaluating", 0, 0);
    make_space(d, "t-group", "group", "registered", "collecting", 1, 1);
    make_space(d, "t-sort", "everyone", "registered", "collecting", 1, 1);
    make_space(d, "t-fold", "everyone", "registered", "collecting", 1, 1);
    make_idea(d, "t-fold", "Äänestyspaikka lähemmäs", "Vaalit", 1700000000, 0, 0, "new", NULL);
    make_idea(d, "t-fold", "Öppna simhallen på söndagar", "Åbo och Ekenäs", 1700000100, 0, 0, "new", NULL);
    make_idea(d, "t-fold", "ŠAKKIKERHO nuorille", "Pelit", 1700000200, 0, 0, "new", NULL);
    make_idea(d, "t-closed", "Suljetun vaiheen idea", "Teksti", 1700000000, 0, 0, "new", NULL);
    make_idea(d, "t-closed", "Piilotettava otsikko", "Piilotettava teksti", 1700000100, 0, 0, "new", NULL);
    testdb_exec(d, "UPDATE ideas SET hidden_at = 1700000200, hidden_reason = 'Sisältää henkilötietoja'"
                   " WHERE title = 'Piilotettava otsikko'", 0, NULL);
    make_space(d, "t-anyone", "everyone", "anyone", "collecting", 1, 1);
    testdb_exec(d, "UPDATE spaces SET policy_idea = 'anyone' WHERE slug = 't-anyone'", 0, NULL);
    make_idea(d, "t-group", "Ryhmän oma idea", "Salainen teksti", 1700000000, 0, 0, "new", NULL);
    /* sort fixtures: created, support and comments chosen so that every
     * order is different and has no ties */
    for (int i = 0; i < SORT_IDEAS; i++) {
        char title[64];
        snprintf(title, sizeof title, "Lajitteluidea %02d", i);
        make_idea(d, "t-sort", title, i % 5 == 0 ? "Kirjasto ja lukusali" : "Muu teksti", 1700000000 + i * 100,
                  (i * 7) % SORT_IDEAS, (i * 11) % SORT_IDEAS, i % 2 ? "accepted" : "new", i % 3 ? "444" : "710");
    }
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

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, 0); }

/* The idea id in a "Location: /fi/ideas/ID?..." header. */
static long location_id(const tresp *r)
{
    char *loc = tresp_header(r, "Location");
    assert_non_null(loc);
    const char *p = strstr(loc, "/ideas/");
    assert_non_null(p);
    long id = strtol(p + 7, NULL, 10);
    free(loc);
    return id;
}

static void post_idea_take_position_and_change_it(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    /* without an account the form is refused with the reason */
    http_get(&c, "/fi/spaces/t-open/ideas/new", NULL, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "Kirjaudu sisään osallistuaksesi."));
    tresp_free(&r);

    login_as(&c, "fi", RESIDENT, PASSWORD);
    char *tok = fetch_csrf(&c, "/fi/spaces/t-open/ideas/new");
    char long_title[200];
    memset(long_title, 'a', 141);
    long_title[141] = '\0';
    const char *bad[] = {"csrf", tok, "title", long_title, "body", "Hyvä **idea**", "municipality", "999", NULL};
    http_post_form(&c, "/fi/spaces/t-open/ideas/new", bad, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Otsikko voi olla enintään 140 merkkiä pitkä."));
    assert_true(body_has(&r, "Valitse kunta listasta."));
    assert_true(body_has(&r, "Hyvä **idea**</textarea>"));   /* input kept */
    assert_true(body_has(&r, "href=\"#f-title\""));           /* in the summary */
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM ideas WHERE body = $1", "Hyvä **idea**"), 0);

    /* 140 characters of ä are 280 bytes and still allowed */
    char title[300] = "";
    for (int i = 0; i < 140; i++) strcat(title, "ä");
    const char *ok[] = {"csrf", tok, "title", "Penkkejä terveysaseman käytävälle", "body", "Odottaessa **jalat väsyvät**.",
                        "municipality", "444", NULL};
    http_post_form(&c, "/fi/spaces/t-open/ideas/new", ok, &r);
    assert_int_equal(r.status, 303);
    long id = location_id(&r);
    tresp_free(&r);
    const char *ok2[] = {"csrf", tok, "title", title, "body", "Pitkä otsikko", NULL};
    http_post_form(&c, "/fi/spaces/t-open/ideas/new", ok2, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);

    char path[128], ppath[128], ids[32];
    snprintf(path, sizeof path, "/fi/ideas/%ld", id);
    snprintf(ppath, sizeof ppath, "/fi/ideas/%ld/position", id);
    snprintf(ids, sizeof ids, "%ld", id);
    /* the author follows the idea */
    assert_int_equal(scalar("SELECT COUNT(*) FROM follows f JOIN users u ON u.id = f.user_id WHERE f.target_type = 'idea'"
                            " AND f.target_id = CAST($1 AS INTEGER) AND u.email = 'asukas@kohtaamo.example'", ids), 1);
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Penkkejä terveysaseman käytävälle</h1>"));
    assert_true(body_has(&r, "<strong>jalat väsyvät</strong>"));
    assert_true(body_has(&r, "Aino Mäkinen"));
    assert_true(body_has(&r, "Lohja"));
    assert_true(body_has(&r, "Lopeta seuraaminen"));
    assert_true(body_has(&r, "/fi/report?type=idea&amp;id="));
    assert_true(body_has(&r, "/fi/code-of-conduct"));
    tresp_free(&r);

    /* take a position with an argument */
    const char *p1[] = {"csrf", tok, "stance", "for", "argument", "Istuimia tarvitaan.", NULL};
    http_post_form(&c, ppath, p1, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT support_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 1);
    http_get(&c, path, NULL, &r);
    assert_true(body_has(&r, "<span class=\"count\">1</span> puolesta"));
    assert_true(body_has(&r, "Istuimia tarvitaan."));
    assert_true(body_has(&r, "/fi/report?type=position&amp;id="));
    assert_true(body_has(&r, "Muuta kantaasi"));
    assert_true(body_has(&r, "value=\"for\" checked"));
    tresp_free(&r);

    /* change it: the counters move, still one row */
    const char *p2[] = {"csrf", tok, "stance", "against", "argument", "", NULL};
    http_post_form(&c, ppath, p2, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT support_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 0);
    assert_int_equal(scalar("SELECT against_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 1);
    assert_int_equal(scalar("SELECT anonymous_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER)", ids), 1);

    /* bad input: 400, the error beside the field, nothing changed */
    const char *p3[] = {"csrf", tok, "stance", "maybe", "argument", "Ehkä", NULL};
    http_post_form(&c, ppath, p3, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"p-stance-error\""));
    assert_true(body_has(&r, "Valitse puolesta, vastaan tai neutraali."));
    assert_true(body_has(&r, ">Ehkä</textarea>"));
    tresp_free(&r);
    char arg[600];
    memset(arg, 'x', 501);
    arg[501] = '\0';
    const char *p4[] = {"csrf", tok, "stance", "for", "argument", arg, NULL};
    http_post_form(&c, ppath, p4, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Perustelu voi olla enintään 500 merkkiä pitkä."));
    assert_true(body_has(&r, "value=\"for\" checked"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT against_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 1);
    assert_int_equal(scalar("SELECT support_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 0);
    free(tok);
    tclient_free(&c);
}

static void anonymous_position_counts_once_per_browser(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    int64_t id = scalar("SELECT MIN(i.id) FROM ideas i JOIN spaces s ON s.id = i.space_id WHERE s.slug = $1", "t-open");
    assert_true(id > 0);
    char path[128], ids[32];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    snprintf(path, sizeof path, "/fi/ideas/%lld", (long long)id);
    char *tok = fetch_csrf(&c, path);
    int64_t for0 = scalar("SELECT support_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids);
    int64_t neu0 = scalar("SELECT neutral_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids);
    int64_t anon0 = scalar("SELECT anonymous_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids);
    char ppath[160];
    snprintf(ppath, sizeof ppath, "%s/position", path);
    const char *p1[] = {"csrf", tok, "stance", "for", "argument", "Hyvä ajatus ilman tiliäkin.", NULL};
    http_post_form(&c, ppath, p1, &r);
    assert_int_equal(r.status, 303);
    char *cookie = tresp_header(&r, "Set-Cookie");
    assert_non_null(cookie);
    assert_non_null(strstr(cookie, "kohtaamo_voice="));
    assert_non_null(strstr(cookie, "HttpOnly"));
    char token[64] = "";
    sscanf(strstr(cookie, "kohtaamo_voice=") + 15, "%43[A-Za-z0-9_-]", token);
    assert_int_equal(strlen(token), 43);
    free(cookie);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT support_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), for0 + 1);
    assert_int_equal(scalar("SELECT anonymous_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), anon0 + 1);
    /* the token is stored only as a keyed hash, and no address at all */
    assert_int_equal(scalar("SELECT COUNT(*) FROM positions WHERE anon_key = $1", token), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER) AND user_id IS NULL"
                            " AND LENGTH(anon_key) = 64", ids), anon0 + 1);

    /* the same browser again: a change, not a second position */
    const char *p2[] = {"csrf", tok, "stance", "neutral", "argument", "Mietin vielä.", NULL};
    http_post_form(&c, ppath, p2, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT support_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), for0);
    assert_int_equal(scalar("SELECT neutral_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), neu0 + 1);
    assert_int_equal(scalar("SELECT anonymous_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), anon0 + 1);
    http_get(&c, path, NULL, &r);
    assert_true(body_has(&r, "value=\"neutral\" checked"));
    assert_true(body_has(&r, "<p>Mietin vielä.</p>"));
    assert_true(body_has(&r, "Ilman tiliä kantasi muistetaan vain tällä selaimella."));
    tresp_free(&r);
    db *d = testsrv_db(&srv);
    db_param hp[] = {DB_INT(id)};
    assert_int_equal(db_exec(d, "UPDATE positions SET hidden_at = 1, hidden_reason = 'Asiaton sisältö'"
                                " WHERE idea_id = $1 AND user_id IS NULL", 1, hp), 0);
    db_close(d);
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Moderaattori on piilottanut: Asiaton sisältö"));
    assert_false(body_has(&r, "<p>Mietin vielä.</p>"));   /* only in the author's own form */
    tresp_free(&r);
    assert_int_equal(scalar("SELECT neutral_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), neu0 + 1);
    free(tok);
    tclient_free(&c);
}

static void closed_phase_refuses_positions_and_stores_nothing(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    int64_t id = scalar("SELECT MIN(i.id) FROM ideas i JOIN spaces s ON s.id = i.space_id WHERE s.slug = $1", "t-closed");
    char path[128], ppath[160];
    snprintf(path, sizeof path, "/fi/ideas/%lld", (long long)id);
    snprintf(ppath, sizeof ppath, "%s/position", path);
    /* the page says why instead of showing the form */
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Tässä vaiheessa kantaa ei voi ottaa eikä muuttaa."));
    assert_false(body_has(&r, "name=\"stance\""));
    tresp_free(&r);
    char *tok = fetch_csrf(&c, "/fi/login");
    const char *p1[] = {"csrf", tok, "stance", "for", NULL};
    http_post_form(&c, ppath, p1, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "Tässä vaiheessa kantaa ei voi ottaa eikä muuttaa."));
    tresp_free(&r);
    login_as(&c, "sv", RESIDENT_SV, PASSWORD);
    free(tok);
    tok = fetch_csrf(&c, "/sv/account");
    snprintf(ppath, sizeof ppath, "/sv/ideas/%lld/position", (long long)id);
    http_post_form(&c, ppath, (const char *[]){"csrf", tok, "stance", "against", NULL}, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "I den här fasen kan man inte ta eller ändra ställning."));
    tresp_free(&r);
    /* no new ideas either */
    http_get(&c, "/sv/spaces/t-closed/ideas/new", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    char ids[32];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    assert_int_equal(scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER)", ids), 0);
    assert_int_equal(scalar("SELECT support_count + against_count + anonymous_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 0);
    free(tok);
    tclient_free(&c);
}

/* The value of a cookie in the client's jar, malloc'd. */
static char *jar_cookie(tclient *c, const char *name)
{
    struct curl_slist *list = NULL, *it;
    char *out = NULL;
    curl_easy_getinfo(c->curl, CURLINFO_COOKIELIST, &list);
    for (it = list; it; it = it->next) {
        /* domain, subdomains, path, secure, expiry, name, value (tabs) */
        const char *f = it->data;
        for (int k = 0; k < 5 && f; k++) f = strchr(f, '\t') ? strchr(f, '\t') + 1 : NULL;
        if (f && strncmp(f, name, strlen(name)) == 0 && f[strlen(name)] == '\t') out = strdup(f + strlen(name) + 1);
    }
    curl_slist_free_all(list);
    return out;
}

#define PARALLEL 200
static const char *const STANCE_OF[3] = {"for", "against", "neutral"};

static size_t discard(char *data, size_t size, size_t n, void *ud)
{
    (void)data;
    (void)ud;
    return size * n;
}

/* Sends PARALLEL positions at once, each from its own browser token. */
static void send_parallel(const char *path, const char *csrf_cookie, const char *tok, int round)
{
    CURLM *m = curl_multi_init();
    static CURL *h[PARALLEL];
    static char cookies[PARALLEL][160], body[PARALLEL][200];
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
    char url[256];
    snprintf(url, sizeof url, "%s%s", srv.base, path);
    curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)PARALLEL);
    for (int i = 0; i < PARALLEL; i++) {
        h[i] = curl_easy_init();
        snprintf(cookies[i], sizeof cookies[i], "kohtaamo_csrf=%s; kohtaamo_voice=par%040d", csrf_cookie, i);
        /* round 0: i % 3 decides; later rounds: everyone changes to against */
        snprintf(body[i], sizeof body[i], "csrf=%s&stance=%s", tok, round == 0 ? STANCE_OF[i % 3] : "against");
        curl_easy_setopt(h[i], CURLOPT_URL, url);
        curl_easy_setopt(h[i], CURLOPT_COOKIE, cookies[i]);
        curl_easy_setopt(h[i], CURLOPT_POSTFIELDS, body[i]);
        curl_easy_setopt(h[i], CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(h[i], CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(h[i], CURLOPT_WRITEFUNCTION, discard);
        curl_multi_add_handle(m, h[i]);
    }
    int running = 1;
    while (running) {
        curl_multi_perform(m, &running);
        if (running) curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    for (int i = 0; i < PARALLEL; i++) {
        long status = 0;
        curl_easy_getinfo(h[i], CURLINFO_RESPONSE_CODE, &status);
        if (status != 303) fail_msg("parallel request %d answered %ld", i, status);
        curl_multi_remove_handle(m, h[i]);
        curl_easy_cleanup(h[i]);
    }
    curl_slist_free_all(hdr);
    curl_multi_cleanup(m);
}

static void two_hundred_parallel_positions_count_exactly(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    login_as(&c, "fi", RESIDENT, PASSWORD);
    char *tok = fetch_csrf(&c, "/fi/spaces/t-open/ideas/new");
    http_post_form(&c, "/fi/spaces/t-open/ideas/new",
                   (const char *[]){"csrf", tok, "title", "Rinnakkain", "body", "Kaikki kerralla", NULL}, &r);
    assert_int_equal(r.status, 303);
    long id = location_id(&r);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);

    /* a browser without an account: its CSRF cookie and token */
    tclient_init(&c, &srv);
    char path[128], ids[32];
    snprintf(path, sizeof path, "/fi/ideas/%ld", id);
    snprintf(ids, sizeof ids, "%ld", id);
    tok = fetch_csrf(&c, path);
    char *csrf_cookie = jar_cookie(&c, "kohtaamo_csrf");
    assert_non_null(csrf_cookie);
    char ppath[160];
    snprintf(ppath, sizeof ppath, "%s/position", path);

    send_parallel(ppath, csrf_cookie, tok, 0);
    int f = (PARALLEL + 2) / 3, a = (PARALLEL + 1) / 3, n = PARALLEL / 3;
    assert_int_equal(scalar("SELECT support_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), f);
    assert_int_equal(scalar("SELECT against_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), a);
    assert_int_equal(scalar("SELECT neutral_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), n);
    assert_int_equal(scalar("SELECT anonymous_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), PARALLEL);
    assert_int_equal(scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER)", ids), PARALLEL);

    /* the same 200 browsers change their minds at once, and again: counted as changes */
    send_parallel(ppath, csrf_cookie, tok, 1);
    send_parallel(ppath, csrf_cookie, tok, 1);
    assert_int_equal(scalar("SELECT support_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 0);
    assert_int_equal(scalar("SELECT against_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), PARALLEL);
    assert_int_equal(scalar("SELECT neutral_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 0);
    assert_int_equal(scalar("SELECT anonymous_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), PARALLEL);
    assert_int_equal(scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER)", ids), PARALLEL);
    http_get(&c, path, NULL, &r);
    assert_true(body_has(&r, "<span class=\"count\">200</span> vastaan"));
    assert_true(body_has(&r, "joista 200 ilman tiliä"));
    tresp_free(&r);
    free(csrf_cookie);
    free(tok);
    tclient_free(&c);
}

/* One person posting positions on one idea from many tabs at once: each
 * thread has its own connection and posts SAME_ROUNDS times, alternating
 * for and against, with the same session or browser token. */
#define SAME_THREADS 8
#define SAME_ROUNDS 50

typedef struct {
    CURL *h;
    const char *tok;
    int thread;
    int refused;        /* answers other than 303 */
    long first_refusal; /* the status of the first of them, -1 for no answer */
} same_person_tab;

static void *post_positions_from_tab(void *arg)
{
    same_person_tab *t = arg;
    for (int i = 0; i < SAME_ROUNDS; i++) {
        char body[200];
        snprintf(body, sizeof body, "csrf=%s&stance=%s", t->tok, (t->thread + i) % 2 ? "for" : "against");
        curl_easy_setopt(t->h, CURLOPT_POSTFIELDS, body);
        long status = -1;
        if (curl_easy_perform(t->h) == CURLE_OK) curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &status);
        if (status != 303 && t->refused++ == 0) t->first_refusal = status;
    }
    return NULL;
}

/* Posts from SAME_THREADS tabs at once with the cookies given; every post
 * must be answered 303. */
static void post_positions_at_once(const char *path, const char *cookies, const char *tok)
{
    char url[256];
    snprintf(url, sizeof url, "%s%s", srv.base, path);
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/x-www-form-urlencoded");
    hdr = curl_slist_append(hdr, "Expect:");
    same_person_tab tabs[SAME_THREADS];
    pthread_t threads[SAME_THREADS];
    /* curl_easy_init runs curl's global init: here, before any thread */
    for (int i = 0; i < SAME_THREADS; i++) {
        tabs[i] = (same_person_tab){.h = curl_easy_init(), .tok = tok, .thread = i};
        curl_easy_setopt(tabs[i].h, CURLOPT_URL, url);
        curl_easy_setopt(tabs[i].h, CURLOPT_COOKIE, cookies);
        curl_easy_setopt(tabs[i].h, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(tabs[i].h, CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(tabs[i].h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(tabs[i].h, CURLOPT_WRITEFUNCTION, discard);
    }
    for (int i = 0; i < SAME_THREADS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, post_positions_from_tab, &tabs[i]), 0);
    int refused = 0;
    long first = 0;
    for (int i = 0; i < SAME_THREADS; i++) {
        pthread_join(threads[i], NULL);
        if (tabs[i].refused && !refused) first = tabs[i].first_refusal;
        refused += tabs[i].refused;
        curl_easy_cleanup(tabs[i].h);
    }
    curl_slist_free_all(hdr);
    if (refused) fail_msg("%d of %d positions were not saved (the first answered %ld)", refused,
                          SAME_THREADS * SAME_ROUNDS, first);
}

/* The idea's counters are the counts of its positions. */
static void assert_counters_count_positions(const char *ids)
{
    assert_int_equal(scalar("SELECT support_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids),
                     scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER) AND stance = 'for'", ids));
    assert_int_equal(scalar("SELECT against_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids),
                     scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER) AND stance = 'against'", ids));
    assert_int_equal(scalar("SELECT neutral_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids),
                     scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER) AND stance = 'neutral'", ids));
    assert_int_equal(scalar("SELECT anonymous_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids),
                     scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER) AND user_id IS NULL", ids));
}

/* The same person posting at once from many tabs, with an account and then
 * without one: still one position each, and the counters count exactly.
 * Without the lock in store() two posts read the same old stance and both
 * move the counters. */
static void same_person_posting_at_once_keeps_one_position(void **state)
{
    (void)state;
    db *d = testsrv_db(&srv);
    make_idea(d, "t-open", "Monta välilehteä", "Sama ihminen monesta välilehdestä", 1700000000, 0, 0, "new", NULL);
    db_close(d);
    int64_t id = scalar("SELECT id FROM ideas WHERE title = $1", "Monta välilehteä");
    char path[128], ppath[160], ids[32];
    snprintf(path, sizeof path, "/fi/ideas/%lld", (long long)id);
    snprintf(ppath, sizeof ppath, "%s/position", path);
    snprintf(ids, sizeof ids, "%lld", (long long)id);

    /* with an account: the session and CSRF cookies of one sign-in in every tab */
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    login_as(&c, "fi", RESIDENT, PASSWORD);
    char *tok = fetch_csrf(&c, path);
    char *session = jar_cookie(&c, "kohtaamo_session");
    char *csrf_cookie = jar_cookie(&c, "kohtaamo_csrf");
    assert_non_null(session);
    assert_non_null(csrf_cookie);
    char cookies[400];
    snprintf(cookies, sizeof cookies, "kohtaamo_session=%s; kohtaamo_csrf=%s", session, csrf_cookie);
    post_positions_at_once(ppath, cookies, tok);
    assert_int_equal(scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER)", ids), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM positions p JOIN users u ON u.id = p.user_id"
                            " WHERE p.idea_id = CAST($1 AS INTEGER) AND u.email = 'asukas@kohtaamo.example'", ids), 1);
    assert_counters_count_positions(ids);
    assert_int_equal(scalar("SELECT support_count + against_count + neutral_count FROM ideas WHERE id = CAST($1 AS INTEGER)",
                            ids), 1);
    /* the page shows the one position, checked in the person's own form */
    int for_count = (int)scalar("SELECT support_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids);
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, for_count ? "<span class=\"count\">1</span> puolesta" : "<span class=\"count\">1</span> vastaan"));
    assert_true(body_has(&r, for_count ? "value=\"for\" checked" : "value=\"against\" checked"));
    tresp_free(&r);
    free(session);
    free(csrf_cookie);
    free(tok);
    tclient_free(&c);

    /* without an account: one browser token in every tab, its first
     * position also posted at once */
    tclient_init(&c, &srv);
    tok = fetch_csrf(&c, path);
    csrf_cookie = jar_cookie(&c, "kohtaamo_csrf");
    assert_non_null(csrf_cookie);
    snprintf(cookies, sizeof cookies, "kohtaamo_csrf=%s; kohtaamo_voice=samaselain%033d", csrf_cookie, 0);
    post_positions_at_once(ppath, cookies, tok);
    assert_int_equal(scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER)", ids), 2);
    assert_int_equal(scalar("SELECT COUNT(*) FROM positions WHERE idea_id = CAST($1 AS INTEGER) AND user_id IS NULL", ids), 1);
    assert_counters_count_positions(ids);
    assert_int_equal(scalar("SELECT anonymous_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 1);
    assert_int_equal(scalar("SELECT support_count + against_count + neutral_count FROM ideas WHERE id = CAST($1 AS INTEGER)",
                            ids), 2);
    free(csrf_cookie);
    free(tok);
    tclient_free(&c);
}

/* The numbers NN of "Lajitteluidea NN" in the order the page lists them. */
static int titles_in_order(const tresp *r, int *out, int max)
{
    int n = 0;
    for (const char *p = r->body.data; p && (p = strstr(p, "Lajitteluidea ")) && n < max; p += 14)
        out[n++] = atoi(p + 14);
    return n;
}

/* The href of the link with rel="REL", &amp; decoded, malloc'd or NULL. */
static char *link_rel(const tresp *r, const char *rel)
{
    char needle[32];
    snprintf(needle, sizeof needle, "rel=\"%s\"", rel);
    const char *end = strstr(r->body.data, needle);
    if (!end) return NULL;
    const char *start = end;
    while (start > r->body.data && strncmp(start, "href=\"", 6) != 0) start--;
    start += 6;
    const char *q = strchr(start, '"');
    char *out = malloc((size_t)(q - start) + 1), *o = out;
    for (const char *p = start; p < q; p++) {
        *o++ = *p;
        if (strncmp(p, "&amp;", 5) == 0) p += 4;   /* the & is written, "amp;" skipped */
    }
    *o = '\0';
    return out;
}

static int64_t sort_ids[SORT_IDEAS];
static int64_t sort_seed;
static int by_support(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (y * 7) % SORT_IDEAS - (x * 7) % SORT_IDEAS; }
static int by_comments(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (y * 11) % SORT_IDEAS - (x * 11) % SORT_IDEAS; }
static int by_random(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    int64_t kx = ideas_random_key(sort_ids[x], sort_seed), ky = ideas_random_key(sort_ids[y], sort_seed);
    if (kx != ky) return kx < ky ? -1 : 1;
    return sort_ids[x] < sort_ids[y] ? -1 : 1;
}

/* Fetches the list twice (two pages) and checks the order against want. */
static void check_order(tclient *c, const char *query, const int *want)
{
    char path[256];
    snprintf(path, sizeof path, "/fi/spaces/t-sort/ideas%s", query);
    tresp r;
    int got[SORT_IDEAS + 5];
    http_get(c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(titles_in_order(&r, got, SORT_IDEAS), IDEAS_PAGE_SIZE);
    for (int i = 0; i < IDEAS_PAGE_SIZE; i++) assert_int_equal(got[i], want[i]);
    assert_null(link_rel(&r, "prev"));
    char *next = link_rel(&r, "next");
    assert_non_null(next);
    tresp_free(&r);
    http_get(c, next, NULL, &r);
    free(next);
    assert_int_equal(r.status, 200);
    assert_int_equal(titles_in_order(&r, got, SORT_IDEAS), SORT_IDEAS - IDEAS_PAGE_SIZE);
    for (int i = IDEAS_PAGE_SIZE; i < SORT_IDEAS; i++) assert_int_equal(got[i - IDEAS_PAGE_SIZE], want[i]);
    assert_null(link_rel(&r, "next"));
    char *prev = link_rel(&r, "prev");
    assert_non_null(prev);
    tresp_free(&r);
    /* back to the first page */
    http_get(c, prev, NULL, &r);
    free(prev);
    assert_int_equal(titles_in_order(&r, got, SORT_IDEAS), IDEAS_PAGE_SIZE);
    for (int i = 0; i < IDEAS_PAGE_SIZE; i++) assert_int_equal(got[i], want[i]);
    assert_null(link_rel(&r, "prev"));
    tresp_free(&r);
}

static void sort_orders_with_keyset_pages_and_a_stable_random_order(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    int want[SORT_IDEAS];
    for (int i = 0; i < SORT_IDEAS; i++) {
        char title[64];
        snprintf(title, sizeof title, "Lajitteluidea %02d", i);
        sort_ids[i] = scalar("SELECT id FROM ideas WHERE title = $1", title);
        assert_true(sort_ids[i] > 0);
    }
    for (int i = 0; i < SORT_IDEAS; i++) want[i] = SORT_IDEAS - 1 - i;   /* newest first */
    check_order(&c, "", want);
    check_order(&c, "?sort=new", want);
    for (int i = 0; i < SORT_IDEAS; i++) want[i] = i;
    qsort(want, SORT_IDEAS, sizeof *want, by_support);
    check_order(&c, "?sort=support", want);
    for (int i = 0; i < SORT_IDEAS; i++) want[i] = i;
    qsort(want, SORT_IDEAS, sizeof *want, by_comments);
    check_order(&c, "?sort=discussed", want);

    /* random: a seed is chosen and put in the URL */
    tresp r;
    http_get(&c, "/fi/spaces/t-sort/ideas?sort=random", NULL, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    assert_non_null(strstr(loc, "sort=random&seed="));
    free(loc);
    tresp_free(&r);
    /* the same seed gives the same order, on every page and every time */
    int first[SORT_IDEAS];
    sort_seed = 1234;
    for (int i = 0; i < SORT_IDEAS; i++) want[i] = i;
    qsort(want, SORT_IDEAS, sizeof *want, by_random);
    memcpy(first, want, sizeof first);
    check_order(&c, "?sort=random&seed=1234", want);
    check_order(&c, "?sort=random&seed=1234", want);
    /* another seed, another order */
    sort_seed = 987654;
    for (int i = 0; i < SORT_IDEAS; i++) want[i] = i;
    qsort(want, SORT_IDEAS, sizeof *want, by_random);
    assert_memory_not_equal(first, want, sizeof first);
    check_order(&c, "?sort=random&seed=987654", want);

    http_get(&c, "/fi/spaces/t-sort/ideas?sort=loudest", NULL, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Valitse järjestys listalta."));
    tresp_free(&r);
    http_get(&c, "/fi/spaces/t-sort/ideas?sort=random&seed=-4", NULL, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    http_get(&c, "/fi/spaces/t-sort/ideas?after=12x", NULL, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    tclient_free(&c);
}

static int count_titles(tclient *c, const char *path, long *status)
{
    tresp r;
    int got[SORT_IDEAS + 5];
    http_get(c, path, NULL, &r);
    *status = r.status;
    int n = titles_in_order(&r, got, SORT_IDEAS);
    tresp_free(&r);
    return n;
}

static void filters_and_search(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    long st;
    /* odd ideas are accepted: 12; every third is in Raasepori: 9 */
    assert_int_equal(count_titles(&c, "/fi/spaces/t-sort/ideas?status=accepted", &st), 12);
    assert_int_equal(st, 200);
    assert_int_equal(count_titles(&c, "/fi/spaces/t-sort/ideas?municipality=710", &st), 9);
    /* every fifth speaks of a library; upper case finds it too */
    assert_int_equal(count_titles(&c, "/fi/spaces/t-sort/ideas?q=kirjasto", &st), 5);
    assert_int_equal(count_titles(&c, "/fi/spaces/t-sort/ideas?q=KIRJASTO", &st), 5);
    assert_int_equal(count_titles(&c, "/fi/spaces/t-sort/ideas?q=kirjasto&municipality=710&sort=support", &st), 2);
    assert_int_equal(count_titles(&c, "/fi/spaces/t-sort/ideas?q=lajitteluidea+1", &st), 10);
    assert_int_equal(count_titles(&c, "/fi/spaces/t-sort/ideas?q=100%25", &st), 0);   /* % is a letter, not a wildcard */
    tresp r;
    http_get(&c, "/fi/spaces/t-sort/ideas?q=kirjasto&municipality=710", NULL, &r);
    assert_true(body_has(&r, "<option value=\"710\" selected>"));
    assert_true(body_has(&r, "value=\"kirjasto\""));
    tresp_free(&r);
    http_get(&c, "/fi/spaces/t-sort/ideas?q=a&status=accepted", NULL, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "id=\"f-q-error\""));
    assert_true(body_has(&r, "Kirjoita hakuun vähintään kaksi kirjainta."));
    assert_true(body_has(&r, "<option value=\"accepted\" selected>"));
    tresp_free(&r);
    http_get(&c, "/fi/spaces/t-sort/ideas?status=secret", NULL, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Valitse tila listalta."));
    tresp_free(&r);
    http_get(&c, "/sv/spaces/t-sort/ideas?municipality=000", NULL, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Välj en kommun i listan."));
    tresp_free(&r);
    http_get(&c, "/fi/spaces/no-such-space/ideas", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    tclient_free(&c);
}

static int count_items(tclient *c, const char *path)
{
    tresp r;
    http_get(c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    int n = 0;
    for (const char *p = r.body.data; (p = strstr(p, "class=\"idea-item\"")) != NULL; p++) n++;
    tresp_free(&r);
    return n;
}

/* Ä, Ö, Å and Š match in either case on both databases. */
static void search_folds_finnish_and_swedish_letters(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    assert_int_equal(count_items(&c, "/fi/spaces/t-fold/ideas"), 3);
    assert_int_equal(count_items(&c, "/fi/spaces/t-fold/ideas?q=%C3%A4%C3%A4nestys"), 1);          /* äänestys */
    assert_int_equal(count_items(&c, "/fi/spaces/t-fold/ideas?q=%C3%84%C3%84NESTYS"), 1);          /* ÄÄNESTYS */
    assert_int_equal(count_items(&c, "/sv/spaces/t-fold/ideas?q=%C3%B6ppna"), 1);                  /* öppna */
    assert_int_equal(count_items(&c, "/sv/spaces/t-fold/ideas?q=%C3%85BO"), 1);                    /* ÅBO, in the text */
    assert_int_equal(count_items(&c, "/fi/spaces/t-fold/ideas?q=%C5%A1akki"), 1);                  /* šakki */
    assert_int_equal(count_items(&c, "/fi/spaces/t-fold/ideas?q=%C3%A5bo+och+eken%C3%A4s"), 1);
    assert_int_equal(count_items(&c, "/fi/spaces/t-fold/ideas?q=aanestys"), 0);                    /* ä is not a */
    tclient_free(&c);
}

static void official_answer_notifies_followers(void **state)
{
    (void)state;
    tclient res, staff;
    tclient_init(&res, &srv);
    tclient_init(&staff, &srv);
    tresp r;
    login_as(&res, "fi", RESIDENT, PASSWORD);
    char *tok = fetch_csrf(&res, "/fi/spaces/t-open/ideas/new");
    http_post_form(&res, "/fi/spaces/t-open/ideas/new",
                   (const char *[]){"csrf", tok, "title", "Vastattava idea", "body", "Vastatkaa tähän", NULL}, &r);
    assert_int_equal(r.status, 303);
    long id = location_id(&r);
    tresp_free(&r);
    char path[128], apath[160], ids[32];
    snprintf(path, sizeof path, "/fi/ideas/%ld", id);
    snprintf(apath, sizeof apath, "%s/answer", path);
    snprintf(ids, sizeof ids, "%ld", id);
    /* a resident may not answer, and sees no answer form */
    http_get(&res, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Vastattava idea</h1>"));
    assert_false(body_has(&r, "name=\"answer\""));
    tresp_free(&r);
    http_post_form(&res, apath, (const char *[]){"csrf", tok, "status", "accepted", NULL}, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);

    login_as(&staff, "fi", STAFF, PASSWORD);
    char *stok = fetch_csrf(&staff, path);
    http_get(&staff, path, NULL, &r);
    assert_true(body_has(&r, "Vastaa hyvinvointialueen puolesta"));
    tresp_free(&r);
    /* not taken forward needs a reason */
    http_post_form(&staff, apath, (const char *[]){"csrf", stok, "status", "rejected", "answer", "  ", NULL}, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Kerro, miksi ideaa ei viedä eteenpäin."));
    assert_true(body_has(&r, "value=\"rejected\" checked"));
    tresp_free(&r);
    http_post_form(&staff, apath, (const char *[]){"csrf", stok, "status", "approved", NULL}, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Valitse idean tila."));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                            " WHERE u.email = 'asukas@kohtaamo.example' AND n.path = '/ideas/' || $1", ids), 0);

    char project[32];
    snprintf(project, sizeof project, "%lld",
             (long long)scalar("SELECT id FROM projects WHERE slug = $1", "terveysasemien-digitaalinen-ajanvaraus"));
    http_post_form(&staff, apath, (const char *[]){"csrf", stok, "status", "implemented", "answer",
                   "Toteutettu **hankkeessa**.", "project", project, NULL}, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                            " WHERE u.email = 'asukas@kohtaamo.example' AND n.kind = 'answer'"
                            " AND n.title = 'Vastattava idea' AND n.path = '/ideas/' || $1", ids), 1);
    /* the one who answered is not notified of it */
    assert_int_equal(scalar("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                            " WHERE u.email = 'koordinaattori@kohtaamo.example' AND n.path = '/ideas/' || $1", ids), 0);
    http_get(&res, path, NULL, &r);
    assert_true(body_has(&r, "Hyvinvointialueen vastaus"));
    assert_true(body_has(&r, "Toteutettu <strong>hankkeessa</strong>."));
    assert_true(body_has(&r, "href=\"/fi/projects/terveysasemien-digitaalinen-ajanvaraus\""));
    assert_true(body_has(&r, "Mikko Virtanen"));
    tresp_free(&r);

    /* only the status changes: a "status" notification */
    http_post_form(&staff, apath, (const char *[]){"csrf", stok, "status", "accepted", "answer",
                   "Toteutettu **hankkeessa**.", "project", project, NULL}, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                            " WHERE u.email = 'asukas@kohtaamo.example' AND n.kind = 'status' AND n.path = '/ideas/' || $1", ids), 1);
    /* unfollowing stops them */
    http_post_form(&res, "/fi/ideas/0/unfollow", (const char *[]){"csrf", tok, NULL}, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    char upath[160];
    snprintf(upath, sizeof upath, "%s/unfollow", path);
    http_post_form(&res, upath, (const char *[]){"csrf", tok, NULL}, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_post_form(&staff, apath, (const char *[]){"csrf", stok, "status", "considering", "answer", "Uudelleen harkintaan.", NULL}, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                            " WHERE u.email = 'asukas@kohtaamo.example' AND n.path = '/ideas/' || $1", ids), 2);
    free(tok);
    free(stok);
    tclient_free(&res);
    tclient_free(&staff);
}

static void space_visibility_for_pages_and_api(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    int64_t id = scalar("SELECT MIN(i.id) FROM ideas i JOIN spaces s ON s.id = i.space_id WHERE s.slug = $1", "t-group");
    char path[128], api[128];
    snprintf(path, sizeof path, "/fi/ideas/%lld", (long long)id);
    snprintf(api, sizeof api, "/api/v1/ideas/%lld", (long long)id);
    const char *denied[] = {"/fi/spaces/t-group/ideas", "/api/v1/spaces/t-group/ideas", path, api};
    for (int i = 0; i < 4; i++) {
        http_get(&c, denied[i], NULL, &r);
        assert_int_equal(r.status, 403);
        assert_false(body_has(&r, "Salainen teksti"));
        tresp_free(&r);
    }
    http_get(&c, "/api/v1/ideas/999999999", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    /* a resident outside the group neither */
    login_as(&c, "fi", RESIDENT_SV, PASSWORD);
    http_get(&c, api, NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&c);
    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Salainen teksti"));
    tresp_free(&r);
    tclient_free(&c);

    /* the API lists with counts and cursors */
    tclient_init(&c, &srv);
    http_get(&c, "/api/v1/spaces/t-sort/ideas?sort=support", NULL, &r);
    assert_int_equal(r.status, 200);
    json_error_t err;
    json_t *doc = json_loadb(r.body.data, r.body.len, 0, &err);
    assert_non_null(doc);
    json_t *items = json_object_get(doc, "items");
    assert_int_equal(json_array_size(items), IDEAS_PAGE_SIZE);
    json_t *first = json_array_get(items, 0);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(first, "counts"), "for")), SORT_IDEAS - 1);
    assert_true(json_is_integer(json_object_get(json_object_get(first, "counts"), "without_account")));
    const char *next = json_string_value(json_object_get(doc, "next"));
    assert_non_null(next);
    assert_non_null(strstr(next, "/api/v1/spaces/t-sort/ideas?after="));
    assert_true(json_is_null(json_object_get(doc, "prev")));
    char *next_copy = strdup(next);
    json_decref(doc);
    tresp_free(&r);
    http_get(&c, next_copy, NULL, &r);
    free(next_copy);
    doc = json_loadb(r.body.data, r.body.len, 0, &err);
    assert_non_null(doc);
    assert_int_equal(json_array_size(json_object_get(doc, "items")), SORT_IDEAS - IDEAS_PAGE_SIZE);
    assert_true(json_is_null(json_object_get(doc, "next")));
    json_decref(doc);
    tresp_free(&r);
    http_get(&c, "/api/v1/spaces/t-sort/ideas?sort=bogus", NULL, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    tclient_free(&c);
}

static void hidden_ideas_show_only_the_reason(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/spaces/t-closed/ideas", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Moderaattori on piilottanut:</a> Sisältää henkilötietoja"));
    assert_false(body_has(&r, "Piilotettava otsikko"));
    assert_true(body_has(&r, "Suljetun vaiheen idea"));
    tresp_free(&r);
    /* hidden ideas are not found by their words either */
    http_get(&c, "/fi/spaces/t-closed/ideas?q=piilotettava", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Valintojasi vastaavia ideoita ei löytynyt."));
    assert_false(body_has(&r, "Sisältää henkilötietoja"));
    tresp_free(&r);
    int64_t id = scalar("SELECT id FROM ideas WHERE title = $1", "Piilotettava otsikko");
    char path[64];
    snprintf(path, sizeof path, "/sv/ideas/%lld", (long long)id);
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Dold av en moderator: Sisältää henkilötietoja"));
    assert_false(body_has(&r, "Piilotettava"));
    tresp_free(&r);
    snprintf(path, sizeof path, "/api/v1/ideas/%lld", (long long)id);
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "\"hidden\": true") || body_has(&r, "\"hidden\":true"));
    assert_false(body_has(&r, "Piilotettava"));
    tresp_free(&r);
    /* a moderator still reads it */
    login_as(&c, "fi", "moderaattori@kohtaamo.example", PASSWORD);
    snprintf(path, sizeof path, "/fi/ideas/%lld", (long long)id);
    http_get(&c, path, NULL, &r);
    assert_true(body_has(&r, "Piilotettava teksti"));
    assert_true(body_has(&r, "Näet tekstin, koska moderoit tätä tilaa."));
    tresp_free(&r);
    tclient_free(&c);
}

static void idea_without_an_account_where_anyone_may(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    char *tok = fetch_csrf(&c, "/fi/spaces/t-anyone/ideas/new");
    assert_non_null(tok);
    http_get(&c, "/fi/spaces/t-anyone/ideas/new", NULL, &r);
    assert_true(body_has(&r, "Et ole kirjautunut sisään: idea julkaistaan ilman nimeä"));
    tresp_free(&r);
    http_post_form(&c, "/fi/spaces/t-anyone/ideas/new",
                   (const char *[]){"csrf", tok, "title", "Nimetön idea", "body", "Ilman tiliä", "service_point", "no-such-point", NULL}, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Valitse palvelupiste listalta."));
    tresp_free(&r);
    http_post_form(&c, "/fi/spaces/t-anyone/ideas/new",
                   (const char *[]){"csrf", tok, "title", "Nimetön idea", "body", "Ilman tiliä", NULL}, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    tresp_free(&r);
    http_get(&c, loc, NULL, &r);
    free(loc);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Nimetön idea</h1>"));
    assert_true(body_has(&r, "ilman tiliä ·"));
    assert_true(body_has(&r, "<p class=\"notice\" role=\"status\">Ideasi on julkaistu.</p>"));
    assert_false(body_has(&r, "Lopeta seuraaminen"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM ideas WHERE title = $1 AND user_id IS NULL AND author_name = ''", "Nimetön idea"), 1);
    free(tok);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(post_idea_take_position_and_change_it),
        cmocka_unit_test(anonymous_position_counts_once_per_browser),
        cmocka_unit_test(closed_phase_refuses_positions_and_stores_nothing),
        cmocka_unit_test(two_hundred_parallel_positions_count_exactly),
        cmocka_unit_test(same_person_posting_at_once_keeps_one_position),
        cmocka_unit_test(sort_orders_with_keyset_pages_and_a_stable_random_order),
        cmocka_unit_test(filters_and_search),
        cmocka_unit_test(search_folds_finnish_and_swedish_letters),
        cmocka_unit_test(official_answer_notifies_followers),
        cmocka_unit_test(space_visibility_for_pages_and_api),
        cmocka_unit_test(hidden_ideas_show_only_the_reason),
        cmocka_unit_test(idea_without_an_account_where_anyone_may),
    };
    return cmocka_run_group_tests_name("ideas", tests, setup, teardown);
}
