/* Consultations on draft plans, as people use them: residents read a draft
 * section by section with a table of contents and comment while it is open;
 * after it closes the forms are gone, a comment is refused and the summary
 * is at the top; a space's audience decides who may see it; staff write a
 * draft (errors beside the fields, "Add section" without JavaScript) and
 * publish the summary, which notifies the followers of the draft and of
 * its space. Runs on SQLite and on PostgreSQL (KOHTAAMO_TEST_BACKEND). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testsrv.h"
#include "projects/logic.h"

static testsrv srv;
#define STAFF "koordinaattori@kohtaamo.example"
#define RESIDENT "asukas@kohtaamo.example"
#define RESIDENT_SV "invanare@kohtaamo.example"
#define PASSWORD "kohtaamo-demo-2026"

static int64_t open_id, closed_id, upcoming_id, hidden_id, open_sec1, open_sec2, closed_sec;

static int64_t day(const char *iso) { return (int64_t)proj_date_days(iso) * 86400; }

static int64_t insert_id(db *d, const char *sql, int n, const db_param *p)
{
    arena a;
    arena_init(&a);
    db_result res;
    if (db_query(d, &a, &res, sql, n, p) != 0) fail_msg("%s: %s", sql, db_error(d));
    int64_t id = db_cell_int(&res, 0, 0);
    arena_free_all(&a);
    return id;
}

static int64_t add_space(db *d, const char *slug, const char *audience)
{
    db_param p[] = {DB_TEXT(slug), DB_TEXT(audience)};
    int64_t id = insert_id(d, "INSERT INTO spaces (slug, title_fi, title_sv, audience, created_at) VALUES"
                              " ($1, 'Palvelustrategian valmistelu', 'Beredning av servicestrategin', $2, 0)"
                              " RETURNING id", 2, p);
    db_param q[] = {DB_INT(id)};
    testdb_exec(d, "INSERT INTO space_phases (space_id, kind, starts_at, allow_ideas, allow_positions, allow_comments)"
                   " VALUES ($1, 'collecting', 0, 1, 1, 1)", 1, q);
    return id;
}

static int64_t add_draft(db *d, int64_t space_id, const char *fi, const char *sv, const char *opens,
                         const char *closes)
{
    db_param p[] = {DB_INT(space_id), DB_TEXT(fi), DB_TEXT(sv), DB_INT(day(opens)), DB_INT(day(closes) + 86400)};
    return insert_id(d, "INSERT INTO drafts (space_id, title_fi, title_sv, intro_fi, intro_sv, opens_at, closes_at,"
                        " created_at) VALUES ($1, $2, $3, 'Luonnos on **kaikkien** kommentoitavana.',"
                        " 'Utkastet kan kommenteras av **alla**.', $4, $5, 0) RETURNING id", 5, p);
}

static int64_t add_section(db *d, int64_t draft_id, int pos, const char *fi, const char *sv, const char *body)
{
    db_param p[] = {DB_INT(draft_id), DB_INT(pos), DB_TEXT(fi), DB_TEXT(sv), DB_TEXT(body)};
    return insert_id(d, "INSERT INTO draft_sections (draft_id, position, heading_fi, heading_sv, body_fi, body_sv)"
                        " VALUES ($1, $2, $3, $4, $5, $5) RETURNING id", 5, p);
}

static int setup(void **state)
{
    (void)state;
    const char *const demo[] = {"demo-data", NULL};
    assert_int_equal(run_cli(&srv, NULL, demo), 0);
    db *d = testsrv_db(&srv);
    int64_t sp = add_space(d, "strategia-testi", "everyone");
    int64_t staff_only = add_space(d, "henkilosto-testi", "staff");
    open_id = add_draft(d, sp, "Palvelustrategia 2027–2030 (testiluonnos)", "Servicestrategi 2027–2030 (testutkast)",
                        "2020-01-01", "2099-12-31");
    open_sec1 = add_section(d, open_id, 1, "Lähtökohdat", "Utgångspunkter", "Väestö **ikääntyy**.");
    open_sec2 = add_section(d, open_id, 2, "Palveluverkko", "Servicenätet", "- lähiasemat\n- etävastaanotot");
    closed_id = add_draft(d, sp, "Perhekeskusten aukioloajat (testi)", "Familjecentrens öppettider (test)",
                          "2021-03-01", "2021-03-31");
    closed_sec = add_section(d, closed_id, 1, "Iltavastaanotto", "Kvällsmottagning", "Tiistaisin klo 16–19.");
    upcoming_id = add_draft(d, sp, "Tuleva luonnos", "Kommande utkast", "2098-01-01", "2098-02-01");
    add_section(d, upcoming_id, 1, "Tulossa oleva osio", "Kommande avsnitt", "Teksti.");
    hidden_id = add_draft(d, staff_only, "Sisäinen luonnos", "Internt utkast", "2020-01-01", "2099-12-31");
    add_section(d, hidden_id, 1, "Sisäinen osio", "Internt avsnitt", "Teksti.");
    db_close(d);
    testsrv_start(&srv);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(testsrv_stop(&srv), 0);
    return 0;
}

/* prefix + id + suffix, in one of eight rotating buffers */
static char *pth(const char *prefix, int64_t id, const char *suffix)
{
    static char bufs[8][160];
    static int k;
    char *b = bufs[k++ % 8];
    snprintf(b, sizeof bufs[0], "%s%lld%s", prefix, (long long)id, suffix);
    return b;
}

