/* What a moderator has hidden is read only by moderators: the reply form,
 * the comment form, the report form and notifications quote only "hidden by
 * a moderator" and the reason to everyone else (signed in or not); content
 * in a space the person may not see is not quoted at all. And a comment's
 * javascript: link renders as plain text. Runs on SQLite and PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testsrv.h"

static testsrv srv;
#define PASSWORD "kohtaamo-demo-2026"
#define RESIDENT "asukas@kohtaamo.example"
#define MODERATOR "moderaattori@kohtaamo.example"

#define HIDDEN_COMMENT "Salainen kommenttiteksti"
#define HIDDEN_TITLE "Piilotettu otsikko"
#define STAFF_TITLE "Sisäinen idea"
#define STAFF_COMMENT "Sisäinen kommentti"

static int64_t open_idea, hidden_idea, staff_idea, hidden_comment, staff_comment, position_on_hidden;

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, 0); }

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    db *d = testsrv_db(&srv);
    testdb_exec(d, "INSERT INTO spaces (slug, title_fi, policy_comment, created_at) VALUES ('hc-avoin', 'Avoin', 'registered', 0)", 0, NULL);
    testdb_exec(d, "INSERT INTO spaces (slug, title_fi, audience, policy_comment, created_at)"
                   " VALUES ('hc-sisainen', 'Sisäinen', 'staff', 'registered', 0)", 0, NULL);
    testdb_exec(d, "INSERT INTO space_phases (space_id, kind, starts_at, allow_ideas, allow_positions, allow_comments)"
                   " SELECT id, 'collecting', 0, 1, 1, 1 FROM spaces WHERE slug IN ('hc-avoin', 'hc-sisainen')", 0, NULL);
    testdb_exec(d, "INSERT INTO ideas (space_id, user_id, title, body, created_at, updated_at)"
                   " SELECT s.id, u.id, 'Näkyvä idea', 'Tavallinen idea.', 0, 0"
                   " FROM spaces s, users u WHERE s.slug = 'hc-avoin' AND u.email = 'asukas@kohtaamo.example'", 0, NULL);
    testdb_exec(d, "INSERT INTO ideas (space_id, user_id, title, body, created_at, updated_at, hidden_at, hidden_reason)"
                   " SELECT s.id, u.id, '" HIDDEN_TITLE "', 'Piilotettu teksti.', 0, 0, 1, 'Henkilötietoja'"
                   " FROM spaces s, users u WHERE s.slug = 'hc-avoin' AND u.email = 'asukas@kohtaamo.example'", 0, NULL);
    testdb_exec(d, "INSERT INTO ideas (space_id, user_id, title, body, created_at, updated_at)"
                   " SELECT s.id, u.id, '" STAFF_TITLE "', 'Vain henkilöstölle.', 0, 0"
                   " FROM spaces s, users u WHERE s.slug = 'hc-sisainen' AND u.email = 'asukas@kohtaamo.example'", 0, NULL);
    db_close(d);
    open_idea = scalar("SELECT id FROM ideas WHERE title = $1", "Näkyvä idea");
    hidden_idea = scalar("SELECT id FROM ideas WHERE title = $1", HIDDEN_TITLE);
    staff_idea = scalar("SELECT id FROM ideas WHERE title = $1", STAFF_TITLE);

    d = testsrv_db(&srv);
    db_param o[] = {DB_INT(open_idea)}, h[] = {DB_INT(hidden_idea)}, s[] = {DB_INT(staff_idea)};
    testdb_exec(d, "INSERT INTO comments (target_type, target_id, body, created_at, hidden_at, hidden_reason)"
                   " VALUES ('idea', $1, '" HIDDEN_COMMENT "', 0, 1, 'Loukkaava')", 1, o);
    testdb_exec(d, "INSERT INTO comments (target_type, target_id, body, created_at) VALUES ('idea', $1, '" STAFF_COMMENT "', 0)",
                1, s);
    testdb_exec(d, "INSERT INTO positions (idea_id, user_id, stance, argument, created_at, updated_at)"
                   " SELECT $1, id, 'for', 'Hyvä perustelu', 0, 0 FROM users WHERE email = 'asukas@kohtaamo.example'", 1, h);
    /* a notification and a follow made while the idea was still visible, for a resident and a moderator */
    testdb_exec(d, "INSERT INTO notifications (user_id, kind, title, path, created_at)"
                   " SELECT id, 'answer', '" HIDDEN_TITLE "', '/ideas/' || CAST($1 AS TEXT), 0 FROM users"
                   " WHERE email IN ('asukas@kohtaamo.example', 'moderaattori@kohtaamo.example')", 1, h);
    testdb_exec(d, "INSERT INTO follows (user_id, target_type, target_id, created_at)"
                   " SELECT id, 'idea', $1, 0 FROM users"
                   " WHERE email IN ('asukas@kohtaamo.example', 'moderaattori@kohtaamo.example')", 1, h);
    db_close(d);
    hidden_comment = scalar("SELECT id FROM comments WHERE body = $1", HIDDEN_COMMENT);
    staff_comment = scalar("SELECT id FROM comments WHERE body = $1", STAFF_COMMENT);
    position_on_hidden = scalar("SELECT id FROM positions WHERE argument = $1", "Hyvä perustelu");
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

