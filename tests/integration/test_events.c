/* Workshops and events: the list and the event page, registration with
 * confirmation e-mail, duplicates and bad input, the waiting list and its
 * promotion when someone cancels by the token link, the deadline,
 * capacity under 20 parallel registrations, iCalendar parsed back line by
 * line, group-only events, the staff editor with its validation, the
 * audited participant list and summary, reminders and erasure of personal
 * data with KOHTAAMO_CLOCK_OFFSET. Runs on SQLite and PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "testsrv.h"

static testsrv srv;
#define STAFF "koordinaattori@kohtaamo.example"
#define RESIDENT "asukas@kohtaamo.example"
#define PASSWORD "kohtaamo-demo-2026"

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, -2); }

static void get(tclient *c, const char *path, tresp *r) { http_get(c, path, NULL, r); }

/* Inserts an event directly; times relative to now in hours. Returns its id. */
static long add_event(const char *title, double start_h, double len_h, double deadline_h, int capacity,
                      const char *space_slug)
{
    db *d = testsrv_db(&srv);
    int64_t now = (int64_t)time(NULL);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_TEXT(title), DB_INT(now + (int64_t)(start_h * 3600)),
                    DB_INT(now + (int64_t)((start_h + len_h) * 3600)), DB_INT(now + (int64_t)(deadline_h * 3600)),
                    DB_INT(capacity), DB_TEXT(space_slug), DB_INT(now)};
    if (db_query(d, &a, &res,
                 "INSERT INTO events(title_fi, title_sv, description_fi, starts_at, ends_at, registration_deadline, "
                 "address, capacity, space_id, created_at, updated_at) "
                 "VALUES($1, $1, 'Kuvaus, jossa on pilkku; ja puolipiste.', $2, $3, $4, 'Testikatu 1, Lohja', $5, "
                 "(SELECT id FROM spaces WHERE slug = $6), $7, $7) RETURNING id",
                 7, p) != 0)
        fail_msg("%s", db_error(d));
    long id = (long)db_cell_int(&res, 0, 0);
    arena_free_all(&a);
    db_close(d);
    return id;
}

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    db *d = testsrv_db(&srv);
    /* a group-only space of our own, so the test does not lean on other demo data */
    assert_int_equal(db_exec(d, "INSERT INTO groups(slug, name_fi, created_at) VALUES('ev-test-group', 'Testiryhmä', 1)",
                             0, NULL), 0);
    assert_int_equal(db_exec(d, "INSERT INTO spaces(slug, title_fi, audience, group_id, created_at) "
                                "SELECT 'ev-test-space', 'Ryhmän tila', 'group', id, 1 FROM groups WHERE slug = 'ev-test-group'",
                             0, NULL), 0);
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

/* Registers on event id in lang through the real form; fills r. */
static void register_as(tclient *c, const char *lang, long id, const char *name, const char *email, const char *needs,
                        tresp *r)
{
    char path[128], post[128];
    snprintf(path, sizeof path, "/%s/events/%ld", lang, id);
    snprintf(post, sizeof post, "/%s/events/%ld/register", lang, id);
    char *tok = fetch_csrf(c, path);
    const char *pairs[] = {"csrf", tok, "name", name, "email", email, "needs", needs ? needs : "", NULL};
    http_post_form(c, post, pairs, r);
    free(tok);
}

/* The page's body with every occurrence of email replaced by "*" (malloc'd):
 * what two people registering different addresses would both see. */
static char *page_without(const tresp *r, const char *email)
{
    buf b = BUF_INIT;
    size_t n = strlen(email);
    for (const char *p = r->body.data; *p;) {
        if (strncmp(p, email, n) == 0) {
            buf_putc(&b, '*');
            p += n;
        } else {
            buf_putc(&b, *p++);
        }
    }
    buf_append(&b, "", 0);
    return b.data;
}

/* The cancellation token of the registration with this e-mail (malloc'd). */
static char *token_of(const char *email)
{
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_TEXT(email)};
    assert_int_equal(db_query(d, &a, &res, "SELECT token FROM event_registrations WHERE email = $1", 1, p), 0);
    assert_int_equal(res.nrows, 1);
    char *t = strdup(db_cell(&res, 0, 0));
    arena_free_all(&a);
    db_close(d);
    return t;
}

