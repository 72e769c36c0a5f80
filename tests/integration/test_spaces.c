/* Participation spaces, groups and statements over HTTP on the demo county:
 * who sees which space (pages and API), the space page, the staff editor,
 * invitations and join requests, and statements that reach followers.
 * Runs on SQLite and on PostgreSQL (KOHTAAMO_TEST_BACKEND). */
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
#define STAFF "koordinaattori@kohtaamo.example"
#define MEMBER "asukas@kohtaamo.example"      /* in the youth mental health group */
#define OTHER "invanare@kohtaamo.example"     /* not in it */
#define YOUTH_CHAIR "nuori@kohtaamo.example"
#define ELDERLY_CHAIR "maija.lehto@kohtaamo.example"
#define GROUP_SPACE_FI "Nuorten mielenterveyspalvelut – kehittäjäryhmä"
#define GROUP_SPACE_SV "Ungas mentalvårdstjänster – utvecklingsgruppen"

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
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

static void get(tclient *c, const char *path, tresp *r) { http_get(c, path, NULL, r); }

static void signed_in(tclient *c, const char *lang, const char *email)
{
    tclient_init(c, &srv);
    login_as(c, lang, email, PASSWORD);
}

static long status_of(tclient *c, const char *path)
{
    tresp r;
    get(c, path, &r);
    long s = r.status;
    tresp_free(&r);
    return s;
}

/* POSTs a form with the CSRF token of the signed-in client; returns the status. */
static long post(tclient *c, const char *path, const char **pairs, tresp *keep)
{
    char *tok = fetch_csrf(c, "/fi/spaces");
    assert_non_null(tok);
    const char *all[80] = {"csrf", tok};
    int n = 2;
    for (int i = 0; pairs[i]; i++) {
        assert_true(n < 78);
        all[n++] = pairs[i];
    }
    all[n] = NULL;
    tresp r;
    http_post_form(c, path, all, &r);
    free(tok);
    long s = r.status;
    if (keep) *keep = r;
    else tresp_free(&r);
    return s;
}

static int64_t user_id(const char *email)
{
    return testsrv_scalar(&srv, "SELECT id FROM users WHERE email = $1", email, -1);
}

static void the_list_shows_only_spaces_the_person_may_see(void **state)
{
    (void)state;
    tclient anon;
    tclient_init(&anon, &srv);
    tresp r;
    get(&anon, "/fi/spaces", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Mielenterveys- ja päihdepalvelut"));
    assert_true(body_has(&r, "Perhekeskuspalvelut"));
    assert_false(body_has(&r, GROUP_SPACE_FI));
    tresp_free(&r);
    get(&anon, "/api/v1/spaces", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "\"slug\": \"mental-health\"") || body_has(&r, "\"slug\":\"mental-health\""));
    assert_false(body_has(&r, "youth-group"));
    tresp_free(&r);
    tclient_free(&anon);

    tclient other;
    signed_in(&other, "sv", OTHER);
    get(&other, "/sv/spaces", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Mental- och missbrukartjänster"));
    assert_false(body_has(&r, GROUP_SPACE_SV));
    tresp_free(&r);
    get(&other, "/api/v1/spaces", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "\"slug\": \"mental-health\"") || body_has(&r, "\"slug\":\"mental-health\""));
    assert_false(body_has(&r, "youth-group"));
    tresp_free(&r);
    tclient_free(&other);

    tclient member;
    signed_in(&member, "fi", MEMBER);
    get(&member, "/fi/spaces", &r);
    assert_true(body_has(&r, GROUP_SPACE_FI));
    tresp_free(&r);
    get(&member, "/api/v1/spaces", &r);
    assert_true(body_has(&r, "youth-group"));
    tresp_free(&r);
    tclient_free(&member);

    tclient staff;
    signed_in(&staff, "fi", STAFF);
    get(&staff, "/fi/spaces", &r);
    assert_true(body_has(&r, GROUP_SPACE_FI));
    tresp_free(&r);
    tclient_free(&staff);
}

