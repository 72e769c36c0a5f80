/* Nobody receives or sees a notification whose subject they could not open
 * (security review, issue 18): a statement on a group's own space does not
 * reach an outsider who follows the group; a member who leaves the group
 * loses the notifications of its space from the list and from the e-mail
 * digest, and the follow of the space; an idea's follower who may not see
 * the space hears nothing of its answer; a space taken back to draft drops
 * out of the group page, the follows list and the notifications of members
 * (staff still see it). Each check has a member who still sees the same, so
 * nothing passes by notifying nobody. Runs on SQLite and PostgreSQL. */
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
#define STAFF "koordinaattori@kohtaamo.example"
#define MEMBER "asukas@kohtaamo.example"          /* in the youth group, follows it */
#define OUTSIDER "johan.ekholm@kohtaamo.example"  /* not in the youth group */
#define LEAVER "invanare@kohtaamo.example"        /* joins the youth group, then leaves */
#define IDEA_AUTHOR "elias.korhonen@kohtaamo.example"   /* wrote an idea in the group space, not a member */
#define CHAIR "nuori@kohtaamo.example"            /* chair of the youth group */
#define GROUP "/fi/groups/youth-mental-health"
#define GROUP_SPACE_FI "Nuorten mielenterveyspalvelut – kehittäjäryhmä"

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

static void signed_in(tclient *c, const char *email)
{
    tclient_init(c, &srv);
    login_as(c, "fi", email, PASSWORD);
}

/* The page as the signed-in client sees it, asserting 200; the caller frees it. */
static void page(tclient *c, const char *path, tresp *r)
{
    http_get(c, path, NULL, r);
    if (r->status != 200) fail_msg("GET %s answered %ld", path, r->status);
}

static long status_of(tclient *c, const char *path)
{
    tresp r;
    http_get(c, path, NULL, &r);
    long s = r.status;
    tresp_free(&r);
    return s;
}

static bool page_has(tclient *c, const char *path, const char *needle)
{
    tresp r;
    page(c, path, &r);
    bool yes = body_has(&r, needle);
    tresp_free(&r);
    return yes;
}

/* POSTs pairs with the client's CSRF token; returns the status and, when
 * location is given, the redirect target (malloc'd). */
static long post(tclient *c, const char *path, const char *const *pairs, char **location)
{
    char *tok = fetch_csrf(c, "/fi/notifications/settings");
    assert_non_null(tok);
    const char *all[32] = {"csrf", tok};
    int n = 2;
    for (int i = 0; pairs[i]; i++) all[n++] = pairs[i];
    all[n] = NULL;
    tresp r;
    http_post_form(c, path, all, &r);
    free(tok);
    long s = r.status;
    if (location) *location = tresp_header(&r, "Location");
    tresp_free(&r);
    return s;
}

static void opt_in_digest(const char *email)
{
    tclient c;
    signed_in(&c, email);
    assert_int_equal(post(&c, "/fi/notifications/settings", (const char *[]){"daily_digest", "1", NULL}, NULL), 303);
    tclient_free(&c);
}

static void digest(const char *clock_offset)
{
    srv.extra_env[0] = clock_offset;
    const char *const args[] = {"digest", NULL};
    buf out = BUF_INIT;
    int rc = run_cli(&srv, &out, args);
    if (rc != 0) fail_msg("kohtaamo digest: %s", out.data);
    buf_free(&out);
    srv.extra_env[0] = NULL;
}

/* E-mails to email whose text holds needle. */
static int64_t mails_with(const char *email, const char *needle)
{
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    char *like = malloc(strlen(needle) + 3);
    sprintf(like, "%%%s%%", needle);
    db_param p[] = {DB_TEXT(email), DB_TEXT(like)};
    assert_int_equal(db_query(d, &a, &res, "SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND body LIKE $2", 2, p), 0);
    int64_t n = db_cell_int(&res, 0, 0);
    free(like);
    arena_free_all(&a);
    db_close(d);
    return n;
}

/* Notification rows made for email with this title: what was received. */
static int64_t received(const char *email, const char *title)
{
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_TEXT(email), DB_TEXT(title)};
    assert_int_equal(db_query(d, &a, &res,
                              "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                              " WHERE u.email = $1 AND n.title = $2", 2, p), 0);
    int64_t n = db_cell_int(&res, 0, 0);
    arena_free_all(&a);
    db_close(d);
    return n;
}

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, 0); }

/* N of "Ilmoitukset (N)" in the header. */
static long header_count(tclient *c)
{
    tresp r;
    page(c, "/fi/notifications", &r);
    const char *at = strstr(r.body.data, ">Ilmoitukset (");
    assert_non_null(at);
    long n = strtol(at + strlen(">Ilmoitukset ("), NULL, 10);
    tresp_free(&r);
    return n;
}

/* The chair publishes a statement of the youth group, on space_slug or on
 * no space (NULL); returns its path (malloc'd). */