static int64_t count(const char *sql, const char *param)
{
    return testsrv_scalar(&srv, sql, param, 0);
}

static void open_consultation_has_contents_sections_and_comment_forms(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    http_get(&c, "/fi/spaces/strategia-testi/consultations", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Palvelustrategia 2027–2030 (testiluonnos)"));
    assert_true(body_has(&r, "Kommentoitavana 31.12.2099 asti"));
    assert_true(body_has(&r, "Avautuu 1.1.2098"));
    assert_true(body_has(&r, "Päättyi 31.3.2021"));
    assert_false(body_has(&r, "Sisäinen luonnos"));   /* another space's */
    tresp_free(&r);

    http_get(&c, pth("/fi/consultations/", open_id, ""), NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Palvelustrategia 2027–2030 (testiluonnos)</h1>"));
    assert_true(body_has(&r, "Luonnos on <strong>kaikkien</strong> kommentoitavana."));
    assert_true(body_has(&r, pth("<a href=\"#section-", open_sec1, "\">Lähtökohdat</a>")));
    assert_true(body_has(&r, pth("<a href=\"#section-", open_sec2, "\">Palveluverkko</a>")));
    assert_true(body_has(&r, pth("id=\"section-", open_sec2, "\"")));
    assert_true(body_has(&r, "Väestö <strong>ikääntyy</strong>."));
    assert_true(body_has(&r, "0 kommenttia"));
    assert_true(body_has(&r, "Kirjaudu sisään kommentoidaksesi"));
    tresp_free(&r);

    http_get(&c, pth("/sv/consultations/", open_id, ""), NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Servicestrategi 2027–2030 (testutkast)</h1>"));
    assert_true(body_has(&r, "Servicenätet"));
    assert_true(body_has(&r, "Kan kommenteras till och med 31.12.2099"));
    tresp_free(&r);

    /* a resident comments on the second section; its count goes up */
    login_as(&c, "fi", RESIDENT, PASSWORD);
    char page[64];
    snprintf(page, sizeof page, "/fi/consultations/%lld", (long long)open_id);
    http_get(&c, page, NULL, &r);
    assert_true(body_has(&r, pth("name=\"target_id\" value=\"", open_sec2, "\"")));
    tresp_free(&r);
    char *tok = fetch_csrf(&c, page);
    char sid[32];
    snprintf(sid, sizeof sid, "%lld", (long long)open_sec2);
    const char *post[] = {"csrf", tok, "target_type", "section", "target_id", sid, "return_to", page,
                          "body", "Lähiasemille myös iltavastaanotto, kiitos.", NULL};
    http_post_form(&c, "/fi/comments", post, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(tok);
    http_get(&c, page, NULL, &r);
    assert_true(body_has(&r, "Lähiasemille myös iltavastaanotto, kiitos."));
    assert_true(body_has(&r, "1 kommentti"));
    /* commenting made her follow the draft, to hear of its summary */
    assert_true(body_has(&r, "Lopeta lausuntokierroksen seuraaminen"));
    tresp_free(&r);
    tclient_free(&c);
}

static void closed_consultation_stays_readable_without_forms_and_refuses_comments(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", RESIDENT, PASSWORD);
    tresp r;
    char page[64];
    snprintf(page, sizeof page, "/fi/consultations/%lld", (long long)closed_id);
    http_get(&c, page, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Päättyi 31.3.2021"));
    assert_true(body_has(&r, "Tätä luonnosta ei voi enää kommentoida."));
    assert_true(body_has(&r, "Iltavastaanotto"));
    assert_true(body_has(&r, "Tiistaisin klo 16–19."));
    assert_false(body_has(&r, "name=\"target_id\""));   /* no comment form */
    assert_false(body_has(&r, "<textarea"));
    tresp_free(&r);

    /* a hand-made POST is refused and stores nothing */
    char *tok = fetch_csrf(&c, page);
    char sid[32];
    snprintf(sid, sizeof sid, "%lld", (long long)closed_sec);
    const char *post[] = {"csrf", tok, "target_type", "section", "target_id", sid, "return_to", page,
                          "body", "Myöhästynyt kommentti", NULL};
    http_post_form(&c, "/fi/comments", post, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    free(tok);
    assert_int_equal(count("SELECT COUNT(*) FROM comments WHERE body = $1", "Myöhästynyt kommentti"), 0);

    /* upcoming: readable, no threads yet */
    http_get(&c, pth("/fi/consultations/", upcoming_id, ""), NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Avautuu 1.1.2098"));
    assert_false(body_has(&r, "name=\"target_id\""));
    tresp_free(&r);
    tclient_free(&c);
}

static void audience_decides_who_sees_a_consultation(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    tresp r;
    char page[64];
    snprintf(page, sizeof page, "/fi/consultations/%lld", (long long)hidden_id);
    http_get(&c, page, NULL, &r);
    assert_int_equal(r.status, 403);
    assert_false(body_has(&r, "Sisäinen osio"));
    tresp_free(&r);
    http_get(&c, "/fi/spaces/henkilosto-testi/consultations", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    http_get(&c, "/fi/consultations/999999", NULL, &r);
    assert_int_equal(r.status, 404);
    tresp_free(&r);
    login_as(&c, "fi", RESIDENT, PASSWORD);
    http_get(&c, page, NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    http_get(&c, "/fi/staff/consultations/new", NULL, &r);
    assert_int_equal(r.status, 403);
    tresp_free(&r);
    tclient_free(&c);

    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    http_get(&c, page, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "Sisäinen osio"));
    assert_true(body_has(&r, "Kommentit osioittain"));   /* staff see counts per section */
    tresp_free(&r);
    tclient_free(&c);
}

static char *space_id_text(void)
{
    static char b[32];
    snprintf(b, sizeof b, "%lld", (long long)count("SELECT id FROM spaces WHERE slug = $1", "strategia-testi"));
    return b;
}

static void staff_write_a_draft_with_errors_shown_and_sections_added(void **state)
{
    (void)state;
    tclient c;
    tclient_init(&c, &srv);
    login_as(&c, "fi", STAFF, PASSWORD);
    tresp r;
    http_get(&c, "/fi/staff/consultations/new", NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<legend>Osio 1</legend>"));
    assert_false(body_has(&r, "<legend>Osio 2</legend>"));
    tresp_free(&r);

    char *tok = fetch_csrf(&c, "/fi/staff/consultations/new");
    /* "Add section": the same form again with one more empty section, nothing checked or saved */
    const char *more[] = {"csrf", tok, "space_id", space_id_text(), "title_sv", "Äldreomsorgsplan (utkast)",
                          "opens", "2020-02-01", "closes", "2099-02-01", "sections", "1",
                          "s0_heading_fi", "Kotihoito", "s0_body_fi", "Kotihoitoa **lisätään**.",
                          "add_section", "1", NULL};
    http_post_form(&c, "/fi/staff/consultations/new", more, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<legend>Osio 2</legend>"));
    assert_true(body_has(&r, "name=\"sections\" value=\"2\""));
    assert_true(body_has(&r, "value=\"Kotihoito\""));
    assert_true(body_has(&r, "Kotihoitoa **lisätään**.</textarea>"));
    assert_true(body_has(&r, "value=\"Äldreomsorgsplan (utkast)\""));
    assert_false(body_has(&r, "error-summary"));
    tresp_free(&r);
    assert_int_equal(count("SELECT COUNT(*) FROM drafts WHERE title_sv = $1", "Äldreomsorgsplan (utkast)"), 0);

    /* no Finnish title, a closing date before the opening date: 400, errors beside the fields, input kept */
    const char *bad[] = {"csrf", tok, "space_id", space_id_text(), "title_sv", "Äldreomsorgsplan (utkast)",
                         "opens", "2099-02-01", "closes", "2020-02-01", "sections", "2",
                         "s0_heading_fi", "Kotihoito", "s0_body_fi", "Kotihoitoa **lisätään**.",
                         "s1_heading_fi", "", "s1_body_fi", "Osio ilman otsikkoa", NULL};
    http_post_form(&c, "/fi/staff/consultations/new", bad, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "error-summary"));
    assert_true(body_has(&r, "id=\"f-title_fi-error\""));
    assert_true(body_has(&r, "Anna otsikko suomeksi."));
    assert_true(body_has(&r, "id=\"f-closes-error\""));
    assert_true(body_has(&r, "Päättymispäivä ei voi olla ennen alkamispäivää."));
    assert_true(body_has(&r, "id=\"f-s1_heading_fi-error\""));
    assert_true(body_has(&r, "Kirjoita osion otsikko suomeksi."));
    assert_true(body_has(&r, "value=\"Äldreomsorgsplan (utkast)\""));
    assert_true(body_has(&r, "Osio ilman otsikkoa</textarea>"));
    assert_true(body_has(&r, "value=\"2099-02-01\""));
    tresp_free(&r);

    /* no section at all */
    const char *none[] = {"csrf", tok, "space_id", space_id_text(), "title_fi", "Tyhjä", "opens", "2020-02-01",
                          "closes", "2099-02-01", "sections", "1", NULL};
    http_post_form(&c, "/fi/staff/consultations/new", none, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Lisää vähintään yksi osio, jolla on suomenkielinen otsikko."));
    tresp_free(&r);

    const char *good[] = {"csrf", tok, "space_id", space_id_text(), "title_fi", "Ikääntyneiden palvelujen suunnitelma (luonnos)",
                          "title_sv", "Äldreomsorgsplan (utkast)", "opens", "2020-02-01", "closes", "2099-02-01",
                          "sections", "3", "s0_heading_fi", "Kotihoito", "s0_heading_sv", "Hemvård",
                          "s0_body_fi", "Kotihoitoa **lisätään**.", "s1_heading_fi", "Omaishoito",
                          "s1_body_fi", "Omaishoitajille lisää vapaapäiviä.", NULL};   /* the third left empty */
    http_post_form(&c, "/fi/staff/consultations/new", good, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    assert_non_null(loc);
    assert_true(strncmp(loc, "/fi/consultations/", 18) == 0);
    tresp_free(&r);
    http_get(&c, loc, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "<h1>Ikääntyneiden palvelujen suunnitelma (luonnos)</h1>"));
    assert_true(body_has(&r, "Kotihoitoa <strong>lisätään</strong>."));
    assert_true(body_has(&r, "Omaishoito"));
    assert_true(body_has(&r, "Kommentoitavana 1.2.2099 asti"));
    tresp_free(&r);
    int64_t id = atoll(loc + 18);
    free(loc);
    char ids[32];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    assert_int_equal(count("SELECT COUNT(*) FROM draft_sections WHERE draft_id = CAST($1 AS INTEGER)", ids), 2);

    /* edit: the sections keep their ids (and so their comments) */
    int64_t first = count("SELECT MIN(id) FROM draft_sections WHERE draft_id = CAST($1 AS INTEGER)", ids);
    char edit[64];
    snprintf(edit, sizeof edit, "/fi/staff/consultations/%lld/edit", (long long)id);
    http_get(&c, edit, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(body_has(&r, "value=\"Kotihoito\""));
    assert_true(body_has(&r, "value=\"2099-02-01\""));
    tresp_free(&r);
    char first_s[32];
    snprintf(first_s, sizeof first_s, "%lld", (long long)first);
    const char *upd[] = {"csrf", tok, "space_id", space_id_text(), "title_fi", "Ikääntyneiden palvelujen suunnitelma (luonnos 2)",
                         "opens", "2020-02-01", "closes", "2099-03-01", "sections", "1", "s0_id", first_s,
                         "s0_heading_fi", "Kotihoito ja asumispalvelut", "s0_body_fi", "Uusi teksti.", NULL};
    http_post_form(&c, edit, upd, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    assert_int_equal(count("SELECT COUNT(*) FROM draft_sections WHERE heading_fi = $1", "Kotihoito ja asumispalvelut"), 1);
    assert_int_equal(count("SELECT id FROM draft_sections WHERE heading_fi = $1", "Kotihoito ja asumispalvelut"), first);
    free(tok);
    tclient_free(&c);
}

static void publishing_the_summary_notifies_followers(void **state)
{
    (void)state;
    /* Aino follows the draft through its page; Erik follows its space */
    tclient res, sv, st;
    tclient_init(&res, &srv);
    tclient_init(&sv, &srv);
    tclient_init(&st, &srv);
    login_as(&res, "fi", RESIDENT, PASSWORD);
    login_as(&sv, "sv", RESIDENT_SV, PASSWORD);
    login_as(&st, "fi", STAFF, PASSWORD);
    tresp r;
    char page[64];
    snprintf(page, sizeof page, "/fi/consultations/%lld", (long long)closed_id);
    char *tok = fetch_csrf(&res, page);
    const char *follow[] = {"csrf", tok, "follow", "1", NULL};
    http_post_form(&res, pth("/fi/consultations/", closed_id, "/follow"), follow, &r);
    assert_int_equal(r.status, 303);
    char *loc = tresp_header(&r, "Location");
    tresp_free(&r);
    free(tok);
    http_get(&res, loc, NULL, &r);
    free(loc);
    assert_true(body_has(&r, "Seuraat nyt tätä lausuntokierrosta."));
    assert_true(body_has(&r, "Lopeta lausuntokierroksen seuraaminen"));
    tresp_free(&r);
    db *d = testsrv_db(&srv);
    db_param p[] = {DB_TEXT(RESIDENT_SV), DB_TEXT("strategia-testi")};
    testdb_exec(d, "INSERT INTO follows (user_id, target_type, target_id, created_at) SELECT u.id, 'space', s.id, 0"
                   " FROM users u, spaces s WHERE u.email = $1 AND s.slug = $2", 2, p);
    db_close(d);

    /* not before the consultation has closed */
    tok = fetch_csrf(&st, pth("/fi/staff/consultations/", open_id, "/edit"));
    const char *early[] = {"csrf", tok, "summary_fi", "Liian aikaisin", NULL};
    http_post_form(&st, pth("/fi/staff/consultations/", open_id, "/summary"), early, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Yhteenvedon voi julkaista, kun lausuntokierros on päättynyt 31.12.2099."));
    tresp_free(&r);
    /* the Finnish text is needed */
    const char *empty[] = {"csrf", tok, "summary_sv", "Bara på svenska", NULL};
    http_post_form(&st, pth("/fi/staff/consultations/", closed_id, "/summary"), empty, &r);
    assert_int_equal(r.status, 400);
    assert_true(body_has(&r, "Kirjoita yhteenveto suomeksi."));
    assert_true(body_has(&r, "Bara på svenska</textarea>"));
    tresp_free(&r);
    const char *npath = pth("/consultations/", closed_id, "#c-summary");
    assert_int_equal(count("SELECT COUNT(*) FROM notifications WHERE path = $1", npath), 0);

    const char *ok[] = {"csrf", tok, "summary_fi", "Iltavastaanotto on **kaikissa** perhekeskuksissa.",
                        "summary_sv", "Kvällsmottagning i **alla** familjecenter.", NULL};
    http_post_form(&st, pth("/fi/staff/consultations/", closed_id, "/summary"), ok, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(tok);
    /* one each for the two followers, none for the staff member who published */
    assert_int_equal(count("SELECT COUNT(*) FROM notifications WHERE path = $1", npath), 2);
    assert_int_equal(count("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                           " WHERE n.path = $1 AND n.kind = 'summary' AND u.email = 'asukas@kohtaamo.example'", npath), 1);
    assert_int_equal(count("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id"
                           " WHERE n.path = $1 AND u.email = 'invanare@kohtaamo.example'", npath), 1);
    /* publishing again edits the text but notifies nobody twice */
    tok = fetch_csrf(&st, pth("/fi/staff/consultations/", closed_id, "/summary"));
    const char *again[] = {"csrf", tok, "summary_fi", "Iltavastaanotto on **kaikissa** perhekeskuksissa.",
                           "summary_sv", "Kvällsmottagning i **alla** familjecenter.", NULL};
    http_post_form(&st, pth("/fi/staff/consultations/", closed_id, "/summary"), again, &r);
    assert_int_equal(r.status, 303);
    tresp_free(&r);
    free(tok);
    assert_int_equal(count("SELECT COUNT(*) FROM notifications WHERE path = $1", npath), 2);

    http_get(&res, page, NULL, &r);
    assert_true(body_has(&r, "Mitä kommenttien perusteella muutettiin"));
    assert_true(body_has(&r, "Iltavastaanotto on <strong>kaikissa</strong> perhekeskuksissa."));
    tresp_free(&r);
    http_get(&res, "/fi/notifications", NULL, &r);
    assert_true(body_has(&r, "Yhteenveto julkaistu: Perhekeskusten aukioloajat (testi) / Familjecentrens öppettider (test)"));
    tresp_free(&r);
    http_get(&sv, "/sv/notifications", NULL, &r);
    assert_true(body_has(&r, "Sammanfattning publicerad: Perhekeskusten aukioloajat (testi) / Familjecentrens öppettider (test)"));
    tresp_free(&r);
    http_get(&sv, pth("/sv/consultations/", closed_id, ""), NULL, &r);
    assert_true(body_has(&r, "Kvällsmottagning i <strong>alla</strong> familjecenter."));
    tresp_free(&r);
    tclient_free(&res);
    tclient_free(&sv);
    tclient_free(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_consultation_has_contents_sections_and_comment_forms),
        cmocka_unit_test(closed_consultation_stays_readable_without_forms_and_refuses_comments),
        cmocka_unit_test(audience_decides_who_sees_a_consultation),
        cmocka_unit_test(staff_write_a_draft_with_errors_shown_and_sections_added),
        cmocka_unit_test(publishing_the_summary_notifies_followers),
    };
    return cmocka_run_group_tests_name("consultations", tests, setup, teardown);
}