static void a_group_space_is_403_for_others_also_by_direct_url_and_api(void **state)
{
    (void)state;
    tclient anon;
    tclient_init(&anon, &srv);
    tresp r;
    get(&anon, "/fi/spaces/youth-group", &r);
    assert_int_equal(r.status, 403);
    assert_false(body_has(&r, GROUP_SPACE_FI));
    assert_true(body_has(&r, "/fi/login?next=/fi/spaces/youth-group"));   /* signed out: a way in */
    tresp_free(&r);
    get(&anon, "/api/v1/spaces/youth-group", &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "\"error\""));
    assert_false(body_has(&r, "kehittäjäryhmä"));
    tresp_free(&r);
    assert_int_equal(status_of(&anon, "/fi/spaces/no-such-space"), 404);
    assert_int_equal(status_of(&anon, "/api/v1/spaces/no-such-space"), 404);
    tclient_free(&anon);

    tclient other;
    signed_in(&other, "sv", OTHER);
    get(&other, "/sv/spaces/youth-group", &r);
    assert_int_equal(r.status, 403);
    assert_false(body_has(&r, GROUP_SPACE_SV));
    assert_false(body_has(&r, "login?next="));
    tresp_free(&r);
    assert_int_equal(status_of(&other, "/api/v1/spaces/youth-group"), 403);
    const char *follow[] = {"action", "follow", NULL};
    assert_int_equal(post(&other, "/sv/spaces/youth-group/follow", follow, NULL), 403);
    tclient_free(&other);

    tclient member;
    signed_in(&member, "fi", MEMBER);
    get(&member, "/fi/spaces/youth-group", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, GROUP_SPACE_FI));
    tresp_free(&r);
    get(&member, "/api/v1/spaces/youth-group", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "\"audience\""));
    assert_true(body_has(&r, "youth-mental-health"));
    tresp_free(&r);
    /* the group page lists its own space for members */
    get(&member, "/fi/groups/youth-mental-health", &r);
    assert_true(body_has(&r, "href=\"/fi/spaces/youth-group\""));
    tresp_free(&r);
    tclient_free(&member);
}

