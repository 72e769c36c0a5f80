/* Notifications as people see them: "Notifications (N)" in the header with
 * the unread count, the list in the reader's language (Finnish and
 * Swedish wording), marking read by following the link, what one follows
 * with unfollow buttons, and the opt-in daily e-mail digest: `kohtaamo
 * digest` queues one e-mail per opted-in person with the items and an
 * unsubscribe link, nothing more the same day, and the link works without
 * signing in and stops the digests. Runs on SQLite and PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "testsrv.h"
#include "participation/notifications.h"

static testsrv srv;
#define RESIDENT "asukas@kohtaamo.example"
#define RESIDENT_SV "invanare@kohtaamo.example"
#define ADMIN "admin@kohtaamo.example"
#define PASSWORD "kohtaamo-demo-2026"

static void exec1(const char *sql, const char *param)
{
    db *d = testsrv_db(&srv);
    db_param p[] = {DB_TEXT(param)};
    if (db_exec(d, sql, param ? 1 : 0, p) != 0) fail_msg("%s: %s", sql, db_error(d));
    db_close(d);
}

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, 0); }

/* Notifications for email at increasing times, oldest first. */
static void notify(const char *email, const char *kind, const char *title, const char *path, int64_t at)
{
    db *d = testsrv_db(&srv);
    db_param p[] = {DB_TEXT(kind), DB_TEXT(title), DB_TEXT(path), DB_INT(at), DB_TEXT(email)};
    if (db_exec(d, "INSERT INTO notifications (user_id, kind, title, path, created_at)"
                   " SELECT id, $1, $2, $3, $4 FROM users WHERE email = $5", 5, p) != 0)
        fail_msg("%s", db_error(d));
    db_close(d);
}

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    /* start from no notifications at all: the demo has a few */
    exec1("DELETE FROM notifications", NULL);
    exec1("DELETE FROM follows", NULL);
    notify(RESIDENT, "answer", "Lisää penkkejä terveysaseman pihalle", "/ideas/12#answer", 1700000000);
    notify(RESIDENT, "status", "Iltavastaanotto perhekeskukseen", "/ideas/13", 1700000100);
    notify(RESIDENT, "reply", "Chat-neuvonta", "/ideas/14#comment-40", 1700000200);
    notify(RESIDENT, "comment", "Kotihoidon etäkäynnit", "/ideas/15#comment-41", 1700000300);
    notify(RESIDENT, "statement", "Vanhusneuvoston lausunto kotihoidosta", "/groups/elderly-council/statements/1",
           1700000400);
    notify(RESIDENT, "event", "Työpaja Lohjalla", "/events/3", 1700000500);
    notify(RESIDENT_SV, "answer", "Fler bänkar vid hälsostationen", "/ideas/12#answer", 1700000000);
    notify(RESIDENT_SV, "summary", "Perhekeskusten aukioloajat / Familjecentrens öppettider", "/consultations/2",
           1700000100);
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

static void list_and_header_count_in_the_readers_language(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/notifications", NULL, &r);
    assert_int_equal(r.status, 303);   /* sign in first */
    tresp_free(&r);
    login_as(&c, "fi", RESIDENT, PASSWORD);
    http_get(&c, "/fi/", NULL, &r);
    assert_true(body_has(&r, "<a href=\"/fi/notifications\">Ilmoitukset (6)</a>"));
    tresp_free(&r);
    http_get(&c, "/fi/notifications", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Uusi virallinen vastaus: ”Lisää penkkejä terveysaseman pihalle”"));
    assert_true(body_has(&r, "Tila muuttui: ”Iltavastaanotto perhekeskukseen”"));
    assert_true(body_has(&r, "Uusi vastaus kommenttiisi: ”Chat-neuvonta”"));
    assert_true(body_has(&r, "Uusi kommentti: ”Kotihoidon etäkäynnit”"));
    assert_true(body_has(&r, "Uusi lausunto: Vanhusneuvoston lausunto kotihoidosta"));
    assert_true(body_has(&r, "Tapahtuma: Työpaja Lohjalla"));
    assert_false(body_has(&r, "Fler bänkar"));   /* someone else's */
    /* newest first */
    const char *event = strstr(r.body.data, "Tapahtuma: Työpaja Lohjalla");
    const char *answer = strstr(r.body.data, "Uusi virallinen vastaus");
    assert_true(event && answer && event < answer);
    tresp_free(&r);
    tclient_free(&c);

    tclient_init(&c, &srv);
    login_as(&c, "sv", RESIDENT_SV, PASSWORD);
    http_get(&c, "/sv/notifications", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<a href=\"/sv/notifications\">Meddelanden (2)</a>"));
    assert_true(body_has(&r, "Nytt officiellt svar: ”Fler bänkar vid hälsostationen”"));
    assert_true(body_has(&r, "Sammanfattning publicerad: Perhekeskusten aukioloajat / Familjecentrens öppettider"));
    tresp_free(&r);
    tclient_free(&c);
}