static void list_and_pages_show_what_a_resident_needs(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    long open = add_event("Listatesti: avoin työpaja", 24 * 8, 2, 24 * 6, 12, NULL);
    long grp = add_event("Listatesti: ryhmän oma tapaaminen", 24 * 8, 2, 24 * 6, 12, "ev-test-space");
    char path[64];
    get(&c, "/fi/events", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Tapahtumat ja työpajat</h1>"));
    assert_true(body_has(&r, "Listatesti: avoin työpaja"));
    assert_true(body_has(&r, "12 paikkaa jäljellä"));
    assert_true(body_has(&r, "Ilmoittautuminen viimeistään"));
    assert_true(body_has(&r, " klo "));
    /* the demo's full event offers the waiting list */
    assert_true(body_has(&r, "Täynnä – ilmoittaudu jonoon"));
    /* a group's event is not listed for others */
    assert_false(body_has(&r, "Listatesti: ryhmän oma tapaaminen"));
    assert_true(body_has(&r, "href=\"/fi/events?past=1\""));
    tresp_free(&r);

    get(&c, "/sv/events", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Evenemang och verkstäder"));
    assert_true(body_has(&r, "12 platser kvar"));
    assert_true(body_has(&r, " kl. "));
    tresp_free(&r);

    /* past events: the demo's residents' evening with its summary */
    get(&c, "/fi/events?past=1", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Asukasilta: mielenterveyspalvelut Kirkkonummella"));
    assert_false(body_has(&r, "Listatesti: avoin työpaja"));
    tresp_free(&r);
    get(&c, "/fi/events?past=maybe", &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);

    snprintf(path, sizeof path, "/fi/events/%ld", open);
    get(&c, path, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Listatesti: avoin työpaja</h1>"));
    assert_true(body_has(&r, "Testikatu 1, Lohja"));
    assert_true(body_has(&r, "Paikkoja: 12"));
    assert_true(body_has(&r, "name=\"csrf\""));
    assert_true(body_has(&r, "<label for=\"f-email\">"));
    snprintf(path, sizeof path, "href=\"/events/%ld.ics?lang=fi\"", open);
    assert_true(body_has(&r, path));
    tresp_free(&r);

    /* group-only: 403 for anonymous and for a resident outside the group */
    snprintf(path, sizeof path, "/fi/events/%ld", grp);
    get(&c, path, &r);
    assert_int_equal(r.status, 403);
    assert_false(body_has(&r, "Listatesti: ryhmän oma tapaaminen"));
    tresp_free(&r);
    snprintf(path, sizeof path, "/events/%ld.ics", grp);
    get(&c, path, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    get(&c, "/fi/events?space=ev-test-space", &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    get(&c, "/fi/events?space=no-such-space", &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    tclient res;
    tclient_init(&res, &srv);
    login_as(&res, "fi", RESIDENT, PASSWORD);
    snprintf(path, sizeof path, "/fi/events/%ld", grp);
    get(&res, path, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    /* a member sees it, and the space's own list */
    char sql[256];
    snprintf(sql, sizeof sql, "INSERT INTO group_members(group_id, user_id, status, created_at) SELECT g.id, u.id, "
                              "'member', 1 FROM groups g, users u WHERE g.slug = 'ev-test-group' AND u.email = '%s'",
             RESIDENT);
    db *d = testsrv_db(&srv);
    assert_int_equal(db_exec(d, sql, 0, NULL), 0);
    db_close(d);
    get(&res, path, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Listatesti: ryhmän oma tapaaminen"));
    /* signed in: name and e-mail are filled in */
    assert_true(body_has(&r, "value=\"asukas@kohtaamo.example\""));
    tresp_free(&r);
    get(&res, "/fi/events?space=ev-test-space", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Listatesti: ryhmän oma tapaaminen"));
    assert_false(body_has(&r, "Listatesti: avoin työpaja"));
    tresp_free(&r);
    tclient_free(&res);

    get(&c, "/fi/events/999999", &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    get(&c, "/fi/events/abc", &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    tclient_free(&c);
}

static void registration_confirms_by_email_and_rejects_bad_input(void **state)
{
    (void)state;
    long id = add_event("Rekisteröintitesti", 24 * 5, 2, 24 * 3, 10, NULL);
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    /* bad input: 400, errors beside the fields and in the summary, input kept */
    register_as(&c, "fi", id, "", "ei-osoite", "Gluteeniton", &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "class=\"error-summary\""));
    assert_true(body_has(&r, "id=\"f-name-error\""));
    assert_true(body_has(&r, "Kirjoita nimesi."));
    assert_true(body_has(&r, "id=\"f-email-error\""));
    assert_true(body_has(&r, "value=\"ei-osoite\""));
    assert_true(body_has(&r, ">Gluteeniton</textarea>"));
    tresp_free(&r);
    char q[64];
    snprintf(q, sizeof q, "%ld", id);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE event_id = CAST($1 AS INTEGER)", q), 0);

    register_as(&c, "fi", id, "Ville Virtanen", "Ville.Virtanen@Example.fi", "Gluteeniton ruokavalio", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Ilmoittautumisesi on vastaanotettu</h1>"));
    assert_true(body_has(&r, "Lähetimme viestin ilmoittautumisestasi osoitteeseen <strong>ville.virtanen@example.fi</strong>"));
    assert_true(body_has(&r, "saitko paikan vai oletko jonossa"));
    assert_false(body_has(&r, "/events/cancel/"));   /* the link is in the e-mail only */
    char *first_page = page_without(&r, "ville.virtanen@example.fi");
    tresp_free(&r);
    /* the confirmation e-mail: cancellation link and the calendar file */
    char *tok = token_of("ville.virtanen@example.fi");
    char like[256];
    snprintf(like, sizeof like, "%%/fi/events/cancel/%s%%", tok);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ville.virtanen@example.fi' "
                            "AND subject LIKE 'Ilmoittautumisesi on vahvistettu: Rekisteröintitesti' AND body LIKE $1", like), 1);
    snprintf(like, sizeof like, "event-%ld.ics", id);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ville.virtanen@example.fi' AND attachment_name = $1"
                            " AND attachment_type LIKE 'text/calendar;%' AND body LIKE '%liitteenä kalenteritiedostona%'",
                            like), 1);
    snprintf(like, sizeof like, "%%BEGIN:VEVENT\r\nUID:event-%ld@%%SUMMARY:Rekisteröintitesti\r\n%%END:VCALENDAR\r\n", id);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ville.virtanen@example.fi' AND attachment LIKE $1",
                            like), 1);
    free(tok);

    /* The same address again: the very same page as for a new address, so
     * nobody can test who is registered; the news goes by e-mail to the
     * registered person (in the language they registered in), with their
     * status and cancellation link. Nothing is stored or changed. */
    register_as(&c, "en", id, "Ville V.", "VILLE.virtanen@example.fi", "Muuttunut tarve", &r);
    tresp_free(&r);
    register_as(&c, "fi", id, "Ville V.", "ville.virtanen@example.fi", "Muuttunut tarve", &r);
    assert_int_equal(r.status, 200);
    char *again_page = page_without(&r, "ville.virtanen@example.fi");
    assert_string_equal(again_page, first_page);
    tresp_free(&r);
    free(again_page);
    free(first_page);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE event_id = CAST($1 AS INTEGER)", q), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE email = 'ville.virtanen@example.fi' "
                            "AND needs = 'Gluteeniton ruokavalio'", NULL), 1);
    tok = token_of("ville.virtanen@example.fi");
    snprintf(like, sizeof like, "%%Paikkasi on vahvistettu.%%/fi/events/cancel/%s%%", tok);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'ville.virtanen@example.fi' "
                            "AND subject = 'Olet jo ilmoittautunut: Rekisteröintitesti' "
                            "AND body LIKE '%ehkä sinä, yritti ilmoittaa%' AND body LIKE $1", like), 2);
    free(tok);

    /* without the CSRF token nothing happens */
    char post[64];
    snprintf(post, sizeof post, "/fi/events/%ld/register", id);
    const char *nocsrf[] = {"name", "Hyökkääjä", "email", "x@example.fi", NULL};
    http_post_form(&c, post, nocsrf, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE event_id = CAST($1 AS INTEGER)", q), 1);
    tclient_free(&c);
}

static void waiting_list_moves_up_when_someone_cancels(void **state)
{
    (void)state;
    long id = add_event("Jonotesti", 24 * 6, 2, 24 * 4, 2, NULL);
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    register_as(&c, "fi", id, "Eka", "eka@example.fi", NULL, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    register_as(&c, "fi", id, "Toka", "toka@example.fi", NULL, &r);
    tresp_free(&r);
    char path[64];
    snprintf(path, sizeof path, "/sv/events/%ld", id);
    get(&c, path, &r);
    assert_true(body_has(&r, "Fullt – anmäl dig till reservlistan"));
    assert_true(body_has(&r, "Anmäl dig till reservlistan</button>"));
    tresp_free(&r);
    register_as(&c, "sv", id, "Tredje", "tredje@example.fi", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Din anmälan har tagits emot</h1>"));
    assert_false(body_has(&r, "reservlistan: "));   /* the place in the queue is in the e-mail */
    tresp_free(&r);
    register_as(&c, "fi", id, "Neljäs", "neljas@example.fi", NULL, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'tredje@example.fi' AND subject LIKE 'Du står på reservlistan:%' "
                            "AND body LIKE '%Din plats på reservlistan: 1%'", NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'neljas@example.fi' AND subject LIKE 'Olet jonossa:%' "
                            "AND body LIKE '%Sijasi jonossa: 2%'", NULL), 1);
    /* no place yet, no calendar file */
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'tredje@example.fi' AND attachment IS NULL", NULL), 1);

    /* the first cancels: GET shows a confirm button and changes nothing */
    char *tok = token_of("eka@example.fi");
    char cpath[160];
    snprintf(cpath, sizeof cpath, "/fi/events/cancel/%s", tok);
    get(&c, cpath, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Peru ilmoittautuminen</button>"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE email = 'eka@example.fi' AND status = 'confirmed'", NULL), 1);
    char *csrf = fetch_csrf(&c, cpath);
    const char *pairs[] = {"csrf", csrf, NULL};
    http_post_form(&c, cpath, pairs, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Ilmoittautumisesi on peruttu ja tietosi poistettu."));
    tresp_free(&r);
    /* the cancelled row keeps no personal data; the first waiting got the place and an e-mail in Swedish */
    snprintf(cpath, sizeof cpath, "%s", tok);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE token = $1 AND status = 'cancelled' "
                            "AND name IS NULL AND email IS NULL", cpath), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE email = 'tredje@example.fi' AND status = 'confirmed'", NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE email = 'neljas@example.fi' AND status = 'waiting'", NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'tredje@example.fi' "
                            "AND subject = 'En plats blev ledig: din anmälan är bekräftad: Jonotesti' "
                            "AND body LIKE '%/sv/events/cancel/%'", NULL), 1);
    /* cancelling twice is harmless */
    snprintf(cpath, sizeof cpath, "/fi/events/cancel/%s", tok);
    http_post_form(&c, cpath, pairs, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Tämä ilmoittautuminen on jo peruttu."));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE email = 'neljas@example.fi' AND status = 'waiting'", NULL), 1);
    get(&c, "/fi/events/cancel/not-a-real-token", &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    free(csrf);
    free(tok);

    /* On the waiting list and registering again: the page a new address on
     * the waiting list gets, and an e-mail with the place in the queue. */
    register_as(&c, "fi", id, "Viides", "viides@example.fi", NULL, &r);
    assert_int_equal(r.status, 200);
    char *new_page = page_without(&r, "viides@example.fi");
    tresp_free(&r);
    register_as(&c, "fi", id, "Neljäs uudelleen", "neljas@example.fi", NULL, &r);
    assert_int_equal(r.status, 200);
    char *again_page = page_without(&r, "neljas@example.fi");
    assert_string_equal(again_page, new_page);
    tresp_free(&r);
    free(again_page);
    free(new_page);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE email = 'neljas@example.fi' AND status = 'waiting'", NULL), 1);
    tok = token_of("neljas@example.fi");
    char like[256];
    snprintf(like, sizeof like, "%%Olet jonossa. Sijasi jonossa: 1%%/fi/events/cancel/%s%%", tok);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'neljas@example.fi' "
                            "AND subject = 'Olet jo ilmoittautunut: Jonotesti' AND attachment IS NULL AND body LIKE $1",
                            like), 1);
    free(tok);
    tclient_free(&c);
}

