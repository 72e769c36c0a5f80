/* Moderation: anyone reports, a moderator sees the report in the queue,
 * hides the content with a reason that the public page shows in its place,
 * restores it; blocks an account (the blocked person sees the end date when
 * trying to post); the log lists every action; residents get 403 and space
 * moderators see only their spaces. Runs on SQLite and PostgreSQL. */
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

static testsrv srv;
#define PASSWORD "kohtaamo-demo-2026"
#define RESIDENT "asukas@kohtaamo.example"
#define RESIDENT_SV "invanare@kohtaamo.example"
#define MODERATOR "moderaattori@kohtaamo.example"
#define SPACE_MOD "puistovahti@kohtaamo.example"

static int64_t idea_id, other_idea_id;

static int64_t scalar(const char *sql, const char *param) { return testsrv_scalar(&srv, sql, param, 0); }

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    db *d = testsrv_db(&srv);
    char err[256];
    if (account_create(d, SPACE_MOD, "Pia Puistovahti", PASSWORD, "resident", "fi", (int64_t)time(NULL), err,
                       sizeof err) < 0)
        fail_msg("account_create: %s", err);
    testdb_exec(d, "INSERT INTO spaces (slug, title_fi, policy_comment, created_at) VALUES ('mt-puistot', 'Puistot', 'registered', 0)", 0, NULL);
    testdb_exec(d, "INSERT INTO spaces (slug, title_fi, policy_comment, created_at) VALUES ('mt-kirjastot', 'Kirjastot', 'registered', 0)", 0, NULL);
    testdb_exec(d, "INSERT INTO space_phases (space_id, kind, starts_at, allow_ideas, allow_positions, allow_comments)"
                   " SELECT id, 'collecting', 0, 1, 1, 1 FROM spaces WHERE slug IN ('mt-puistot', 'mt-kirjastot')", 0, NULL);
    testdb_exec(d, "INSERT INTO ideas (space_id, user_id, title, body, created_at, updated_at)"
                   " SELECT s.id, u.id, 'Koirapuisto Kirkkonummelle', 'Aidattu koirapuisto keskustaan.', 0, 0"
                   " FROM spaces s, users u WHERE s.slug = 'mt-puistot' AND u.email = 'asukas@kohtaamo.example'", 0, NULL);
    testdb_exec(d, "INSERT INTO ideas (space_id, user_id, title, body, created_at, updated_at)"
                   " SELECT s.id, u.id, 'Kirjastoauto Inkooseen', 'Kirjastoauto kylille.', 0, 0"
                   " FROM spaces s, users u WHERE s.slug = 'mt-kirjastot' AND u.email = 'invanare@kohtaamo.example'", 0, NULL);
    testdb_exec(d, "INSERT INTO space_moderators (space_id, user_id) SELECT s.id, u.id FROM spaces s, users u"
                   " WHERE s.slug = 'mt-puistot' AND u.email = 'puistovahti@kohtaamo.example'", 0, NULL);
    db_close(d);
    idea_id = scalar("SELECT id FROM ideas WHERE title = $1", "Koirapuisto Kirkkonummelle");
    other_idea_id = scalar("SELECT id FROM ideas WHERE title = $1", "Kirjastoauto Inkooseen");
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

static char *token(tclient *c)
{
    char p[96];
    snprintf(p, sizeof p, "/fi/report?type=idea&id=%lld", (long long)idea_id);
    return fetch_csrf(c, p);
}

static int64_t post_comment(tclient *c, int64_t idea, const char *body)
{
    char *tok = token(c);
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)idea);
    const char *pairs[] = {"csrf", tok, "target_type", "idea", "target_id", ids, "body", body, NULL};
    tresp r;
    http_post_form(c, "/fi/comments", pairs, &r);
    free(tok);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    int64_t id = strtoll(strstr(loc, "#comment-") + 9, NULL, 10);
    free(loc);
    tresp_free(&r);
    return id;
}