static int64_t notification_id(const char *title)
{
    return scalar("SELECT id FROM notifications WHERE title = $1", title);
}

static void following_a_notification_marks_it_read(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", RESIDENT, PASSWORD);
    char *tok = fetch_csrf(&c, "/fi/notifications");
    const char *pairs[] = {"csrf", tok, NULL};
    char path[96];
    snprintf(path, sizeof path, "/fi/notifications/%lld/read", (long long)notification_id("Chat-neuvonta"));
    tresp r;
    http_post_form(&c, path, pairs, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    assert_string_equal(loc, "/fi/ideas/14#comment-40");
    free(loc);
    tresp_free(&r);
    http_get(&c, "/fi/notifications", NULL, &r);
    assert_true(body_has(&r, "Ilmoitukset (5)"));
    tresp_free(&r);

    /* another person's notification is not there for you */
    snprintf(path, sizeof path, "/fi/notifications/%lld/read",
             (long long)notification_id("Fler bänkar vid hälsostationen"));
    http_post_form(&c, path, pairs, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM notifications WHERE read_at IS NOT NULL AND title = $1",
                            "Fler bänkar vid hälsostationen"), 0);
    /* without the token: refused */
    const char *none[] = {"x", "1", NULL};
    http_post_form(&c, "/fi/notifications/read-all", none, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);

    http_post_form(&c, "/fi/notifications/read-all", pairs, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_get(&c, "/fi/", NULL, &r);
    assert_true(body_has(&r, "Ilmoitukset (0)"));
    tresp_free(&r);
    /* the Swedish reader's are untouched */
    assert_int_equal(scalar("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                            " WHERE n.read_at IS NULL AND u.email = $1", RESIDENT_SV), 2);
    free(tok);
    tclient_free(&c);
}

static void follows_are_listed_with_unfollow_buttons(void **state)
{
    (void)state;
    exec1("INSERT INTO follows (user_id, target_type, target_id, created_at)"
          " SELECT u.id, 'space', s.id, 10 FROM users u, spaces s WHERE u.email = $1 AND s.slug = 'mental-health'",
          RESIDENT);
    exec1("INSERT INTO follows (user_id, target_type, target_id, created_at)"
          " SELECT u.id, 'draft', d.id, 20 FROM users u, drafts d WHERE u.email = $1"
          " AND d.title_fi = 'Palvelustrategia 2027–2030 (luonnos)'", RESIDENT);
    exec1("INSERT INTO follows (user_id, target_type, target_id, created_at)"
          " SELECT u.id, 'event', MIN(e.id), 30 FROM users u, events e WHERE u.email = $1 GROUP BY u.id", RESIDENT);
    int64_t event_id = scalar("SELECT MIN(id) FROM events WHERE id > CAST($1 AS INTEGER)", "0");
    assert_true(event_id > 0);
    int64_t space_id = scalar("SELECT id FROM spaces WHERE slug = $1", "mental-health");
    int64_t draft_id = scalar("SELECT id FROM drafts WHERE title_fi = $1", "Palvelustrategia 2027–2030 (luonnos)");
    assert_true(space_id > 0 && draft_id > 0);
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "sv", RESIDENT, PASSWORD);
    tresp r;
    http_get(&c, "/sv/notifications", NULL, &r);
    assert_int_equal(r.status, 200);
    char link[128];
    snprintf(link, sizeof link, "<a href=\"/sv/consultations/%lld\">Servicestrategi 2027–2030 (utkast)</a>",
             (long long)draft_id);
    assert_true(body_has(&r, link));
    assert_true(body_has(&r, "<a href=\"/sv/spaces/mental-health\">"));
    char ev[64];
    snprintf(ev, sizeof ev, "<a href=\"/sv/events/%lld\">", (long long)event_id);
    assert_true(body_has(&r, ev));   /* an event, by its title */
    strcat(ev, "</a>");
    assert_false(body_has(&r, ev));
    assert_true(body_has(&r, "Sluta följa<span class=\"visually-hidden\">: Servicestrategi 2027–2030 (utkast)</span>"));
    tresp_free(&r);
    char *tok = fetch_csrf(&c, "/sv/notifications");
    char id[32];
    snprintf(id, sizeof id, "%lld", (long long)draft_id);
    const char *unf[] = {"csrf", tok, "target_type", "draft", "target_id", id, NULL};
    http_post_form(&c, "/sv/notifications/unfollow", unf, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_get(&c, "/sv/notifications", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_false(body_has(&r, link));
    assert_true(body_has(&r, "<a href=\"/sv/spaces/mental-health\">"));
    tresp_free(&r);
    const char *bad[] = {"csrf", tok, "target_type", "users", "target_id", id, NULL};
    http_post_form(&c, "/sv/notifications/unfollow", bad, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

static void opt_in(const char *lang, const char *email)
{
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, lang, email, PASSWORD);
    char path[64];
    snprintf(path, sizeof path, "/%s/notifications/settings", lang);
    tresp r;
    http_get(&c, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_false(body_has(&r, "checked"));
    tresp_free(&r);
    char *tok = fetch_csrf(&c, path);
    const char *on[] = {"csrf", tok, "daily_digest", "1", NULL};
    http_post_form(&c, path, on, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_get(&c, path, NULL, &r);
    assert_true(body_has(&r, "name=\"daily_digest\" value=\"1\" aria-describedby=\"digest-hint\" checked"));
    tresp_free(&r);
    free(tok);
    tclient_free(&c);
}

static int64_t mails_to(const char *email) { return scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = $1", email); }

static char *last_mail(const char *email)
{
    db *d = testsrv_db(&srv);
    arena a;
    arena_init(&a);
    db_result res;
    db_param p[] = {DB_TEXT(email)};
    assert_int_equal(db_query(d, &a, &res, "SELECT subject || '\n' || body FROM outbox WHERE to_addr = $1"
                                           " ORDER BY id DESC LIMIT 1", 1, p), 0);
    assert_int_equal(res.nrows, 1);
    char *out = strdup(db_cell(&res, 0, 0));
    arena_free_all(&a);
    db_close(d);
    return out;
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

static void daily_digest_once_a_day_with_one_click_unsubscribe(void **state)
{
    (void)state;
    /* the Finnish reader read hers above: two new ones for the digest */
    notify(RESIDENT, "comment", "Nuorten chat iltaisin", "/ideas/21#comment-70", 1700001000);
    notify(RESIDENT, "summary", "Palvelustrategia / Servicestrategi", "/consultations/1#c-summary", 1700001100);
    opt_in("fi", RESIDENT);
    opt_in("sv", RESIDENT_SV);
    /* admin opts in too but has no notifications: no empty mail */
    exec1("INSERT INTO notification_settings (user_id, daily_digest, unsubscribe_token)"
          " SELECT id, 1, 'admin-token-0123456789abcdef' FROM users WHERE email = $1", ADMIN);
    int64_t before = scalar("SELECT COUNT(*) FROM outbox WHERE to_addr <> $1", "");

    digest(NULL);
    assert_int_equal(mails_to(RESIDENT), 1);
    assert_int_equal(mails_to(RESIDENT_SV), 1);
    assert_int_equal(mails_to(ADMIN), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr <> $1", ""), before + 2);
    char *fi = last_mail(RESIDENT);
    assert_non_null(strstr(fi, "Kohtaamon ilmoituksesi\n"));
    assert_non_null(strstr(fi, "Uusi kommentti: ”Nuorten chat iltaisin”\n  http://127.0.0.1:8080/fi/ideas/21#comment-70"));
    assert_non_null(strstr(fi, "Yhteenveto julkaistu: Palvelustrategia / Servicestrategi"));
    assert_null(strstr(fi, "Chat-neuvonta"));   /* read already: not in the digest */
    const char *u = strstr(fi, "http://127.0.0.1:8080/fi/unsubscribe/");
    assert_non_null(u);
    char unsub[160];
    snprintf(unsub, sizeof unsub, "%.*s", (int)strcspn(u + 21, "\n"), u + 21);   /* the path */
    free(fi);
    char *sv = last_mail(RESIDENT_SV);
    assert_non_null(strstr(sv, "Dina meddelanden i Kohtaamo\n"));
    assert_non_null(strstr(sv, "Nytt officiellt svar: ”Fler bänkar vid hälsostationen”"));
    const char *sv_link = strstr(sv, "http://127.0.0.1:8080/sv/unsubscribe/");
    assert_non_null(sv_link);
    char sv_unsub[200];
    snprintf(sv_unsub, sizeof sv_unsub, "%.*s", (int)strcspn(sv_link, "\n"), sv_link);
    free(sv);
    /* the same address goes in the List-Unsubscribe header (RFC 8058) */
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE to_addr = 'invanare@kohtaamo.example'"
                            " AND list_unsubscribe = $1", sv_unsub), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM outbox WHERE list_unsubscribe IS NOT NULL"
                            " AND to_addr <> $1 AND to_addr <> 'invanare@kohtaamo.example'", RESIDENT), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                            " WHERE n.digested_at IS NOT NULL AND u.email = $1", RESIDENT), 2);

    /* the same day: nothing, even with something new */
    notify(RESIDENT, "event", "Perhekeskuksen avoimet ovet", "/events/5", 1700002000);
    digest(NULL);
    assert_int_equal(mails_to(RESIDENT), 1);
    assert_int_equal(mails_to(RESIDENT_SV), 1);
    /* a day later: the new one only */
    digest("KOHTAAMO_CLOCK_OFFSET=90000");
    assert_int_equal(mails_to(RESIDENT), 2);
    assert_int_equal(mails_to(RESIDENT_SV), 1);   /* nothing new for him */
    fi = last_mail(RESIDENT);
    assert_non_null(strstr(fi, "Tapahtuma: Perhekeskuksen avoimet ovet"));
    assert_null(strstr(fi, "Nuorten chat iltaisin"));
    free(fi);

    /* the link works without signing in: a confirmation button, then off */
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, unsub, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Lopeta kooste"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT daily_digest FROM notification_settings s JOIN users u ON u.id = s.user_id"
                            " WHERE u.email = $1", RESIDENT), 1);   /* GET changes nothing */
    char *tok = fetch_csrf(&c, unsub);
    const char *yes[] = {"csrf", tok, NULL};
    http_post_form(&c, unsub, yes, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Valmis: et enää saa päivittäistä koostetta sähköpostiisi."));
    tresp_free(&r);
    free(tok);
    http_get(&c, "/fi/unsubscribe/not-a-real-token-at-all", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    tclient_free(&c);

    notify(RESIDENT, "event", "Syysretki", "/events/6", 1700003000);
    notify(RESIDENT_SV, "event", "Höstutflykt", "/events/6", 1700003000);
    digest("KOHTAAMO_CLOCK_OFFSET=200000");
    assert_int_equal(mails_to(RESIDENT), 2);      /* unsubscribed: no more */
    assert_int_equal(mails_to(RESIDENT_SV), 2);   /* still subscribed */

    /* a mail client's one-click POST: no cookie, no CSRF token, only the
     * RFC 8058 body; any other body without a token is still refused */
    const char *sv_path = sv_unsub + strlen("http://127.0.0.1:8080");
    tclient mailer;
    tclient_init(&mailer, &srv);
    const char *urlencoded = "application/x-www-form-urlencoded";
    http_request(&mailer, "POST", sv_path, urlencoded, "List-Unsubscribe=Please", 23, NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT daily_digest FROM notification_settings s JOIN users u ON u.id = s.user_id"
                            " WHERE u.email = $1", RESIDENT_SV), 1);
    http_request(&mailer, "POST", sv_path, urlencoded, "List-Unsubscribe=One-Click", 26, NULL, &r);
    assert_int_equal(r.status, 200);
    tresp_free(&r);
    tclient_free(&mailer);
    assert_int_equal(scalar("SELECT daily_digest FROM notification_settings s JOIN users u ON u.id = s.user_id"
                            " WHERE u.email = $1", RESIDENT_SV), 0);
    notify(RESIDENT_SV, "event", "Vinterutflykt", "/events/7", 1700004000);
    digest("KOHTAAMO_CLOCK_OFFSET=300000");
    assert_int_equal(mails_to(RESIDENT_SV), 2);   /* no more */
}

/* The number of notifications on a page, which must have been found. */
static int count_items(const tresp *r)
{
    assert_int_equal(r->status, 200);
    int n = 0;
    for (const char *p = r->body.data; p && (p = strstr(p, "<li class=\"notification")) != NULL; p++) n++;
    return n;
}

/* The href of the link with the given text, &amp; decoded; malloc'd or NULL. */
static char *link_before(const tresp *r, const char *text)
{
    const char *t = strstr(r->body.data, text);
    if (!t) return NULL;
    const char *h = t;
    while (h > r->body.data && strncmp(h, "href=\"", 6) != 0) h--;
    h += 6;
    const char *q = strchr(h, '"');
    char *out = malloc((size_t)(q - h) + 1), *o = out;
    for (const char *c = h; c < q; c++) {
        if (strncmp(c, "&amp;", 5) == 0) c += 4;
        *o++ = *c;
    }
    *o = '\0';
    return out;
}

/* Thirty a page, newest first, with a link to older ones; a notification
 * more than a year old is deleted by the hourly purge. */
static void long_lists_page_and_year_old_notifications_go(void **state)
{
    (void)state;
    const char *who = "maija.lehto@kohtaamo.example";
    int64_t now = (int64_t)time(NULL);
    notify(who, "event", "Vuoden vanha työpaja", "/events/3", now - 400 * 86400);
    for (int i = 1; i <= 40; i++) {
        char title[64];
        snprintf(title, sizeof title, "Ilmoitus numero %02d", i);
        notify(who, "status", title, "/ideas/13", now - 100 * 86400 + i * 60);
    }
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", who, PASSWORD);
    tresp r;
    http_get(&c, "/fi/notifications", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(count_items(&r), 30);
    assert_true(body_has(&r, "Ilmoitus numero 40"));     /* newest first */
    assert_true(body_has(&r, "Ilmoitus numero 11"));
    assert_false(body_has(&r, "Ilmoitus numero 10"));
    assert_false(body_has(&r, "Uusimmat ilmoitukset"));
    char *older = link_before(&r, "Vanhemmat ilmoitukset");
    assert_non_null(older);
    tresp_free(&r);

    http_get(&c, older, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(count_items(&r), 11);
    assert_true(body_has(&r, "Ilmoitus numero 10"));
    assert_true(body_has(&r, "Vuoden vanha työpaja"));
    assert_false(body_has(&r, "Ilmoitus numero 11"));
    assert_false(body_has(&r, "Vanhemmat ilmoitukset"));
    assert_true(body_has(&r, "Uusimmat ilmoitukset"));
    tresp_free(&r);

    db *d = testsrv_db(&srv);
    /* the fixtures of the tests above date from 2023: they go too */
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM notifications WHERE created_at < %lld",
             (long long)(now - 365 * 86400));
    int64_t older_than_a_year = scalar(sql, NULL);
    assert_true(older_than_a_year >= 1);
    assert_int_equal(notifications_purge_expired(d, now, NOTIFICATIONS_RETENTION_DAYS), older_than_a_year);
    db_close(d);
    assert_int_equal(scalar("SELECT COUNT(*) FROM notifications", NULL), 40);
    http_get(&c, older, NULL, &r);
    assert_int_equal(count_items(&r), 10);
    assert_false(body_has(&r, "Vuoden vanha työpaja"));
    tresp_free(&r);
    free(older);

    http_get(&c, "/fi/notifications?before=eilen", NULL, &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_and_header_count_in_the_readers_language),
        cmocka_unit_test(following_a_notification_marks_it_read),
        cmocka_unit_test(follows_are_listed_with_unfollow_buttons),
        cmocka_unit_test(daily_digest_once_a_day_with_one_click_unsubscribe),
        cmocka_unit_test(long_lists_page_and_year_old_notifications_go),
    };
    return cmocka_run_group_tests_name("notifications", tests, setup, teardown);
}