/* The three readers: nobody signed in, a resident, a county moderator. */
enum { ANON, RESIDENT_READER, MODERATOR_READER };

static void reader(tclient *c, int who)
{
    tclient_init(c, &srv);
    if (who == RESIDENT_READER) login_as(c, "fi", RESIDENT, PASSWORD);
    if (who == MODERATOR_READER) login_as(c, "fi", MODERATOR, PASSWORD);
}

/* GETs path as who; checks the status, and that hidden text is there only for the moderator
 * while the others see the note. */
static void check_page(int who, const char *path, long status, const char *hidden_text, const char *note)
{
    tclient c;
    reader(&c, who);
    tresp r;
    http_get(&c, path, NULL, &r);
    if (r.status != status) fail_msg("%s as %d: status %ld, expected %ld", path, who, r.status, status);
    if (who == MODERATOR_READER) {
        if (!body_has(&r, hidden_text)) fail_msg("%s: the moderator does not see \"%s\"", path, hidden_text);
    } else {
        if (body_has(&r, hidden_text)) fail_msg("%s as %d quotes \"%s\"", path, who, hidden_text);
        if (note && !body_has(&r, note)) fail_msg("%s as %d: no \"%s\"", path, who, note);
    }
    tresp_free(&r);
    tclient_free(&c);
}

static void reply_form_does_not_quote_a_hidden_comment(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "/fi/comments/new?target_type=idea&target_id=%lld&parent_id=%lld", (long long)open_idea,
             (long long)hidden_comment);
    for (int who = ANON; who <= MODERATOR_READER; who++)
        check_page(who, path, 200, HIDDEN_COMMENT, "Moderaattori on piilottanut: Loukkaava");
}

static void comment_form_does_not_quote_a_hidden_idea_title(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "/fi/comments/new?target_type=idea&target_id=%lld", (long long)hidden_idea);
    for (int who = ANON; who <= MODERATOR_READER; who++)
        check_page(who, path, 200, HIDDEN_TITLE, "Moderaattori on piilottanut: Henkilötietoja");
}

static void report_forms_do_not_quote_hidden_content(void **state)
{
    (void)state;
    char idea[96], position[96], comment[96];
    snprintf(idea, sizeof idea, "/fi/report?type=idea&id=%lld", (long long)hidden_idea);
    snprintf(position, sizeof position, "/fi/report?type=position&id=%lld", (long long)position_on_hidden);
    snprintf(comment, sizeof comment, "/fi/report?type=comment&id=%lld", (long long)hidden_comment);
    for (int who = ANON; who <= MODERATOR_READER; who++) {
        check_page(who, idea, 200, HIDDEN_TITLE, "Moderaattori on piilottanut: Henkilötietoja");
        check_page(who, position, 200, HIDDEN_TITLE, "Moderaattori on piilottanut: Henkilötietoja");
        check_page(who, comment, 200, HIDDEN_COMMENT, "Moderaattori on piilottanut: Loukkaava");
    }
}