static void registration_closes_at_the_deadline(void **state)
{
    (void)state;
    long id = add_event("Myöhästymistesti", 24 * 2, 2, -1, 10, NULL);
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    char path[64];
    snprintf(path, sizeof path, "/fi/events/%ld", id);
    get(&c, path, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Ilmoittautuminen päättyi"));
    assert_false(body_has(&r, "id=\"f-email\""));
    tresp_free(&r);
    /* a form kept open from earlier: 403 and a clear message */
    char *tok = fetch_csrf(&c, "/fi/feedback");
    char post[64];
    snprintf(post, sizeof post, "/fi/events/%ld/register", id);
    const char *pairs[] = {"csrf", tok, "name", "Myöhäinen", "email", "myohainen@example.fi", NULL};
    http_post_form(&c, post, pairs, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "Ilmoittautuminen päättyi"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE email = 'myohainen@example.fi'", NULL), 0);
    free(tok);
    tclient_free(&c);
}

/* ---- 20 registrations at once against 5 places ---- */

typedef struct racer {
    long id;
    int n;
    char *csrf;
    tclient c;
    long status;
} racer;

static pthread_barrier_t start_line;

static void *race(void *arg)
{
    racer *x = arg;
    char post[64], name[32], email[64];
    snprintf(post, sizeof post, "/fi/events/%ld/register", x->id);
    snprintf(name, sizeof name, "Kilpailija %d", x->n);
    snprintf(email, sizeof email, "kilpailija%d@example.fi", x->n);
    const char *pairs[] = {"csrf", x->csrf, "name", name, "email", email, NULL};
    tresp r;
    pthread_barrier_wait(&start_line);
    http_post_form(&x->c, post, pairs, &r);
    x->status = r.status;
    tresp_free(&r);
    return NULL;
}

static void capacity_holds_under_parallel_registrations(void **state)
{
    (void)state;
    long id = add_event("Rinnakkaistesti", 24 * 9, 2, 24 * 7, 5, NULL);
    enum { N = 20 };
    racer x[N];
    pthread_t th[N];
    char path[64];
    snprintf(path, sizeof path, "/fi/events/%ld", id);
    for (int i = 0; i < N; i++) {
        x[i].id = id, x[i].n = i;
        tclient_init(&x[i].c, &srv);
        x[i].csrf = fetch_csrf(&x[i].c, path);
    }
    pthread_barrier_init(&start_line, NULL, N);
    for (int i = 0; i < N; i++) pthread_create(&th[i], NULL, race, &x[i]);
    for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
    pthread_barrier_destroy(&start_line);
    for (int i = 0; i < N; i++) {
        assert_int_equal(x[i].status, 200);
        free(x[i].csrf);
        tclient_free(&x[i].c);
    }
    char q[32];
    snprintf(q, sizeof q, "%ld", id);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE event_id = CAST($1 AS INTEGER) "
                            "AND status = 'confirmed'", q), 5);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE event_id = CAST($1 AS INTEGER) "
                            "AND status = 'waiting'", q), 15);
    assert_int_equal(scalar("SELECT COUNT(DISTINCT email) FROM event_registrations WHERE event_id = CAST($1 AS INTEGER)", q), 20);
    /* and each got the e-mail matching where they ended up */
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr LIKE 'kilpailija%' "
                            "AND subject LIKE 'Ilmoittautumisesi on vahvistettu:%'", NULL), 5);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr LIKE 'kilpailija%' "
                            "AND subject LIKE 'Olet jonossa:%'", NULL), 15);
}

