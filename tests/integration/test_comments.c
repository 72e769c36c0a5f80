/* Comments on ideas and draft sections: posting, replies two levels deep,
 * the 2,000-character limit with the text kept, editing for 15 minutes,
 * supporting once per account, replies to hidden comments refused, and who
 * may comment where. Runs on SQLite and PostgreSQL (KOHTAAMO_TEST_BACKEND). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "testsrv.h"

static testsrv srv;
#define PASSWORD "kohtaamo-demo-2026"
#define RESIDENT "asukas@kohtaamo.example"
#define RESIDENT_SV "invanare@kohtaamo.example"

static int64_t idea_id, open_idea_id, section_id, closed_section_id;

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, 0); }

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    db *d = testsrv_db(&srv);
    char sql[1024];
    long now = (long)time(NULL);
    /* a space for registered commenters and one open to anyone, both collecting */
    testdb_exec(d, "INSERT INTO spaces (slug, title_fi, title_sv, policy_comment, created_at)"
                   " VALUES ('ct-puistot', 'Lohjan puistot', 'Lojo parker', 'registered', 0)", 0, NULL);
    testdb_exec(d, "INSERT INTO spaces (slug, title_fi, policy_comment, created_at) VALUES ('ct-avoin', 'Avoin tila', 'anyone', 0)", 0, NULL);
    testdb_exec(d, "INSERT INTO space_phases (space_id, kind, starts_at, allow_ideas, allow_positions, allow_comments)"
                   " SELECT id, 'collecting', 0, 1, 1, 1 FROM spaces WHERE slug IN ('ct-puistot', 'ct-avoin')", 0, NULL);
    testdb_exec(d, "INSERT INTO ideas (space_id, user_id, title, body, created_at, updated_at)"
                   " SELECT s.id, u.id, 'Penkkejä Lohjan rantapuistoon', 'Lisää penkkejä rannalle.', 0, 0"
                   " FROM spaces s, users u WHERE s.slug = 'ct-puistot' AND u.email = 'asukas@kohtaamo.example'", 0, NULL);
    testdb_exec(d, "INSERT INTO ideas (space_id, title, body, created_at, updated_at)"
                   " SELECT id, 'Avoin idea', 'Kaikille.', 0, 0 FROM spaces WHERE slug = 'ct-avoin'", 0, NULL);
    /* a draft open now with one section, and a closed one */
    snprintf(sql, sizeof sql,
             "INSERT INTO drafts (space_id, title_fi, opens_at, closes_at, created_at)"
             " SELECT id, 'Avoin luonnos', %ld, %ld, 0 FROM spaces WHERE slug = 'ct-puistot'", now - 86400, now + 86400);
    testdb_exec(d, sql, 0, NULL);
    snprintf(sql, sizeof sql,
             "INSERT INTO drafts (space_id, title_fi, opens_at, closes_at, created_at)"
             " SELECT id, 'Suljettu luonnos', %ld, %ld, 0 FROM spaces WHERE slug = 'ct-puistot'", now - 9 * 86400, now - 86400);
    testdb_exec(d, sql, 0, NULL);
    testdb_exec(d, "INSERT INTO draft_sections (draft_id, position, heading_fi, body_fi)"
                   " SELECT id, 1, 'Tavoitteet', 'Tavoitteena on...' FROM drafts WHERE title_fi = 'Avoin luonnos'", 0, NULL);
    testdb_exec(d, "INSERT INTO draft_sections (draft_id, position, heading_fi, body_fi)"
                   " SELECT id, 1, 'Vanha osa', 'Vanhaa.' FROM drafts WHERE title_fi = 'Suljettu luonnos'", 0, NULL);
    db_close(d);
    idea_id = scalar("SELECT id FROM ideas WHERE title = $1", "Penkkejä Lohjan rantapuistoon");
    open_idea_id = scalar("SELECT id FROM ideas WHERE title = $1", "Avoin idea");
    section_id = scalar("SELECT id FROM draft_sections WHERE heading_fi = $1", "Tavoitteet");
    closed_section_id = scalar("SELECT id FROM draft_sections WHERE heading_fi = $1", "Vanha osa");
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