static void the_space_page_tells_the_phase_the_rules_and_where_to_take_part(void **state)
{
    (void)state;
    tclient anon;
    tclient_init(&anon, &srv);
    tresp r;
    get(&anon, "/fi/spaces/mental-health", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Mielenterveys- ja päihdepalvelut</h1>"));
    assert_true(body_has(&r, "aria-current=\"step\""));
    assert_true(body_has(&r, "Kuka tahansa voi ottaa kantaa myös ilman tiliä"));
    assert_true(body_has(&r, "href=\"/fi/spaces/mental-health/ideas\""));
    assert_true(body_has(&r, "href=\"/fi/spaces/mental-health/consultations\""));
    assert_true(body_has(&r, "href=\"/fi/events?space=mental-health\""));
    char now[24], events[80];
    snprintf(now, sizeof now, "%lld", (long long)time(NULL));
    snprintf(events, sizeof events, "Työpajat ja tapahtumat (%lld tulossa)",
             (long long)testsrv_scalar(&srv, "SELECT COUNT(*) FROM events e JOIN spaces s ON s.id = e.space_id "
                                             "WHERE s.slug = 'mental-health' AND e.ends_at > CAST($1 AS BIGINT)",
                                       now, 0));
    assert_true(body_has(&r, events));
    assert_true(body_has(&r, "Sara Holmström"));   /* moderator */
    assert_true(body_has(&r, "Kerätään ideoita"));
    tresp_free(&r);
    /* Swedish page in Swedish; the linked project and the statement on the space */
    get(&anon, "/sv/spaces/service-locations", &r);
    assert_true(body_has(&r, "<h1>Nya serviceställen</h1>"));
    assert_true(body_has(&r, "href=\"/sv/projects/terveysasemien-digitaalinen-ajanvaraus\""));
    assert_true(body_has(&r, "Äldrerådets utlåtande om de nya serviceställena"));
    tresp_free(&r);
    /* an evaluating space takes no ideas now */
    get(&anon, "/fi/spaces/family-centres", &r);
    assert_true(body_has(&r, "Arvioidaan ideoita"));
    assert_true(body_has(&r, "<dd id=\"rule-idea\">"));
    char *idea = strstr(r.body.data, "<dd id=\"rule-idea\">");
    char *end = idea ? strstr(idea, "</dd>") : NULL;
    assert_non_null(end);
    *end = '\0';
    assert_non_null(strstr(idea, "Ei avoinna nykyisessä vaiheessa."));
    tresp_free(&r);
    tclient_free(&anon);
}

static void day(char *out, int days_from_now)
{
    time_t t = time(NULL) + (time_t)days_from_now * 86400;
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

static void staff_create_a_space_with_phases_and_moderators(void **state)
{
    (void)state;
    tclient res;
    signed_in(&res, "fi", MEMBER);
    assert_int_equal(status_of(&res, "/fi/staff/spaces/new"), 403);
    const char *none[] = {"slug", "x", NULL};
    assert_int_equal(post(&res, "/fi/staff/spaces/new", none, NULL), 403);
    tclient_free(&res);

    tclient c;
    signed_in(&c, "fi", STAFF);
    tresp r;
    get(&c, "/fi/staff/spaces", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, GROUP_SPACE_FI));
    tresp_free(&r);
    get(&c, "/fi/staff/spaces/new", &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);

    /* bad input: 400, errors beside the fields, what was typed kept */
    const char *bad[] = {"slug", "Bad Slug", "title_fi", "", "title_sv", "Bara svenska", "audience", "group",
                         "group", "", "policy_idea", "registered", "policy_position", "anyone", "policy_comment",
                         "registered", "phase_rows", "2", "p0_kind", "collecting", "p0_start", "2027-02-30",
                         "p0_defaults", "1", "moderators", "ei-ole@kohtaamo.example", NULL};
    assert_int_equal(post(&c, "/fi/staff/spaces/new", bad, &r), 400);
    assert_true(body_has(&r, "id=\"f-slug-error\""));
    assert_true(body_has(&r, "id=\"f-title_fi-error\""));
    assert_true(body_has(&r, "id=\"f-group-error\""));
    assert_true(body_has(&r, "id=\"f-p0_start-error\""));
    assert_true(body_has(&r, "id=\"f-moderators-error\""));
    assert_true(body_has(&r, "value=\"Bara svenska\""));
    assert_true(body_has(&r, "value=\"2027-02-30\""));
    assert_true(body_has(&r, "class=\"error-summary\""));
    tresp_free(&r);
    assert_int_equal(testsrv_scalar(&srv, "SELECT COUNT(*) FROM spaces WHERE title_sv = $1", "Bara svenska", 0), 0);

    /* a slug that is taken */
    const char *taken[] = {"slug", "mental-health", "title_fi", "Toinen", "audience", "everyone", "policy_idea",
                           "registered", "policy_position", "registered", "policy_comment", "registered",
                           "phase_rows", "0", NULL};
    assert_int_equal(post(&c, "/fi/staff/spaces/new", taken, &r), 400);
    assert_true(body_has(&r, "id=\"f-slug-error\""));
    tresp_free(&r);

    char d0[16], d1[16], d2[16];
    day(d0, -1), day(d1, 10), day(d2, 11);
    const char *good[] = {"slug", "lohja-health-station", "title_fi", "Lohjan terveysasema", "title_sv",
                          "Hälsostationen i Lojo", "description_fi", "Mitä **uusi** terveysasema tarvitsee?",
                          "theme", "health", "project", "kotihoidon-etakaynnit", "audience", "everyone",
                          "policy_idea", "registered", "policy_position", "anyone", "policy_comment", "nobody",
                          "phase_rows", "3", "p0_kind", "collecting", "p0_start", d0, "p0_end", d1,
                          "p0_defaults", "1", "p1_kind", "decided", "p1_start", d2, "p1_comments", "1",
                          "moderators", "moderaattori@kohtaamo.example\n", "published", "1", NULL};
    assert_int_equal(post(&c, "/fi/staff/spaces/new", good, &r), 303);
    char *loc = tresp_header(&r, "Location");
    assert_non_null(loc);
    assert_non_null(strstr(loc, "/edit?saved=1"));
    tresp_free(&r);
    get(&c, loc, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "value=\"lohja-health-station\""));
    assert_true(body_has(&r, "moderaattori@kohtaamo.example"));
    tresp_free(&r);
    assert_int_equal(testsrv_scalar(&srv, "SELECT COUNT(*) FROM space_phases p JOIN spaces s ON s.id = p.space_id "
                                          "WHERE s.slug = $1", "lohja-health-station", 0), 2);
    assert_int_equal(testsrv_scalar(&srv, "SELECT allow_ideas + allow_positions + allow_comments FROM space_phases p "
                                          "JOIN spaces s ON s.id = p.space_id WHERE s.slug = $1 AND p.kind = 'collecting'",
                                    "lohja-health-station", 0), 3);
    assert_int_equal(testsrv_scalar(&srv, "SELECT COUNT(*) FROM space_moderators m JOIN spaces s ON s.id = m.space_id "
                                          "WHERE s.slug = $1", "lohja-health-station", 0), 1);

    /* residents see it, collecting now; comments are not allowed by the policy */
    tclient anon;
    tclient_init(&anon, &srv);
    get(&anon, "/fi/spaces/lohja-health-station", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<strong>uusi</strong>"));
    assert_true(body_has(&r, "href=\"/fi/projects/kotihoidon-etakaynnit\""));
    assert_true(body_has(&r, "Kommentointi ei ole mahdollista tässä tilassa."));
    tresp_free(&r);

    /* edit: remove the decided phase, restrict to staff */
    const char *edit_path = strstr(loc, "/fi/");
    char path[200];
    snprintf(path, sizeof path, "%.*s", (int)(strstr(edit_path, "?") - edit_path), edit_path);
    char pid[32];
    snprintf(pid, sizeof pid, "%lld", (long long)testsrv_scalar(&srv,
             "SELECT p.id FROM space_phases p JOIN spaces s ON s.id = p.space_id WHERE s.slug = $1 AND p.kind = 'decided'",
             "lohja-health-station", -1));
    const char *edit[] = {"slug", "lohja-health-station", "title_fi", "Lohjan terveysasema", "audience", "staff",
                          "policy_idea", "registered", "policy_position", "anyone", "policy_comment", "nobody",
                          "phase_rows", "2", "p0_kind", "collecting", "p0_start", d0, "p0_end", d1, "p0_defaults", "1",
                          "p1_id", pid, "p1_kind", "decided", "p1_start", d2, "p1_remove", "1", "published", "1", NULL};
    assert_int_equal(post(&c, path, edit, NULL), 303);
    assert_int_equal(testsrv_scalar(&srv, "SELECT COUNT(*) FROM space_phases p JOIN spaces s ON s.id = p.space_id "
                                          "WHERE s.slug = $1", "lohja-health-station", 0), 1);
    get(&anon, "/fi/spaces/lohja-health-station", &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "Tämä tila on avoinna vain henkilöstölle."));
    assert_false(body_has(&r, "Lohjan terveysasema"));
    tresp_free(&r);
    assert_int_equal(status_of(&c, "/fi/spaces/lohja-health-station"), 200);
    free(loc);
    tclient_free(&anon);
    tclient_free(&c);
}