static char *publish_statement(const char *title, const char *space_slug)
{
    tclient chair;
    signed_in(&chair, CHAIR);
    char *loc = NULL;
    const char *st[] = {"lang", "fi", "title", title, "statement_date", "2026-11-21", "body", "Lausunnon teksti.",
                        "signatories", "Kehittäjäryhmä", "space", space_slug ? space_slug : "", NULL};
    assert_int_equal(post(&chair, GROUP "/statements/new", st, &loc), 303);
    assert_non_null(loc);
    tclient_free(&chair);
    return loc;
}

static void answer_idea(const char *title, const char *answer)
{
    char *id = malloc(24);
    snprintf(id, 24, "%lld", (long long)scalar("SELECT id FROM ideas WHERE title = $1", title));
    char path[64];
    snprintf(path, sizeof path, "/fi/ideas/%s/answer", id);
    free(id);
    tclient staff;
    signed_in(&staff, STAFF);
    assert_int_equal(post(&staff, path, (const char *[]){"status", "considering", "answer", answer, NULL}, NULL), 303);
    tclient_free(&staff);
}

/* Repro 1: a resident who is not a member follows the group; the chair
 * posts a statement on the group's space. */
static void a_statement_on_a_group_space_does_not_reach_an_outsider_who_follows_the_group(void **state)
{
    (void)state;
    const char *hidden = "Kehittäjäryhmän sisäinen lausunto", *open = "Kehittäjäryhmän julkinen lausunto";
    opt_in_digest(OUTSIDER);
    opt_in_digest(MEMBER);
    tclient outsider, member;
    signed_in(&outsider, OUTSIDER);
    assert_int_equal(post(&outsider, GROUP "/follow", (const char *[]){"action", "follow", NULL}, NULL), 303);
    signed_in(&member, MEMBER);   /* follows the group in the demo */
    long member_before = header_count(&member), outsider_before = header_count(&outsider);

    char *inner = publish_statement(hidden, "youth-group");
    char *outer = publish_statement(open, NULL);
    assert_int_equal(status_of(&outsider, inner), 403);
    assert_int_equal(status_of(&outsider, outer), 200);
    assert_int_equal(status_of(&member, inner), 200);

    assert_false(page_has(&outsider, "/fi/notifications", hidden));
    assert_true(page_has(&outsider, "/fi/notifications", open));   /* following the group works */
    assert_int_equal(header_count(&outsider), outsider_before + 1);
    assert_int_equal(received(OUTSIDER, hidden), 0);
    assert_true(page_has(&member, "/fi/notifications", "Uusi lausunto: Kehittäjäryhmän sisäinen lausunto"));
    assert_true(page_has(&member, "/fi/notifications", open));
    assert_int_equal(header_count(&member), member_before + 2);

    digest(NULL);
    assert_int_equal(mails_with(OUTSIDER, open), 1);
    assert_int_equal(mails_with(OUTSIDER, hidden), 0);
    assert_int_equal(mails_with(MEMBER, hidden), 1);
    assert_int_equal(mails_with(MEMBER, open), 1);
    free(inner);
    free(outer);
    tclient_free(&outsider);
    tclient_free(&member);
}

/* Repro 2: a member follows the group space, leaves the group, staff
 * answer ideas there. */
static void a_former_member_loses_the_group_space_from_notifications_digest_and_follows(void **state)
{
    (void)state;
    const char *first = "Koulupsykologille ilman ajanvarausta", *second = "Nuorten chat Discordiin";
    opt_in_digest(LEAVER);
    tclient leaver, member, chair;
    signed_in(&leaver, LEAVER);
    assert_int_equal(post(&leaver, GROUP "/join", (const char *[]){NULL}, NULL), 303);
    signed_in(&chair, CHAIR);
    char path[128];
    snprintf(path, sizeof path, GROUP "/requests/%lld",
             (long long)scalar("SELECT id FROM users WHERE email = $1", LEAVER));
    assert_int_equal(post(&chair, path, (const char *[]){"decision", "approve", NULL}, NULL), 303);
    tclient_free(&chair);
    const char *follow[] = {"action", "follow", NULL};
    assert_int_equal(post(&leaver, "/fi/spaces/youth-group/follow", follow, NULL), 303);
    assert_int_equal(post(&leaver, GROUP "/follow", follow, NULL), 303);   /* the group: public, kept */
    assert_true(page_has(&leaver, "/fi/notifications", "<a href=\"/fi/spaces/youth-group\">"));
    signed_in(&member, MEMBER);
    assert_int_equal(post(&member, "/fi/spaces/youth-group/follow", follow, NULL), 303);

    /* while a member, the answer reaches her */
    answer_idea(first, "Selvitetään kouluterveydenhuollon kanssa.");
    assert_true(page_has(&leaver, "/fi/notifications", first));
    long with_it = header_count(&leaver);
    char *open = publish_statement("Ryhmän terveiset kaikille", NULL);   /* something she may still see */
    free(open);

    assert_int_equal(post(&leaver, GROUP "/leave", (const char *[]){NULL}, NULL), 303);
    assert_int_equal(status_of(&leaver, "/fi/spaces/youth-group"), 403);
    tresp r;
    page(&leaver, "/fi/notifications", &r);
    assert_false(body_has(&r, first));                              /* made while a member: gone from the list */
    assert_false(body_has(&r, "<a href=\"/fi/spaces/youth-group\">"));   /* and from what she follows */
    assert_true(body_has(&r, "Ryhmän terveiset kaikille"));
    tresp_free(&r);
    assert_int_equal(header_count(&leaver), with_it);   /* one gone, one come */
    assert_int_equal(scalar("SELECT COUNT(*) FROM follows f JOIN users u ON u.id = f.user_id"
                            " WHERE u.email = $1 AND f.target_type = 'space'", LEAVER), 0);

    /* after leaving: nothing of the space; the idea's author, no member, neither */
    answer_idea(second, "Tietosuoja selvitetään ensin.");
    assert_int_equal(received(LEAVER, second), 0);
    assert_int_equal(received(IDEA_AUTHOR, second), 0);
    assert_false(page_has(&leaver, "/fi/notifications", second));
    tclient author;
    signed_in(&author, IDEA_AUTHOR);
    assert_false(page_has(&author, "/fi/notifications", second));
    tclient_free(&author);
    assert_true(page_has(&member, "/fi/notifications", first));
    assert_true(page_has(&member, "/fi/notifications", second));

    digest("KOHTAAMO_CLOCK_OFFSET=90000");
    assert_int_equal(mails_with(LEAVER, "Ryhmän terveiset kaikille"), 1);   /* she has a digest */
    assert_int_equal(mails_with(LEAVER, first), 0);                        /* without the group space */
    assert_int_equal(mails_with(LEAVER, second), 0);
    assert_int_equal(mails_with(MEMBER, first), 1);
    assert_int_equal(mails_with(MEMBER, second), 1);
    tclient_free(&leaver);
    tclient_free(&member);
}