static char *new_page(int64_t target)
{
    static char p[128];
    snprintf(p, sizeof p, "/fi/comments/new?target_type=idea&target_id=%lld", (long long)target);
    return p;
}

/* Posts a comment (parent 0: top level) and returns the response; caller frees. */
static void post_comment(tclient *c, const char *type, int64_t target, int64_t parent, const char *body,
                         const char *return_to, tresp *r)
{
    char *tok = fetch_csrf(c, new_page(open_idea_id));
    char ts[24], ps[24];
    snprintf(ts, sizeof ts, "%lld", (long long)target);
    snprintf(ps, sizeof ps, "%lld", (long long)parent);
    const char *pairs[] = {"csrf", tok, "target_type", type, "target_id", ts, "parent_id", parent ? ps : "",
                           "body", body, "return_to", return_to, NULL};
    http_post_form(c, "/fi/comments", pairs, r);
    free(tok);
}

/* The comment id in a redirect to ...#comment-ID, or 0. */
static int64_t redirected_comment(const tresp *r)
{
    char *loc = tresp_header(r, "Location");
    if (!loc) return 0;
    const char *h = strstr(loc, "#comment-");
    int64_t id = h ? strtoll(h + 9, NULL, 10) : 0;
    free(loc);
    return id;
}

static void idea_path(char *out, size_t n, const char *lang, int64_t id)
{
    snprintf(out, n, "/%s/ideas/%lld", lang, (long long)id);
}