static void a_chair_invites_and_the_person_accepts(void **state)
{
    (void)state;
    tclient chair, other, outsider;
    signed_in(&chair, "fi", ELDERLY_CHAIR);
    tresp r;
    /* an address without an account: 400, the address kept beside the error */
    const char *unknown[] = {"email", "ei-tilia@kohtaamo.example", NULL};
    assert_int_equal(post(&chair, "/fi/groups/elderly-council/invite", unknown, &r), 400);
    assert_true(body_has(&r, "id=\"f-email-error\""));
    assert_true(body_has(&r, "value=\"ei-tilia@kohtaamo.example\""));
    tresp_free(&r);
    const char *invite[] = {"email", "Invanare@Kohtaamo.example", NULL};
    assert_int_equal(post(&chair, "/fi/groups/elderly-council/invite", invite, NULL), 303);
    assert_int_equal(testsrv_scalar(&srv, "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id "
                                          "WHERE u.email = $1 AND n.path = '/groups/elderly-council'", OTHER, 0), 1);
    get(&chair, "/fi/groups/elderly-council", &r);
    assert_true(body_has(&r, "Erik Nyström"));   /* listed as invited */
    tresp_free(&r);

    /* someone who is not the chair may not invite */
    signed_in(&outsider, "fi", MEMBER);
    const char *again[] = {"email", "nuori@kohtaamo.example", NULL};
    assert_int_equal(post(&outsider, "/fi/groups/elderly-council/invite", again, NULL), 403);
    get(&outsider, "/fi/groups/elderly-council", &r);   /* not a member: the count, no names */
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Jäseniä: "));
    assert_true(body_has(&r, "Jäsenluettelo näkyy jäsenille ja henkilöstölle."));
    assert_false(body_has(&r, "Maija Lehto</li>"));
    tresp_free(&r);
    tclient_free(&outsider);

    signed_in(&other, "sv", OTHER);
    get(&other, "/sv/groups", &r);
    assert_true(body_has(&r, "Äldrerådet"));
    assert_true(body_has(&r, "action=\"/sv/groups/elderly-council/invitation\""));
    tresp_free(&r);
    const char *accept[] = {"answer", "accept", NULL};
    assert_int_equal(post(&other, "/sv/groups/elderly-council/invitation", accept, NULL), 303);
    get(&other, "/sv/groups/elderly-council", &r);
    assert_true(body_has(&r, "Maija Lehto"));   /* members see the member list */
    assert_true(body_has(&r, "Erik Nyström"));
    tresp_free(&r);
    /* accepting twice finds no invitation */
    assert_int_equal(post(&other, "/sv/groups/elderly-council/invitation", accept, NULL), 404);
    /* councils take no requests */
    const char *nothing[] = {NULL};
    assert_int_equal(post(&other, "/sv/groups/disability-council/join", nothing, NULL), 403);
    tclient_free(&other);
    tclient_free(&chair);
}