/* Defect 10: a group space taken back to draft is for staff only, also on
 * the group page, in what members follow and in their notifications. */
static void a_draft_group_space_is_shown_to_staff_only(void **state)
{
    (void)state;
    const char *space_title = "Nuorten luonnostila", *st_title = "Lausunto luonnostilasta";
    db *d = testsrv_db(&srv);
    testdb_exec(d, "INSERT INTO spaces (slug, title_fi, audience, group_id, published, created_at)"
                   " SELECT 'youth-draft', 'Nuorten luonnostila', 'group', id, 1, 1 FROM groups"
                   " WHERE slug = 'youth-mental-health'", 0, NULL);
    db_close(d);
    tclient member, staff;
    signed_in(&member, MEMBER);
    const char *follow[] = {"action", "follow", NULL};
    assert_int_equal(post(&member, "/fi/spaces/youth-draft/follow", follow, NULL), 303);
    assert_int_equal(post(&member, "/fi/spaces/youth-group/follow", follow, NULL), 303);
    char *on_draft = publish_statement(st_title, "youth-draft");
    assert_true(page_has(&member, "/fi/notifications", st_title));   /* published: she sees it */
    assert_true(page_has(&member, GROUP, space_title));

    /* staff take the space back to draft */
    d = testsrv_db(&srv);
    testdb_exec(d, "UPDATE spaces SET published = 0 WHERE slug = 'youth-draft'", 0, NULL);
    db_close(d);
    char *open = publish_statement("Lausunto kaikille luonnoksen jälkeen", NULL);

    tresp r;
    page(&member, GROUP, &r);
    assert_false(body_has(&r, space_title));
    assert_false(body_has(&r, st_title));
    assert_true(body_has(&r, GROUP_SPACE_FI));
    tresp_free(&r);
    page(&member, "/fi/notifications", &r);
    assert_false(body_has(&r, st_title));
    assert_false(body_has(&r, space_title));
    assert_true(body_has(&r, "<a href=\"/fi/spaces/youth-group\">"));
    assert_true(body_has(&r, "Lausunto kaikille luonnoksen jälkeen"));
    tresp_free(&r);
    assert_false(page_has(&member, "/fi/spaces", space_title));
    tresp api;
    page(&member, "/api/v1/spaces", &api);
    assert_false(body_has(&api, "youth-draft"));
    assert_true(body_has(&api, "youth-group"));
    tresp_free(&api);
    assert_int_equal(status_of(&member, "/fi/spaces/youth-draft"), 403);
    assert_int_equal(status_of(&member, on_draft), 403);

    signed_in(&staff, STAFF);
    assert_true(page_has(&staff, GROUP, space_title));
    assert_true(page_has(&staff, "/fi/spaces", space_title));
    tclient_free(&staff);

    digest("KOHTAAMO_CLOCK_OFFSET=180000");
    assert_int_equal(mails_with(MEMBER, "Lausunto kaikille luonnoksen jälkeen"), 1);
    assert_int_equal(mails_with(MEMBER, st_title), 0);
    free(on_draft);
    free(open);
    tclient_free(&member);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_statement_on_a_group_space_does_not_reach_an_outsider_who_follows_the_group),
        cmocka_unit_test(a_former_member_loses_the_group_space_from_notifications_digest_and_follows),
        cmocka_unit_test(a_draft_group_space_is_shown_to_staff_only),
    };
    return cmocka_run_group_tests_name("visibility", tests, setup, teardown);
}