/* ---- iCalendar, parsed back ---- */

typedef struct ics_doc {
    char *lines[400];   /* unfolded content lines */
    int n;
} ics_doc;

/* Checks RFC 5545 framing (CRLF, at most 75 octets, folding with one
 * space, UTF-8 intact) and unfolds into d. */
static void ics_parse(const tresp *r, ics_doc *d)
{
    d->n = 0;
    const char *p = r->body.data, *end = p + r->body.len;
    buf cur = BUF_INIT;
    bool have = false;
    while (p < end) {
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol);                        /* every line ends in CRLF */
        size_t len = (size_t)(eol - p);
        assert_true(len <= 75);
        assert_null(memchr(p, '\n', len));           /* no bare LF */
        if (len > 0 && *p == ' ') {
            assert_true(have);
            /* a continuation never starts inside a UTF-8 sequence */
            if (len > 1) assert_true(((unsigned char)p[1] & 0xC0) != 0x80);
            buf_append(&cur, p + 1, len - 1);
        } else {
            if (have) {
                assert_true(d->n < 400);
                d->lines[d->n++] = buf_detach(&cur, NULL);
            }
            buf_append(&cur, p, len);
            have = true;
        }
        p = eol + 2;
    }
    if (have) d->lines[d->n++] = buf_detach(&cur, NULL);
    buf_free(&cur);
}