/* Staff who are not members may see a group's member list, and each look is
 * in the audit log (who, which group); members' own looks are not. The
 * coordinator is in no disability council. */
static void staff_viewing_a_member_list_is_audited(void **state)
{
    (void)state;
    const char *rows = "SELECT COUNT(*) FROM audit_log a JOIN users actor ON actor.id = a.actor_user_id "
                       "WHERE actor.email = $1 AND a.action = 'group_members_view' AND a.detail = 'disability-council'";
    int64_t before = testsrv_scalar(&srv, rows, STAFF, 0);
    tclient staff, chair;
    signed_in(&staff, "fi", STAFF);
    tresp r;
    get(&staff, "/fi/groups/disability-council", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Johan Ekholm"));   /* the names are shown */
    tresp_free(&r);
    assert_int_equal(testsrv_scalar(&srv, rows, STAFF, 0), before + 1);
    assert_int_equal(testsrv_scalar(&srv, "SELECT COUNT(*) FROM audit_log a JOIN users actor ON actor.id = a.actor_user_id "
                                          "WHERE actor.email = $1 AND a.action = 'group_members_view' "
                                          "AND a.subject_user_id IS NULL", STAFF, 0), before + 1);
    signed_in(&chair, "fi", "johan.ekholm@kohtaamo.example");
    int64_t all = testsrv_scalar(&srv, "SELECT COUNT(*) FROM audit_log", NULL, 0);
    get(&chair, "/fi/groups/disability-council", &r);
    assert_true(body_has(&r, "Johan Ekholm"));
    tresp_free(&r);
    assert_int_equal(testsrv_scalar(&srv, "SELECT COUNT(*) FROM audit_log", NULL, 0), all);
    tclient_free(&chair);
    tclient_free(&staff);
}

static void a_request_is_approved_and_opens_the_group_space(void **state)
{
    (void)state;
    tclient other, chair;
    signed_in(&other, "sv", OTHER);
    const char *nothing[] = {NULL};
    assert_int_equal(post(&other, "/sv/groups/youth-mental-health/join", nothing, NULL), 303);
    assert_int_equal(testsrv_scalar(&srv, "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id "
                                          "WHERE u.email = $1 AND n.path = '/groups/youth-mental-health'", YOUTH_CHAIR, 0),
                     1);
    assert_int_equal(status_of(&other, "/sv/spaces/youth-group"), 403);   /* not before approval */
    tresp r;
    get(&other, "/sv/groups/youth-mental-health", &r);
    assert_true(body_has(&r, "action=\"/sv/groups/youth-mental-health/leave\""));
    tresp_free(&r);

    signed_in(&chair, "fi", YOUTH_CHAIR);
    char path[160];
    snprintf(path, sizeof path, "/fi/groups/youth-mental-health/requests/%lld", (long long)user_id(OTHER));
    get(&chair, "/fi/groups/youth-mental-health", &r);
    assert_true(body_has(&r, path));   /* the request waits on the group page */
    tresp_free(&r);
    const char *approve[] = {"decision", "approve", NULL};
    assert_int_equal(post(&chair, path, approve, NULL), 303);
    tclient_free(&chair);

    assert_int_equal(status_of(&other, "/sv/spaces/youth-group"), 200);
    assert_int_equal(status_of(&other, "/api/v1/spaces/youth-group"), 200);
    /* leaving closes it again */
    assert_int_equal(post(&other, "/sv/groups/youth-mental-health/leave", nothing, NULL), 303);
    assert_int_equal(status_of(&other, "/sv/spaces/youth-group"), 403);
    assert_int_equal(status_of(&other, "/api/v1/spaces/youth-group"), 403);
    tclient_free(&other);
}

static void a_statement_shows_on_group_and_space_and_notifies_followers(void **state)
{
    (void)state;
    tclient follower, chair, outsider;
    signed_in(&follower, "fi", MEMBER);
    const char *follow[] = {"action", "follow", NULL};
    assert_int_equal(post(&follower, "/fi/spaces/family-centres/follow", follow, NULL), 303);
    tresp r;
    get(&follower, "/fi/spaces/family-centres", &r);
    assert_true(body_has(&r, "name=\"action\" value=\"unfollow\""));
    tresp_free(&r);
    int64_t before = testsrv_scalar(&srv, "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id "
                                          "WHERE u.email = $1 AND n.kind = 'statement'", MEMBER, 0);

    signed_in(&outsider, "sv", OTHER);
    assert_int_equal(status_of(&outsider, "/sv/groups/disability-council/statements/new"), 403);
    tclient_free(&outsider);

    signed_in(&chair, "fi", ELDERLY_CHAIR);
    assert_int_equal(status_of(&chair, "/fi/groups/elderly-council/statements/new"), 200);
    const char *bad[] = {"lang", "fi", "title", "", "statement_date", "2027-13-01", "body", "Teksti säilyy.",
                         "signatories", "Vanhusneuvosto", "space", "family-centres", NULL};
    assert_int_equal(post(&chair, "/fi/groups/elderly-council/statements/new", bad, &r), 400);
    assert_true(body_has(&r, "id=\"f-title-error\""));
    assert_true(body_has(&r, "id=\"f-statement_date-error\""));
    assert_true(body_has(&r, "Teksti säilyy."));
    tresp_free(&r);
    const char *good[] = {"lang", "fi", "title", "Lausunto perhekeskusten aukioloista", "statement_date", "2026-11-20",
                          "body", "Neuvosto toivoo **iltavastaanottoja**.", "signatories",
                          "Länsi-Uudenmaan vanhusneuvosto, puheenjohtaja Maija Lehto", "space", "family-centres", NULL};
    assert_int_equal(post(&chair, "/fi/groups/elderly-council/statements/new", good, &r), 303);
    char *loc = tresp_header(&r, "Location");
    assert_non_null(loc);
    tresp_free(&r);
    get(&chair, loc, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<strong>iltavastaanottoja</strong>"));
    assert_true(body_has(&r, "puheenjohtaja Maija Lehto"));
    tresp_free(&r);
    free(loc);
    tclient_free(&chair);

    tclient anon;
    tclient_init(&anon, &srv);
    get(&anon, "/fi/groups/elderly-council", &r);
    assert_true(body_has(&r, "Lausunto perhekeskusten aukioloista"));
    tresp_free(&r);
    get(&anon, "/fi/spaces/family-centres", &r);
    assert_true(body_has(&r, "Lausunto perhekeskusten aukioloista"));
    tresp_free(&r);
    /* on a Swedish page the Finnish statement is marked as Finnish */
    get(&anon, "/sv/spaces/family-centres", &r);
    assert_true(body_has(&r, "lang=\"fi\">Lausunto perhekeskusten aukioloista"));
    tresp_free(&r);
    tclient_free(&anon);

    assert_int_equal(testsrv_scalar(&srv, "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id "
                                          "WHERE u.email = $1 AND n.kind = 'statement'", MEMBER, 0), before + 1);
    tclient_free(&follower);
}

static void a_statement_on_a_group_space_stays_with_its_audience(void **state)
{
    (void)state;
    tclient chair, anon, other;
    signed_in(&chair, "fi", YOUTH_CHAIR);
    const char *st[] = {"lang", "fi", "title", "Ryhmän sisäinen kannanotto", "statement_date", "2026-11-21", "body",
                        "Vain ryhmälle.", "signatories", "Kehittäjäryhmä", "space", "youth-group", NULL};
    tresp r;
    assert_int_equal(post(&chair, "/fi/groups/youth-mental-health/statements/new", st, &r), 303);
    char *loc = tresp_header(&r, "Location");
    assert_non_null(loc);
    tresp_free(&r);
    get(&chair, "/fi/groups/youth-mental-health", &r);
    assert_true(body_has(&r, "Ryhmän sisäinen kannanotto"));
    tresp_free(&r);
    tclient_free(&chair);
    tclient_init(&anon, &srv);
    get(&anon, "/fi/groups/youth-mental-health", &r);
    assert_int_equal(r.status, 200);
    assert_false(body_has(&r, "Ryhmän sisäinen kannanotto"));
    tresp_free(&r);
    assert_int_equal(status_of(&anon, loc), 403);
    tclient_free(&anon);
    signed_in(&other, "sv", OTHER);
    assert_int_equal(status_of(&other, loc), 403);
    tclient_free(&other);
    free(loc);
}

/* The same database served by a node whose clock is ahead: the phase in
 * force moves on, and with it what is open. */
static void phases_follow_the_clock(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = "KOHTAAMO_CLOCK_OFFSET=5184000";   /* 60 days */
    testsrv_start(&srv);
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    get(&c, "/fi/spaces/mental-health", &r);   /* collecting until day 50, then evaluating */
    char *cur = strstr(r.body.data, "aria-current=\"step\"");
    assert_non_null(cur);
    char *end = strstr(cur, "</li>");
    assert_non_null(end);
    *end = '\0';
    assert_non_null(strstr(cur, "Arvioidaan ideoita"));
    tresp_free(&r);
    get(&c, "/fi/spaces/mental-health", &r);
    char *idea = strstr(r.body.data, "<dd id=\"rule-idea\">");
    assert_non_null(idea);
    end = strstr(idea, "</dd>");
    *end = '\0';
    assert_non_null(strstr(idea, "Ei avoinna nykyisessä vaiheessa."));
    tresp_free(&r);
    get(&c, "/api/v1/spaces/family-centres", &r);   /* decided from day 40, open-ended */
    assert_true(body_has(&r, "\"kind\":\"decided\"") || body_has(&r, "\"kind\": \"decided\""));
    tresp_free(&r);
    tclient_free(&c);

    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = "KOHTAAMO_CLOCK_OFFSET=17280000";   /* 200 days: the Swedish services space has ended */
    testsrv_start(&srv);
    tclient_init(&c, &srv);
    get(&c, "/sv/spaces", &r);
    char *sw = strstr(r.body.data, "Svenskspråkiga tjänster");
    assert_non_null(sw);
    end = strstr(sw, "</li>");
    assert_non_null(end);
    *end = '\0';
    assert_non_null(strstr(sw, "Ingen fas pågår"));
    assert_non_null(strstr(sw, "Just nu kan man inte delta."));
    tresp_free(&r);
    get(&c, "/api/v1/spaces/swedish-services", &r);
    assert_true(body_has(&r, "\"phase\":null") || body_has(&r, "\"phase\": null"));
    tresp_free(&r);
    tclient_free(&c);
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = NULL;
    testsrv_start(&srv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_list_shows_only_spaces_the_person_may_see),
        cmocka_unit_test(a_group_space_is_403_for_others_also_by_direct_url_and_api),
        cmocka_unit_test(the_space_page_tells_the_phase_the_rules_and_where_to_take_part),
        cmocka_unit_test(staff_create_a_space_with_phases_and_moderators),
        cmocka_unit_test(a_chair_invites_and_the_person_accepts),
        cmocka_unit_test(staff_viewing_a_member_list_is_audited),
        cmocka_unit_test(a_request_is_approved_and_opens_the_group_space),
        cmocka_unit_test(a_statement_shows_on_group_and_space_and_notifies_followers),
        cmocka_unit_test(a_statement_on_a_group_space_stays_with_its_audience),
        cmocka_unit_test(phases_follow_the_clock),
    };
    return cmocka_run_group_tests_name("spaces", tests, setup, teardown);
}