static void report(tclient *c, const char *type, int64_t id, const char *reason, const char *details, tresp *r)
{
    char *tok = token(c);
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    const char *pairs[] = {"csrf", tok, "type", type, "id", ids, "reason", reason, "details", details, NULL};
    http_post_form(c, "/fi/report", pairs, r);
    free(tok);
}

static void act(tclient *c, const char *type, int64_t id, const char *action, const char *reason, tresp *r)
{
    char *tok = token(c);
    char path[96];
    snprintf(path, sizeof path, "/fi/moderation/%s/%lld", type, (long long)id);
    const char *pairs[] = {"csrf", tok, "action", action, "reason", reason, NULL};
    http_post_form(c, path, pairs, r);
    free(tok);
}

static void report_hide_and_restore_a_comment(void **state)
{
    (void)state;
    tclient author, anon, mod;
    tclient_init(&author, &srv);
    tclient_init(&anon, &srv);
    tclient_init(&mod, &srv);
    login_as(&author, "fi", RESIDENT, PASSWORD);
    login_as(&mod, "fi", MODERATOR, PASSWORD);
    int64_t cid = post_comment(&author, idea_id, "Olette kaikki *idiootteja*.");
    int64_t reply = 0;
    {
        tclient b;
        tclient_init(&b, &srv);
        login_as(&b, "sv", RESIDENT_SV, PASSWORD);
        char *tok = token(&b);
        char ids[24], ps[24];
        snprintf(ids, sizeof ids, "%lld", (long long)idea_id);
        snprintf(ps, sizeof ps, "%lld", (long long)cid);
        const char *pairs[] = {"csrf", tok, "target_type", "idea", "target_id", ids, "parent_id", ps,
                               "body", "Det där var onödigt.", NULL};
        tresp r;
        http_post_form(&b, "/sv/comments", pairs, &r);
        assert_int_equal(r.status, 303);
        tresp_free(&r);
        free(tok);
        tclient_free(&b);
        reply = scalar("SELECT MAX(id) FROM comments", NULL);
    }
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)idea_id);
    assert_int_equal(scalar("SELECT comment_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 2);

    /* anyone may report: the form, a missing reason, then a report */
    char path[96];
    snprintf(path, sizeof path, "/fi/report?type=comment&id=%lld", (long long)cid);
    tresp r;
    http_get(&anon, path, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<legend>Miksi ilmoitat tästä?"));
    assert_true(body_has(&r, "Olette kaikki *idiootteja*."));
    assert_true(body_has(&r, "/fi/code-of-conduct"));
    tresp_free(&r);
    report(&anon, "comment", cid, "", "Nimittelyä", &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Valitse, miksi ilmoitat tästä."));
    assert_true(body_has(&r, ">Nimittelyä</textarea>"));
    tresp_free(&r);
    report(&anon, "comment", cid, "other", "  ", &r);
    assert_int_equal(r.status, 400);
    tresp_free(&r);
    report(&anon, "comment", cid, "harassment", "Nimittelyä", &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    report(&author, "comment", cid, "hate", "", &r);   /* signed in: only the account id is kept */
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM reports WHERE target_type = 'comment' AND reporter_user_id IS NULL"
                            " AND details = $1", "Nimittelyä"), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM reports r JOIN users u ON u.id = r.reporter_user_id"
                            " WHERE u.email = $1 AND r.reason = 'hate'", RESIDENT), 1);
    report(&anon, "comment", 999999, "spam", "", &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);

    /* the queue groups both reports under the comment */
    http_get(&mod, "/fi/moderation", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Olette kaikki <em>idiootteja</em>."));
    assert_true(body_has(&r, "Ilmoituksia: 2"));
    assert_true(body_has(&r, "Häirintä tai loukkaaminen"));
    assert_true(body_has(&r, "Vihapuhe tai syrjintä"));
    tresp_free(&r);

    /* hiding needs a reason */
    act(&mod, "comment", cid, "hide", "", &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Kirjoita piilottamisen syy"));
    tresp_free(&r);
    act(&mod, "comment", cid, "hide", "Muiden nimittely", &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT comment_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 1);
    char cids[24];
    snprintf(cids, sizeof cids, "%lld", (long long)cid);
    assert_int_equal(scalar("SELECT COUNT(*) FROM reports WHERE resolution = 'hidden' AND target_type = 'comment'"
                            " AND target_id = CAST($1 AS INTEGER)", cids), 2);

    /* the public page shows the reason in place of the comment; the reply stays */
    char page[64];
    snprintf(page, sizeof page, "/fi/ideas/%lld", (long long)idea_id);
    http_get(&anon, page, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Moderaattori on piilottanut: Muiden nimittely"));
    assert_false(body_has(&r, "idiootteja"));
    assert_true(body_has(&r, "Det där var onödigt."));
    char anchor[48];
    snprintf(anchor, sizeof anchor, "id=\"comment-%lld\"", (long long)reply);
    assert_true(body_has(&r, anchor));
    tresp_free(&r);

    /* the queue has no open report now, and offers to restore */
    http_get(&mod, "/fi/moderation", NULL, &r);
    char item_id[64];
    snprintf(item_id, sizeof item_id, "id=\"item-comment-%lld\"", (long long)cid);
    const char *hidden_section = strstr(r.body.data, "id=\"hidden-content\"");
    const char *item = strstr(r.body.data, item_id);
    assert_non_null(hidden_section);
    assert_non_null(item);
    assert_true(item > hidden_section);   /* listed only under hidden content */
    assert_null(strstr(item + 1, item_id));
    assert_non_null(strstr(item, "Muiden nimittely"));
    tresp_free(&r);
    act(&mod, "comment", cid, "restore", "Virheellinen piilotus", &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    http_get(&anon, page, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "idiootteja"));
    assert_false(body_has(&r, "Muiden nimittely"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT comment_count FROM ideas WHERE id = CAST($1 AS INTEGER)", ids), 2);

    /* a report kept: dismissed, content stays */
    report(&anon, "idea", idea_id, "spam", "", &r);
    tresp_free(&r);
    act(&mod, "idea", idea_id, "keep", "", &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM reports WHERE target_type = 'idea' AND resolution = 'kept'"
                            " AND target_id = CAST($1 AS INTEGER)", ids), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM ideas WHERE hidden_at IS NOT NULL AND id = CAST($1 AS INTEGER)", ids), 0);

    /* hiding an idea writes the idea's columns, which its page shows */
    act(&mod, "idea", idea_id, "hide", "Mainos", &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM ideas WHERE hidden_reason = $1", "Mainos"), 1);
    http_get(&anon, page, NULL, &r);
    assert_true(body_has(&r, "Mainos"));
    tresp_free(&r);
    act(&mod, "idea", idea_id, "restore", "", &r);
    tresp_free(&r);

    /* the log lists every action with the moderator */
    http_get(&mod, "/fi/moderation/log", NULL, &r);
    assert_int_equal(r.status, 200);
    char row[256];
    snprintf(row, sizeof row, "<td>Sara Holmström</td><td>Piilotettu</td><td><a href=\"/fi/ideas/%lld#comment-%lld\">"
             "Kommentti #%lld</a></td><td>Muiden nimittely</td>", (long long)idea_id, (long long)cid, (long long)cid);
    assert_true(body_has(&r, row));
    assert_true(body_has(&r, "<td>Palautettu näkyviin</td>"));
    assert_true(body_has(&r, "<td>Virheellinen piilotus</td>"));
    assert_true(body_has(&r, "Ilmoitukset hylätty, sisältö jätetty näkyviin"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM moderation_log WHERE moderator_id IS NOT NULL AND created_at > 1"
                            " AND ((target_type = 'comment' AND target_id = CAST($1 AS INTEGER)))", cids), 2);
    assert_int_equal(scalar("SELECT COUNT(*) FROM moderation_log WHERE target_type = 'idea' AND target_id = CAST($1 AS INTEGER)", ids), 3);
    tclient_free(&author);
    tclient_free(&anon);
    tclient_free(&mod);
}

static void queue_and_log_are_for_moderators_only(void **state)
{
    (void)state;
    tclient anon, res;
    tclient_init(&anon, &srv);
    tclient_init(&res, &srv);
    tresp r;
    http_get(&anon, "/fi/moderation", NULL, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    login_as(&res, "fi", RESIDENT, PASSWORD);
    http_get(&res, "/fi/", NULL, &r);   /* no way in from the menu either */
    assert_int_equal(r.status, 200);
    assert_false(body_has(&r, "href=\"/fi/moderation\""));
    tresp_free(&r);
    tclient mod;
    tclient_init(&mod, &srv);
    login_as(&mod, "fi", MODERATOR, PASSWORD);
    http_get(&mod, "/fi/", NULL, &r);
    assert_true(body_has(&r, "<a href=\"/fi/moderation\">Moderointi</a>"));
    tresp_free(&r);
    tclient_free(&mod);
    http_get(&res, "/fi/moderation", NULL, &r);
    assert_int_equal(r.status, 403);
    assert_true(body_has(&r, "Vain moderaattorit näkevät moderointijonon."));
    tresp_free(&r);
    http_get(&res, "/fi/moderation/log", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    http_get(&res, "/fi/moderation/blocks", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    act(&res, "idea", idea_id, "hide", "Ei saa", &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM ideas WHERE hidden_reason = $1", "Ei saa"), 0);
    tclient_free(&anon);
    tclient_free(&res);
}

static void space_moderator_sees_only_their_spaces(void **state)
{
    (void)state;
    tclient anon, sm;
    tclient_init(&anon, &srv);
    tclient_init(&sm, &srv);
    tresp r;
    report(&anon, "idea", idea_id, "spam", "Puistoidean raportti", &r);
    tresp_free(&r);
    report(&anon, "idea", other_idea_id, "spam", "Kirjastoidean raportti", &r);
    tresp_free(&r);
    login_as(&sm, "fi", SPACE_MOD, PASSWORD);
    http_get(&sm, "/fi/moderation", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Puistoidean raportti"));
    assert_false(body_has(&r, "Kirjastoidean raportti"));
    assert_false(body_has(&r, "/fi/moderation/log"));   /* the log is for county moderators */
    tresp_free(&r);
    act(&sm, "idea", other_idea_id, "hide", "Ei minun tilani", &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    /* blocking is for county moderators */
    char *tok = token(&sm);
    char path[96];
    snprintf(path, sizeof path, "/fi/moderation/idea/%lld/block", (long long)idea_id);
    const char *pairs[] = {"csrf", tok, "days", "7", "reason", "Kokeilu", NULL};
    http_post_form(&sm, path, pairs, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    free(tok);
    act(&sm, "idea", idea_id, "keep", "", &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM reports WHERE details = $1 AND resolution = 'kept'", "Puistoidean raportti"), 1);
    assert_int_equal(scalar("SELECT COUNT(*) FROM reports WHERE details = $1 AND resolved_at IS NULL", "Kirjastoidean raportti"), 1);
    tclient_free(&anon);
    tclient_free(&sm);
}

/* "D.M.YYYY" of t in local time, as the server writes it. */
static void day_of(time_t t, char *out, size_t n)
{
    struct tm tm;
    localtime_r(&t, &tm);
    snprintf(out, n, "%d.%d.%d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

static void blocked_account_cannot_post_and_sees_until_when(void **state)
{
    (void)state;
    tclient author, mod;
    tclient_init(&author, &srv);
    tclient_init(&mod, &srv);
    login_as(&author, "sv", RESIDENT_SV, PASSWORD);
    login_as(&mod, "fi", MODERATOR, PASSWORD);
    int64_t cid = post_comment(&author, other_idea_id, "Köp billiga klockor här!");
    char *tok = token(&mod);
    char path[96];
    snprintf(path, sizeof path, "/fi/moderation/comment/%lld/block", (long long)cid);
    tresp r;
    const char *bad[] = {"csrf", tok, "days", "7", "reason", "", NULL};
    http_post_form(&mod, path, bad, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Kirjoita eston syy."));
    tresp_free(&r);
    time_t before = time(NULL);
    const char *pairs[] = {"csrf", tok, "days", "7", "reason", "Toistuvaa mainontaa", NULL};
    http_post_form(&mod, path, pairs, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    time_t after = time(NULL);
    free(tok);

    /* the author tries to post: refused, with the end date */
    char *atok = token(&author);
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)other_idea_id);
    const char *post[] = {"csrf", atok, "target_type", "idea", "target_id", ids, "body", "Ännu en gång", NULL};
    http_post_form(&author, "/sv/comments", post, &r);
    assert_int_equal(r.status, 403);
    char d1[48], d2[48], want1[160], want2[160];
    day_of(before + 7 * 86400, d1, sizeof d1);
    day_of(after + 7 * 86400, d2, sizeof d2);
    snprintf(want1, sizeof want1, "Ditt konto är spärrat från att delta till och med %s ", d1);
    snprintf(want2, sizeof want2, "Ditt konto är spärrat från att delta till och med %s ", d2);
    assert_true(body_has(&r, want1) || body_has(&r, want2));
    /* the text is kept on the page, to copy */
    assert_true(body_has(&r, "<label for=\"kept-body\">Din kommentar</label>"));
    assert_true(body_has(&r, ">Ännu en gång</textarea>"));
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM comments WHERE body = $1", "Ännu en gång"), 0);
    /* the idea page says the same instead of the form */
    char page[64];
    snprintf(page, sizeof page, "/sv/ideas/%lld", (long long)other_idea_id);
    http_get(&author, page, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, want1) || body_has(&r, want2));
    tresp_free(&r);

    /* listed, logged, and lifted */
    http_get(&mod, "/fi/moderation/blocks", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Erik Nyström"));
    assert_true(body_has(&r, "Toistuvaa mainontaa"));
    const char *lift = strstr(r.body.data, "/fi/moderation/blocks/");
    assert_non_null(lift);
    char lift_path[96];
    snprintf(lift_path, sizeof lift_path, "%.*s", (int)strcspn(lift, "\""), lift);
    tresp_free(&r);
    http_get(&mod, "/fi/moderation/log", NULL, &r);
    assert_true(body_has(&r, "<td>Tili estetty</td><td>Käyttäjätili: Erik Nyström</td>"));
    tresp_free(&r);
    tok = token(&mod);
    const char *lp[] = {"csrf", tok, NULL};
    http_post_form(&mod, lift_path, lp, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(tok);
    http_post_form(&author, "/sv/comments", post, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(atok);
    assert_int_equal(scalar("SELECT COUNT(*) FROM moderation_log WHERE action = 'unblock'", NULL), 1);
    tclient_free(&author);
    tclient_free(&mod);
}

static void a_position_argument_is_hidden_but_the_stance_counts(void **state)
{
    (void)state;
    db *d = testsrv_db(&srv);
    db_param p[] = {DB_INT(idea_id), DB_TEXT(RESIDENT_SV)};
    assert_int_equal(db_exec(d, "INSERT INTO positions (idea_id, user_id, stance, argument, created_at, updated_at)"
                                " SELECT $1, id, 'for', 'Ring min firma på 040 111 2222, vi bygger hundparker!', 0, 0"
                                " FROM users WHERE email = $2", 2, p), 0);
    db_close(d);
    int64_t pid = scalar("SELECT MAX(id) FROM positions", NULL);
    tclient anon, mod;
    tclient_init(&anon, &srv);
    tclient_init(&mod, &srv);
    tresp r;
    report(&anon, "position", pid, "spam", "", &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    login_as(&mod, "fi", MODERATOR, PASSWORD);
    http_get(&mod, "/fi/moderation", NULL, &r);
    assert_true(body_has(&r, "Ring min firma"));
    tresp_free(&r);
    act(&mod, "position", pid, "hide", "Mainontaa", &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    char page[64];
    snprintf(page, sizeof page, "/fi/ideas/%lld", (long long)idea_id);
    http_get(&anon, page, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Moderaattori on piilottanut: Mainontaa"));
    assert_false(body_has(&r, "Ring min firma"));
    tresp_free(&r);
    char ps[24];
    snprintf(ps, sizeof ps, "%lld", (long long)pid);
    assert_int_equal(scalar("SELECT COUNT(*) FROM positions WHERE stance = 'for' AND hidden_at IS NOT NULL"
                            " AND id = CAST($1 AS INTEGER)", ps), 1);
    tclient_free(&anon);
    tclient_free(&mod);
}

static void code_of_conduct_in_three_languages(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/code-of-conduct", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Osallistumisen pelisäännöt</h1>"));
    assert_true(body_has(&r, "Miten päätökseen voi hakea muutosta"));
    assert_true(body_has(&r, "href=\"/fi/feedback\""));
    tresp_free(&r);
    http_get(&c, "/sv/code-of-conduct", NULL, &r);
    assert_true(body_has(&r, "<h1>Spelregler för deltagande</h1>"));
    assert_true(body_has(&r, "Skydda integriteten"));
    tresp_free(&r);
    http_get(&c, "/en/code-of-conduct", NULL, &r);
    assert_true(body_has(&r, "How to appeal a decision"));
    tresp_free(&r);
    tclient_free(&c);
}

/* One client may send 10 reports in 10 minutes; the 11th answers 429 with a
 * localized message and the form kept, and stores nothing. Runs last: it
 * uses up this client's reports. */
static void reports_beyond_the_limit_are_refused_and_not_stored(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    char details[64];
    tresp r;
    int64_t before = scalar("SELECT COUNT(*) FROM reports", NULL);
    for (int i = 0; i < 12; i++) {
        snprintf(details, sizeof details, "Rajatesti %d", i);
        report(&c, "idea", idea_id, "spam", details, &r);
        if (r.status == 429) {
            tresp_free(&r);
            break;
        }
        assert_int_equal(r.status, 303);
        tresp_free(&r);
    }
    int64_t sent = scalar("SELECT COUNT(*) FROM reports", NULL) - before;
    assert_true(sent >= 1 && sent <= 10);   /* earlier tests used some of the 10 */
    snprintf(details, sizeof details, "Yli rajan");
    report(&c, "idea", idea_id, "spam", details, &r);
    assert_int_equal(r.status, 429);
    assert_true(body_has(&r, "Olet lähettänyt monta ilmoitusta lyhyessä ajassa."));
    assert_true(body_has(&r, ">Yli rajan</textarea>"));   /* what they wrote is kept */
    char *ra = tresp_header(&r, "Retry-After");
    assert_non_null(ra);
    assert_true(atoi(ra) > 0);
    free(ra);
    tresp_free(&r);
    assert_int_equal(scalar("SELECT COUNT(*) FROM reports WHERE details = $1", "Yli rajan"), 0);
    assert_int_equal(scalar("SELECT COUNT(*) FROM reports", NULL) - before, sent);
    /* in Swedish too */
    char *tok = token(&c);
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)idea_id);
    const char *pairs[] = {"csrf", tok, "type", "idea", "id", ids, "reason", "spam", "details", "", NULL};
    http_post_form(&c, "/sv/report", pairs, &r);
    assert_int_equal(r.status, 429);
    assert_true(body_has(&r, "lang=\"sv\""));
    assert_true(body_has(&r, "Du har skickat många anmälningar på kort tid."));
    tresp_free(&r);
    free(tok);
    assert_int_equal(scalar("SELECT COUNT(*) FROM reports", NULL) - before, sent);
    tclient_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(report_hide_and_restore_a_comment),
        cmocka_unit_test(queue_and_log_are_for_moderators_only),
        cmocka_unit_test(space_moderator_sees_only_their_spaces),
        cmocka_unit_test(blocked_account_cannot_post_and_sees_until_when),
        cmocka_unit_test(a_position_argument_is_hidden_but_the_stance_counts),
        cmocka_unit_test(code_of_conduct_in_three_languages),
        cmocka_unit_test(reports_beyond_the_limit_are_refused_and_not_stored),
    };
    return cmocka_run_group_tests_name("moderation", tests, setup, teardown);
}