static void ics_free(ics_doc *d)
{
    for (int i = 0; i < d->n; i++) free(d->lines[i]);
}

static int ics_count(const ics_doc *d, const char *line)
{
    int n = 0;
    for (int i = 0; i < d->n; i++) n += strcmp(d->lines[i], line) == 0;
    return n;
}

static const char *ics_find(const ics_doc *d, const char *prefix)
{
    for (int i = 0; i < d->n; i++)
        if (strncmp(d->lines[i], prefix, strlen(prefix)) == 0) return d->lines[i] + strlen(prefix);
    return NULL;
}

static void icalendar_of_one_and_of_all(void **state)
{
    (void)state;
    long id = add_event("Kalenteritesti, pitkä otsikko: äöå ÄÖÅ € – jotta rivi taittuu useamman kerran keskeltä "
                        "monitavuisia merkkejä; äöäöäöäöäöäöäöäöäöäöäöäöäöäöäöäöäöäö",
                        24 * 10, 1.5, 24 * 8, 30, NULL);
    long grp = add_event("Kalenteritesti ryhmälle", 24 * 10, 1, 24 * 8, 30, "ev-test-space");
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    char path[64];
    snprintf(path, sizeof path, "/events/%ld.ics", id);
    get(&c, path, &r);
    assert_int_equal(r.status, 200);
    char *ct = tresp_header(&r, "Content-Type");
    assert_string_equal(ct, "text/calendar; charset=utf-8");
    free(ct);
    ics_doc d;
    ics_parse(&r, &d);
    assert_string_equal(d.lines[0], "BEGIN:VCALENDAR");
    assert_string_equal(d.lines[d.n - 1], "END:VCALENDAR");
    assert_int_equal(ics_count(&d, "VERSION:2.0"), 1);
    assert_int_equal(ics_count(&d, "BEGIN:VEVENT"), 1);
    assert_int_equal(ics_count(&d, "END:VEVENT"), 1);
    char uid[64];
    snprintf(uid, sizeof uid, "event-%ld@", id);
    assert_non_null(ics_find(&d, "UID:"));
    assert_memory_equal(ics_find(&d, "UID:"), uid, strlen(uid));
    /* the summary escapes , and ; and survives folding byte for byte */
    assert_string_equal(ics_find(&d, "SUMMARY:"),
                        "Kalenteritesti\\, pitkä otsikko: äöå ÄÖÅ € – jotta rivi taittuu useamman kerran keskeltä "
                        "monitavuisia merkkejä\\; äöäöäöäöäöäöäöäöäöäöäöäöäöäöäöäöäöäö");
    assert_string_equal(ics_find(&d, "DESCRIPTION:"), "Kuvaus\\, jossa on pilkku\\; ja puolipiste.");
    assert_string_equal(ics_find(&d, "LOCATION:"), "Testikatu 1\\, Lohja");
    /* times in UTC: DTSTART as stored, DTEND 90 minutes later */
    const char *ds = ics_find(&d, "DTSTART:"), *de = ics_find(&d, "DTEND:"), *st = ics_find(&d, "DTSTAMP:");
    assert_non_null(ds);
    assert_non_null(de);
    assert_non_null(st);
    assert_int_equal(strlen(ds), 16);
    assert_int_equal(ds[15], 'Z');
    assert_int_equal(ds[8], 'T');
    char q[32];
    snprintf(q, sizeof q, "%ld", id);
    int64_t starts = scalar("SELECT starts_at FROM events WHERE id = CAST($1 AS INTEGER)", q);
    time_t tt = (time_t)starts;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char want[20];
    strftime(want, sizeof want, "%Y%m%dT%H%M%SZ", &tm);
    assert_string_equal(ds, want);
    tt = (time_t)(starts + 5400);
    gmtime_r(&tt, &tm);
    strftime(want, sizeof want, "%Y%m%dT%H%M%SZ", &tm);
    assert_string_equal(de, want);
    snprintf(want, sizeof want, "/fi/events/%ld", id);
    assert_non_null(strstr(ics_find(&d, "URL:"), want));
    ics_free(&d);
    tresp_free(&r);

    /* Swedish texts on request */
    snprintf(path, sizeof path, "/events/%ld.ics?lang=sv", id);
    get(&c, path, &r);
    assert_int_equal(r.status, 200);
    ics_parse(&r, &d);
    snprintf(want, sizeof want, "/sv/events/%ld", id);
    assert_non_null(strstr(ics_find(&d, "URL:"), want));
    ics_free(&d);
    tresp_free(&r);

    /* all upcoming public events; the group's event is left out */
    get(&c, "/events.ics", &r);
    assert_int_equal(r.status, 200);
    ics_parse(&r, &d);
    assert_true(ics_count(&d, "BEGIN:VEVENT") >= 3);
    assert_int_equal(ics_count(&d, "BEGIN:VEVENT"), ics_count(&d, "END:VEVENT"));
    char uidline[80];
    snprintf(uidline, sizeof uidline, "UID:event-%ld@127.0.0.1", id);
    assert_int_equal(ics_count(&d, uidline), 1);
    snprintf(uidline, sizeof uidline, "UID:event-%ld@127.0.0.1", grp);
    assert_int_equal(ics_count(&d, uidline), 0);
    /* past events are not in it */
    bool past = false;
    for (int i = 0; i < d.n; i++) past |= strstr(d.lines[i], "Asukasilta") != NULL;
    assert_false(past);
    ics_free(&d);
    tresp_free(&r);
    /* the news stream still has its own route */
    get(&c, "/events/nonexistent-channel", &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    tclient_free(&c);
}

/* ---- staff ---- */

static void staff_create_edit_list_participants_and_summary(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    /* residents may not */
    login_as(&c, "fi", RESIDENT, PASSWORD);
    get(&c, "/fi/staff/events/new", &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&c);

    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    char *tok = fetch_csrf(&c, "/fi/staff/events/new");
    /* end before start, deadline after start, zero places, http link */
    const char *bad[] = {"csrf", tok, "title_fi", "Henkilöstön testityöpaja", "start_date", "2031-03-10", "start_time",
                         "17:00", "end_date", "2031-03-10", "end_time", "16:00", "deadline_date", "2031-03-11",
                         "deadline_time", "12:00", "capacity", "0", "online_url", "http://example.fi/kokous", NULL};
    http_post_form(&c, "/fi/staff/events/new", bad, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Tapahtuman on päätyttävä alkamisensa jälkeen."));
    assert_true(body_has(&r, "Ilmoittautumisen on päätyttävä ennen tapahtuman alkua."));
    assert_true(body_has(&r, "Anna paikkojen määrä kokonaislukuna, vähintään 1."));
    assert_true(body_has(&r, "Anna osoite, joka alkaa https://."));
    assert_true(body_has(&r, "value=\"Henkilöstön testityöpaja\""));
    assert_true(body_has(&r, "value=\"http://example.fi/kokous\""));
    assert_true(body_has(&r, "<legend>"));
    tresp_free(&r);
    /* no place at all */
    const char *noplace[] = {"csrf", tok, "title_fi", "Henkilöstön testityöpaja", "start_date", "2031-03-10",
                             "start_time", "17:00", "end_date", "2031-03-10", "end_time", "19:00", "deadline_date",
                             "2031-03-08", "deadline_time", "12:00", "capacity", "8", NULL};
    http_post_form(&c, "/fi/staff/events/new", noplace, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Kerro paikka: palvelupiste, osoite tai verkkotapaamisen linkki."));
    tresp_free(&r);
    const char *ok[] = {"csrf", tok, "title_fi", "Henkilöstön testityöpaja", "title_sv", "Personalens testverkstad",
                        "description_fi", "**Tervetuloa**", "start_date", "2031-03-10", "start_time", "17:00",
                        "end_date", "2031-03-10", "end_time", "19:00", "deadline_date", "2031-03-08", "deadline_time",
                        "12:00", "capacity", "1", "online_url", "https://meet.example.fi/paja", NULL};
    http_post_form(&c, "/fi/staff/events/new", ok, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    assert_non_null(loc);
    tresp_free(&r);
    long id = strtol(strrchr(loc, '/') + 1, NULL, 10);
    assert_true(id > 0);
    /* 17:00 Helsinki in March (UTC+2) is 15:00 UTC */
    char q[32];
    snprintf(q, sizeof q, "%ld", id);
    assert_int_equal(scalar("SELECT starts_at FROM events WHERE id = CAST($1 AS INTEGER)", q), 1930921200);
    get(&c, loc, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<strong>Tervetuloa</strong>"));
    assert_true(body_has(&r, "https://meet.example.fi/paja"));
    assert_true(body_has(&r, "1 paikka jäljellä"));
    tresp_free(&r);
    free(loc);

    /* two registrations against one place, then staff add a place: the waiting one moves up */
    tclient anon;
    tclient_init(&anon, &srv);
    register_as(&anon, "fi", id, "Kalle Kokeilija", "kalle@example.fi", "Pyörätuoli", &r);
    tresp_free(&r);
    register_as(&anon, "fi", id, "Outi Odottaja", "outi@example.fi", NULL, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'outi@example.fi' AND body LIKE '%Sijasi jonossa: 1%'",
                            NULL), 1);
    tclient_free(&anon);
    char path[96];
    snprintf(path, sizeof path, "/fi/staff/events/%ld/edit", id);
    get(&c, path, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "value=\"2031-03-10\""));
    assert_true(body_has(&r, "value=\"17:00\""));
    tresp_free(&r);
    const char *more[] = {"csrf", tok, "title_fi", "Henkilöstön testityöpaja", "start_date", "2031-03-10", "start_time",
                          "17:00", "end_date", "2031-03-10", "end_time", "19:00", "deadline_date", "2031-03-08",
                          "deadline_time", "12:00", "capacity", "2", "online_url", "https://meet.example.fi/paja", NULL};
    http_post_form(&c, path, more, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE email = 'outi@example.fi' AND status = 'confirmed'", NULL), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'outi@example.fi' AND subject LIKE 'Paikka vapautui%'", NULL), 1);

    /* the participant list, with the count of needs, is audited */
    int64_t audits = scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'events.view_registrations'", NULL);
    snprintf(path, sizeof path, "/fi/staff/events/%ld/registrations", id);
    get(&c, path, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Kalle Kokeilija"));
    assert_true(body_has(&r, "kalle@example.fi"));
    assert_true(body_has(&r, "Pyörätuoli"));
    assert_true(body_has(&r, "Ilmoittautumisia, joissa on saavutettavuus- tai ruokavaliotarpeita: 1"));
    assert_true(body_has(&r, "Vahvistettuja: 2"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'events.view_registrations'", NULL), audits + 1);

    /* summary: saved now, shown once the event is over */
    snprintf(path, sizeof path, "/fi/staff/events/%ld/summary", id);
    const char *sum[] = {"csrf", tok, "summary_fi", "Paikalla oli **kaksi** osallistujaa.", NULL};
    http_post_form(&c, path, sum, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    snprintf(path, sizeof path, "/fi/events/%ld", id);
    get(&c, path, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Henkilöstön testityöpaja</h1>"));
    assert_false(body_has(&r, "Paikalla oli"));
    tresp_free(&r);
    get(&c, "/fi/events?past=1", &r);
    assert_true(body_has(&r, "Asukasilta"));
    tresp_free(&r);
    /* the demo's past event shows its summary */
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    assert_int_equal(db_query(d, &a, &res, "SELECT id FROM events WHERE title_fi LIKE 'Asukasilta%'", 0, NULL), 0);
    snprintf(path, sizeof path, "/fi/events/%s", db_cell(&res, 0, 0));
    arena_free_all(&a);
    db_close(d);
    get(&c, path, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Yhteenveto tapahtumasta"));
    assert_true(body_has(&r, "<strong>26 asukasta</strong>"));
    assert_false(body_has(&r, "id=\"f-email\""));
    tresp_free(&r);

    get(&c, "/fi/staff/events", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Henkilöstön testityöpaja"));
    assert_true(body_has(&r, "2 / 2"));
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

/* ---- maintenance: reminders and erasure ---- */

/* A new event starts as a draft: staff see it with a note, nobody else
 * finds it in lists, feeds or by its address, nobody can register; once
 * published it is there for everyone. */
static void drafts_are_seen_by_staff_only(void **state)
{
    (void)state;
    tclient st;
    tclient_init(&st, &srv);
    login_as(&st, "fi", STAFF, PASSWORD);
    tresp r;
    get(&st, "/fi/staff/events/new", &r);
    assert_true(body_has(&r, "name=\"draft\" value=\"1\" checked"));
    assert_true(body_has(&r, "Luonnos: ei vielä näy asukkaille"));
    tresp_free(&r);
    char *tok = fetch_csrf(&st, "/fi/staff/events/new");
    const char *form[] = {"csrf", tok, "title_fi", "Luonnostyöpaja", "start_date", "2031-04-10", "start_time", "17:00",
                          "end_date", "2031-04-10", "end_time", "19:00", "deadline_date", "2031-04-08",
                          "deadline_time", "12:00", "capacity", "5", "address", "Kirkkokatu 1, Lohja", "draft", "1",
                          NULL};
    http_post_form(&st, "/fi/staff/events/new", form, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    tresp_free(&r);
    long id = strtol(strrchr(loc, '/') + 1, NULL, 10);
    get(&st, loc, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Tämä tapahtuma on luonnos"));
    assert_false(body_has(&r, "name=\"email\""));   /* no registration form */
    tresp_free(&r);
    get(&st, "/fi/staff/events", &r);
    assert_true(body_has(&r, "Luonnostyöpaja</a> <strong>(Luonnos)</strong>"));
    tresp_free(&r);

    tclient anon, res;
    tclient_init(&anon, &srv);
    tclient_init(&res, &srv);
    login_as(&res, "fi", RESIDENT, PASSWORD);
    char ics[64];
    snprintf(ics, sizeof ics, "/events/%ld.ics", id);
    for (int k = 0; k < 2; k++) {
        tclient *c = k ? &res : &anon;
        get(c, loc, &r);
        assert_int_equal(r.status, 404);
        tresp_free(&r);
        get(c, "/fi/events", &r);
        assert_int_equal(r.status, 200);
        assert_true(body_has(&r, "<h1>Tapahtumat ja työpajat</h1>"));
        assert_true(body_has(&r, "Perhetyöpaja: arjen voimavarat lapsiperheessä"));   /* a published one is listed */
        assert_false(body_has(&r, "Luonnostyöpaja"));
        tresp_free(&r);
        get(c, ics, &r);
        assert_int_equal(r.status, 404);
        tresp_free(&r);
    }
    get(&anon, "/events.ics", &r);
    assert_int_equal(r.status, 200);
    assert_false(body_has(&r, "Luonnostyöpaja"));
    tresp_free(&r);
    /* a registration sent anyway (the CSRF token from another page) */
    char *atok = fetch_csrf(&anon, "/fi/feedback");
    char post[64];
    snprintf(post, sizeof post, "/fi/events/%ld/register", id);
    const char *reg[] = {"csrf", atok, "name", "Kalle", "email", "kalle@example.fi", NULL};
    http_post_form(&anon, post, reg, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    free(atok);
    char q[32];
    snprintf(q, sizeof q, "%ld", id);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE event_id = CAST($1 AS INTEGER)", q), 0);

    /* published: the same form without the draft box */
    char edit[64];
    snprintf(edit, sizeof edit, "/fi/staff/events/%ld/edit", id);
    get(&st, edit, &r);
    assert_true(body_has(&r, "name=\"draft\" value=\"1\" checked"));
    tresp_free(&r);
    form[sizeof form / sizeof *form - 3] = NULL;   /* drop "draft", "1" */
    http_post_form(&st, edit, form, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    get(&anon, loc, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "name=\"email\""));
    tresp_free(&r);
    get(&res, "/fi/events", &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Luonnostyöpaja"));
    tresp_free(&r);
    free(tok);
    free(loc);
    tclient_free(&anon);
    tclient_free(&res);
    tclient_free(&st);
}

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

static void reminders_the_day_before_and_erasure_after_retention(void **state)
{
    (void)state;
    long id = add_event("Muistutustesti", 24 * 3, 2, 24 * 2, 10, NULL);
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    register_as(&c, "fi", id, "Muistettava", "muistettava@example.fi", "Tulkkaus", &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    tclient_free(&c);
    const char *reminders = "SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND subject LIKE 'Muistutus: tapahtuma on huomenna%'";
    /* three days before: no reminder yet */
    struct timespec ts = {1, 500 * 1000 * 1000};
    nanosleep(&ts, NULL);
    assert_int_equal(scalar(reminders, "muistettava@example.fi"), 0);

    /* 2.5 days later the event is within a day: one reminder, and only one */
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = "KOHTAAMO_CLOCK_OFFSET=216000";
    testsrv_start(&srv);
    assert_int_equal(wait_for(reminders, "muistettava@example.fi", 1, 10), 1);
    nanosleep(&ts, NULL);
    assert_int_equal(scalar(reminders, "muistettava@example.fi"), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE email = $1 AND reminded_at IS NOT NULL",
                            "muistettava@example.fi"), 1);

    /* 29 days after the event: kept */
    const char *kept = "SELECT COUNT(*) FROM event_registrations WHERE email = $1";
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = "KOHTAAMO_CLOCK_OFFSET=2764800";   /* 32 days from now = 29 after */
    testsrv_start(&srv);
    nanosleep(&ts, NULL);
    assert_int_equal(scalar(kept, "muistettava@example.fi"), 1);

    /* 31 days after: name, e-mail and needs erased, the row and its status stay */
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = "KOHTAAMO_CLOCK_OFFSET=2937600";   /* 34 days from now = 31 after */
    testsrv_start(&srv);
    assert_int_equal(wait_for(kept, "muistettava@example.fi", 0, 10), 0);
    char q[32];
    snprintf(q, sizeof q, "%ld", id);
    assert_int_equal(scalar("SELECT COUNT(*) FROM event_registrations WHERE event_id = CAST($1 AS INTEGER) "
                            "AND name IS NULL AND email IS NULL AND needs = '' AND erased_at IS NOT NULL "
                            "AND status = 'confirmed'", q), 1);
    assert_int_equal(testsrv_stop(&srv), 0);
    srv.extra_env[1] = NULL;
    testsrv_start(&srv);
}

/* The same job from the command line, for cron: with the server's own
 * maintenance thread running at the same time, still one reminder each. */
static void event_reminders_command_reminds_once(void **state)
{
    (void)state;
    long id = add_event("Komentorivitesti", 10, 1, 5, 10, NULL);
    db *d = testsrv_db(&srv);
    db_param p[] = {DB_INT(id), DB_INT((int64_t)time(NULL))};
    assert_int_equal(db_exec(d, "INSERT INTO event_registrations(event_id, name, email, lang, status, token, created_at) "
                                "VALUES($1, 'Komento', 'komento@example.fi', 'sv', 'confirmed', 'cli-test-token', $2)",
                             2, p), 0);
    db_close(d);
    buf out = BUF_INIT;
    const char *const cmd[] = {"event-reminders", NULL};
    assert_int_equal(run_cli(&srv, &out, cmd), 0);
    assert_non_null(strstr(out.data, "event-reminders queued"));
    buf_free(&out);
    const char *sql = "SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND subject LIKE 'Påminnelse: evenemanget är i morgon%'";
    assert_int_equal(wait_for(sql, "komento@example.fi", 1, 5), 1);
    assert_int_equal(run_cli(&srv, NULL, cmd), 0);
    struct timespec ts = {1, 200 * 1000 * 1000};
    nanosleep(&ts, NULL);
    assert_int_equal(scalar(sql, "komento@example.fi"), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = $1 AND body LIKE '%/sv/events/cancel/cli-test-token%'",
                            "komento@example.fi"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_and_pages_show_what_a_resident_needs),
        cmocka_unit_test(registration_confirms_by_email_and_rejects_bad_input),
        cmocka_unit_test(waiting_list_moves_up_when_someone_cancels),
        cmocka_unit_test(registration_closes_at_the_deadline),
        cmocka_unit_test(capacity_holds_under_parallel_registrations),
        cmocka_unit_test(icalendar_of_one_and_of_all),
        cmocka_unit_test(staff_create_edit_list_participants_and_summary),
        cmocka_unit_test(drafts_are_seen_by_staff_only),
        cmocka_unit_test(reminders_the_day_before_and_erasure_after_retention),
        cmocka_unit_test(event_reminders_command_reminds_once),
    };
    return cmocka_run_group_tests_name("events", tests, setup, teardown);
}