static void comment_and_replies_two_levels_deep(void **state)
{
    (void)state;
    tclient a, b;
    tclient_init(&a, &srv);
    tclient_init(&b, &srv);
    login_as(&a, "fi", RESIDENT, PASSWORD);
    login_as(&b, "sv", RESIDENT_SV, PASSWORD);
    char page[64];
    idea_path(page, sizeof page, "fi", idea_id);
    tresp r;

    post_comment(&a, "idea", idea_id, 0, "Rannalla voisi olla **myös** roska-astioita.", page, &r);
    assert_int_equal(r.status, 303);
    int64_t top = redirected_comment(&r);
    assert_true(top > 0);
    char *loc = tresp_header(&r, "Location");
    char want[96];
    snprintf(want, sizeof want, "%s#comment-%lld", page, (long long)top);
    assert_string_equal(loc, want);
    free(loc);
    tresp_free(&r);

    /* the idea page shows it with its anchor, Markdown rendered */
    http_get(&a, page, NULL, &r);
    assert_int_equal(r.status, 200);
    char anchor[48];
    snprintf(anchor, sizeof anchor, "id=\"comment-%lld\"", (long long)top);
    assert_true(body_has(&r, anchor));
    assert_true(body_has(&r, "Rannalla voisi olla <strong>myös</strong> roska-astioita."));
    tresp_free(&r);
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)idea_id);
    assert_int_equal(scalar("SELECT comment_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 1);
    /* the commenter follows the idea */
    assert_int_equal(scalar("SELECT COUNT(*) FROM follows f JOIN users u ON u.id = f.user_id WHERE f.target_type = 'idea'"
                            " AND u.email = 'asukas@kohtaamo.example' AND f.target_id = CAST($1 AS INTEGER)", ids), 1);

    /* a reply notifies the author of the comment */
    post_comment(&b, "idea", idea_id, top, "Håller med, gärna också bänkar i skuggan.", page, &r);
    assert_int_equal(r.status, 303);
    int64_t reply = redirected_comment(&r);
    tresp_free(&r);
    assert_true(reply > top);
    assert_int_equal(scalar("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                            " WHERE n.kind = 'reply' AND u.email = $1", RESIDENT), 1);
    /* a reply to the reply goes under the top-level comment */
    post_comment(&a, "idea", idea_id, reply, "Hyvä ajatus!", page, &r);
    assert_int_equal(r.status, 303);
    int64_t second = redirected_comment(&r);
    tresp_free(&r);
    char ss[24];
    snprintf(ss, sizeof ss, "%lld", (long long)second);
    assert_int_equal(scalar("SELECT parent_id FROM comments WHERE id = CAST($1 AS INTEGER)", ss), top);
    /* ...and the person replied to hears of it */
    assert_int_equal(scalar("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                            " WHERE n.kind = 'reply' AND u.email = $1", RESIDENT_SV), 1);
    assert_int_equal(scalar("SELECT comment_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 3);

    /* replies are listed under their comment in the thread */
    http_get(&a, page, NULL, &r);
    const char *replies = strstr(r.body.data, "comment-replies");
    assert_non_null(replies);
    assert_non_null(strstr(replies, "Håller med"));
    assert_non_null(strstr(replies, "Hyvä ajatus!"));
    tresp_free(&r);

    /* a local return path only: anything else goes back to the idea */
    post_comment(&a, "idea", idea_id, 0, "Vielä yksi.", "https://evil.example/", &r);
    assert_int_equal(r.status, 303);
    loc = tresp_header(&r, "Location");
    assert_true(strncmp(loc, page, strlen(page)) == 0);
    free(loc);
    tresp_free(&r);
    post_comment(&a, "idea", idea_id, 0, "Ja vielä.", "//evil.example/x", &r);
    loc = tresp_header(&r, "Location");
    assert_true(strncmp(loc, page, strlen(page)) == 0);
    free(loc);
    tresp_free(&r);
    tclient_free(&a);
    tclient_free(&b);
}

static void too_long_or_empty_is_refused_with_the_text_kept(void **state)
{
    (void)state;
    tclient a;
    tclient_init(&a, &srv);
    login_as(&a, "fi", RESIDENT, PASSWORD);
    char page[64];
    idea_path(page, sizeof page, "fi", idea_id);
    /* 2,001 characters of two bytes each: the limit counts characters */
    size_t n = 2001;
    char *body = malloc(n * 2 + 1);
    for (size_t i = 0; i < n; i++) memcpy(body + 2 * i, "ä", 2);
    body[n * 2] = '\0';
    int64_t before = scalar("SELECT COUNT(*) FROM comments", NULL);
    tresp r;
    post_comment(&a, "idea", idea_id, 0, body, page, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Kommentti on liian pitkä"));
    assert_true(body_has(&r, "siinä on 2001"));
    assert_true(body_has(&r, "aria-invalid=\"true\""));
    assert_true(body_has(&r, body));   /* the text is kept in the field */
    assert_true(body_has(&r, "<h1>"));
    tresp_free(&r);
    /* exactly 2,000 is fine */
    body[2000 * 2] = '\0';
    post_comment(&a, "idea", idea_id, 0, body, page, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(body);
    post_comment(&a, "idea", idea_id, 0, "   ", page, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Kirjoita kommenttisi ennen lähettämistä."));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM comments", NULL), before + 1);
    tclient_free(&a);
}

static void edit_for_fifteen_minutes_then_refused(void **state)
{
    (void)state;
    tclient a, b;
    tclient_init(&a, &srv);
    tclient_init(&b, &srv);
    login_as(&a, "fi", RESIDENT, PASSWORD);
    login_as(&b, "sv", RESIDENT_SV, PASSWORD);
    char page[64];
    idea_path(page, sizeof page, "fi", idea_id);
    tresp r;
    post_comment(&a, "idea", idea_id, 0, "Kirjoitusvirhe tässä.", page, &r);
    int64_t id = redirected_comment(&r);
    tresp_free(&r);
    char edit[64];
    snprintf(edit, sizeof edit, "/fi/comments/%lld/edit", (long long)id);
    http_get(&a, edit, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Kirjoitusvirhe tässä.</textarea>"));
    tresp_free(&r);
    /* someone else may not */
    http_get(&b, edit, NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    char *tok = fetch_csrf(&a, edit);
    const char *pairs[] = {"csrf", tok, "body", "Korjattu teksti.", "return_to", page, NULL};
    http_post_form(&a, edit, pairs, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(tok);
    http_get(&a, page, NULL, &r);
    assert_true(body_has(&r, "Korjattu teksti."));
    assert_true(body_has(&r, "(muokattu "));
    tresp_free(&r);

    /* 15 minutes later the same server refuses with a clear message */
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = "KOHTAAMO_CLOCK_OFFSET=901";
    testsrv_start(&srv);
    tclient_free(&a);
    tclient_init(&a, &srv);
    login_as(&a, "fi", RESIDENT, PASSWORD);
    http_get(&a, edit, NULL, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "Kommenttia voi muokata 15 minuutin ajan"));
    tresp_free(&r);
    tok = fetch_csrf(&a, new_page(open_idea_id));
    const char *late[] = {"csrf", tok, "body", "Myöhäinen muutos.", "return_to", page, NULL};
    http_post_form(&a, edit, late, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "Tämä aika on kulunut."));
    tresp_free(&r);
    free(tok);
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    assert_int_equal(scalar("SELECT COUNT(*) FROM comments WHERE body = 'Korjattu teksti.' AND id = CAST($1 AS INTEGER)", ids), 1);
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = NULL;
    testsrv_start(&srv);
    tclient_free(&a);
    tclient_free(&b);
}

static void support_once_per_account_and_toggles(void **state)
{
    (void)state;
    tclient a, b;
    tclient_init(&a, &srv);
    tclient_init(&b, &srv);
    login_as(&a, "fi", RESIDENT, PASSWORD);
    login_as(&b, "sv", RESIDENT_SV, PASSWORD);
    char page[64];
    idea_path(page, sizeof page, "fi", idea_id);
    tresp r;
    post_comment(&a, "idea", idea_id, 0, "Kannatettava kommentti.", page, &r);
    int64_t id = redirected_comment(&r);
    tresp_free(&r);
    char path[64], ids[24];
    snprintf(path, sizeof path, "/sv/comments/%lld/support", (long long)id);
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    char *tok = fetch_csrf(&b, new_page(open_idea_id));
    const char *pairs[] = {"csrf", tok, "return_to", "/sv/ideas/1", NULL};
    http_post_form(&b, path, pairs, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT support_count FROM comments WHERE id = CAST($1 AS INTEGER)", ids), 1);
    char spage[64];
    idea_path(spage, sizeof spage, "sv", idea_id);
    http_get(&b, spage, NULL, &r);
    assert_true(body_has(&r, "Återkalla stödet"));
    assert_true(body_has(&r, "1 stöd"));
    tresp_free(&r);
    /* the second press withdraws */
    http_post_form(&b, path, pairs, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT support_count FROM comments WHERE id = CAST($1 AS INTEGER)", ids), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM comment_supports WHERE comment_id = CAST($1 AS INTEGER)", ids), 0);
    free(tok);
    /* not one's own */
    tok = fetch_csrf(&a, new_page(open_idea_id));
    const char *own[] = {"csrf", tok, NULL};
    http_post_form(&a, path, own, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    free(tok);
    assert_int_equal(scalar("SELECT support_count FROM comments WHERE id = CAST($1 AS INTEGER)", ids), 0);
    /* without an account: the sign-in page */
    tclient anon;
    tclient_init(&anon, &srv);
    tok = fetch_csrf(&anon, new_page(open_idea_id));
    const char *ap[] = {"csrf", tok ? tok : "", NULL};
    http_post_form(&anon, path, ap, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    free(tok);
    tclient_free(&anon);
    tclient_free(&a);
    tclient_free(&b);
}

static void reply_to_hidden_comment_is_refused(void **state)
{
    (void)state;
    tclient a;
    tclient_init(&a, &srv);
    login_as(&a, "fi", RESIDENT, PASSWORD);
    char page[64];
    idea_path(page, sizeof page, "fi", idea_id);
    tresp r;
    post_comment(&a, "idea", idea_id, 0, "Tämä piilotetaan.", page, &r);
    int64_t id = redirected_comment(&r);
    tresp_free(&r);
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    db *d = testsrv_db(&srv);
    db_param p[] = {DB_INT(id)};
    assert_int_equal(db_exec(d, "UPDATE comments SET hidden_at = 1, hidden_reason = 'Asiaton' WHERE id = $1", 1, p), 0);
    db_close(d);
    int64_t before = scalar("SELECT COUNT(*) FROM comments", NULL);
    post_comment(&a, "idea", idea_id, id, "Vastaan silti.", page, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "Et voi vastata kommenttiin, jonka moderaattori on piilottanut."));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM comments", NULL), before);
    /* and the page offers no reply form for it */
    http_get(&a, page, NULL, &r);
    assert_int_equal(r.status, 200);
    char field[48];
    snprintf(field, sizeof field, "reply-body-%lld", (long long)id);
    assert_false(body_has(&r, field));
    assert_true(body_has(&r, "Moderaattori on piilottanut: Asiaton"));
    assert_false(body_has(&r, "Tämä piilotetaan."));
    tresp_free(&r);
    tclient_free(&a);
}

static void who_may_comment_where(void **state)
{
    (void)state;
    tclient anon, a;
    tclient_init(&anon, &srv);
    tclient_init(&a, &srv);
    char page[64];
    idea_path(page, sizeof page, "fi", idea_id);
    tresp r;
    /* without an account where the space wants one: refused, with a sign-in link on the page */
    post_comment(&anon, "idea", idea_id, 0, "Nimetön.", page, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "Kirjaudu sisään osallistuaksesi."));
    tresp_free(&r);
    http_get(&anon, page, NULL, &r);
    assert_true(body_has(&r, "Kirjaudu sisään kommentoidaksesi"));
    tresp_free(&r);
    /* a space open to anyone takes it, with no account stored */
    char open[64];
    idea_path(open, sizeof open, "fi", open_idea_id);
    post_comment(&anon, "idea", open_idea_id, 0, "Nimetön mutta asiallinen.", open, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM comments WHERE body = $1 AND user_id IS NULL", "Nimetön mutta asiallinen."), 1);
    /* sections: open draft yes (counter kept), closed draft no */
    login_as(&a, "fi", RESIDENT, PASSWORD);
    post_comment(&a, "section", section_id, 0, "Tavoitteet ovat hyvät.", "/fi/consultations/1", &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    char ss[24];
    snprintf(ss, sizeof ss, "%lld", (long long)section_id);
    assert_int_equal(scalar("SELECT comment_count FROM draft_sections WHERE id = CAST($1 AS INTEGER)", ss), 1);
    post_comment(&a, "section", closed_section_id, 0, "Liian myöhään.", "/fi/consultations/2", &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "Tämä lausuntokierros ei ole nyt avoinna kommenteille."));
    tresp_free(&r);
    /* no such target */
    post_comment(&a, "idea", 999999, 0, "Ei mihinkään.", page, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    post_comment(&a, "poll", idea_id, 0, "Väärä tyyppi.", page, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    tclient_free(&anon);
    tclient_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(comment_and_replies_two_levels_deep),
        cmocka_unit_test(too_long_or_empty_is_refused_with_the_text_kept),
        cmocka_unit_test(edit_for_fifteen_minutes_then_refused),
        cmocka_unit_test(support_once_per_account_and_toggles),
        cmocka_unit_test(reply_to_hidden_comment_is_refused),
        cmocka_unit_test(who_may_comment_where),
    };
    return cmocka_run_group_tests_name("comments", tests, setup, teardown);
}