static void notifications_do_not_quote_a_hidden_idea_title(void **state)
{
    (void)state;
    check_page(RESIDENT_READER, "/fi/notifications", 200, HIDDEN_TITLE, "Moderaattori on piilottanut: Henkilötietoja");
    check_page(MODERATOR_READER, "/fi/notifications", 200, HIDDEN_TITLE, NULL);
}

/* The forms quote nothing of a space the person may not see. */
static void forms_quote_nothing_from_a_space_out_of_sight(void **state)
{
    (void)state;
    char paths[4][160];
    long want[4] = {403, 403, 404, 404};
    snprintf(paths[0], sizeof paths[0], "/fi/comments/new?target_type=idea&target_id=%lld", (long long)staff_idea);
    snprintf(paths[1], sizeof paths[1], "/fi/comments/new?target_type=idea&target_id=%lld&parent_id=%lld",
             (long long)staff_idea, (long long)staff_comment);
    snprintf(paths[2], sizeof paths[2], "/fi/report?type=idea&id=%lld", (long long)staff_idea);
    snprintf(paths[3], sizeof paths[3], "/fi/report?type=comment&id=%lld", (long long)staff_comment);
    for (int who = ANON; who <= RESIDENT_READER; who++)
        for (int i = 0; i < 4; i++) {
            tclient c;
            reader(&c, who);
            tresp r;
            http_get(&c, paths[i], NULL, &r);
            if (r.status != want[i]) fail_msg("%s as %d: status %ld", paths[i], who, r.status);
            assert_false(body_has(&r, STAFF_TITLE));
            assert_false(body_has(&r, STAFF_COMMENT));
            tresp_free(&r);
            tclient_free(&c);
        }
    check_page(MODERATOR_READER, paths[1], 200, STAFF_COMMENT, NULL);   /* staff see the staff space */
}

static void a_javascript_link_in_a_comment_is_plain_text(void **state)
{
    (void)state;
    tclient c;
    reader(&c, RESIDENT_READER);
    char page[64], ids[24];
    snprintf(page, sizeof page, "/fi/ideas/%lld", (long long)open_idea);
    snprintf(ids, sizeof ids, "%lld", (long long)open_idea);
    char *tok = fetch_csrf(&c, page);
    const char *body = "[klikkaa](javascript:alert(document.cookie)) [toinen](JaVa&#115;cript:alert(1))"
                       " ![kuva](javascript:alert(2)) <javascript:alert(3)> [viite][r] [hyvä](https://example.fi)\n\n"
                       "[r]: &#x6A;avascript:alert(4)";
    const char *pairs[] = {"csrf", tok, "target_type", "idea", "target_id", ids, "body", body, NULL};
    tresp r;
    http_post_form(&c, "/fi/comments", pairs, &r);
    free(tok);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_get(&c, page, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "klikkaa"));
    assert_true(body_has(&r, "toinen"));
    assert_true(body_has(&r, "kuva"));
    assert_true(body_has(&r, "viite"));
    assert_true(body_has(&r, "<a href=\"https://example.fi\">hyvä</a>"));
    for (const char *p = r.body.data; (p = strstr(p, "href=\"")) != NULL; p += 6)
        if (strncasecmp(p + 6, "javascript", 10) == 0) fail_msg("a live javascript: link: %.60s", p);
    for (const char *p = r.body.data; (p = strstr(p, "src=\"")) != NULL; p += 5)
        if (strncasecmp(p + 5, "javascript", 10) == 0) fail_msg("a javascript: image: %.60s", p);
    tresp_free(&r);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reply_form_does_not_quote_a_hidden_comment),
        cmocka_unit_test(comment_form_does_not_quote_a_hidden_idea_title),
        cmocka_unit_test(report_forms_do_not_quote_hidden_content),
        cmocka_unit_test(notifications_do_not_quote_a_hidden_idea_title),
        cmocka_unit_test(forms_quote_nothing_from_a_space_out_of_sight),
        cmocka_unit_test(a_javascript_link_in_a_comment_is_plain_text),
    };
    return cmocka_run_group_tests_name("hidden_content", tests, setup, teardown);
}
